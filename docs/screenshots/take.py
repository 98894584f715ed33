"""Retake the README's screenshots, each at 1366 and 390 px, as small palette PNGs.

    .venv/bin/python docs/screenshots/take.py                      # its own demo server
    .venv/bin/python docs/screenshots/take.py --url http://127.0.0.1:8000

Without --url it builds a fresh demo database (var/screenshots.sqlite3: the catalogue,
``seed_demo`` and a small ``seed_scale`` province), serves it on a free port, takes
every picture and stops the server, so the pictures are the same on every machine.
With --url it uses a server that is already running (``make run``, whose background
worker reads the uploaded file); the province page then needs
``manage.py seed_scale --towns 40 --years 3`` in that database.

Needs Chromium at /usr/bin/chromium with fonts-noto-cjk, and Pillow (in
requirements.txt), which turns each screenshot into a 256-colour PNG: a third of the size,
and every one well under 300 KB. Pages are taken as the user each one is for;
every request to another host is refused and reported: the pages must not need one.
A picture that fails is reported and the others are still taken; the exit status
says whether all of them were.
"""

import argparse
import csv
import io
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlparse

from PIL import Image
from playwright.sync_api import Page, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
PASSWORD = "demo1234"
SCREENS = {"1366": (1366, 768), "390": (390, 844)}
# A long page is taken down to this many screens: enough to show its shape, and a
# 390 px entry form (41 rows) would otherwise be a 20,000 px strip.
MAX_SCREENS = 3
DEMO_TOWN, DEMO_COUNTY, DEMO_YEAR = "999901100000", "999901000000", 2026
PROVINCE = "900000000000"  # seed_scale's synthetic province


def upload_a_file(page: Page, base: str) -> None:
    """The clerk uploads a small CSV: a new figure, a changed one, a jump of more than
    30 % and a typo, so that the preview shows each kind of row."""
    buffer = io.StringIO()
    rows = csv.writer(buffer)
    rows.writerow(["区划代码", "年度", "指标代码", "数值", "备注"])
    rows.writerow([DEMO_TOWN, DEMO_YEAR, "street_lights", "260", ""])
    rows.writerow([DEMO_TOWN, DEMO_YEAR, "raw_coal_output", "1,250.5", "新矿投产"])
    rows.writerow([DEMO_TOWN, DEMO_YEAR, "road_investment", "9999", ""])
    rows.writerow([DEMO_TOWN, DEMO_YEAR, "petitions_handled", "十二", ""])
    page.goto(urljoin(base, "/upload/"))
    page.set_input_files(
        "input[type=file]",
        {"name": "青山镇.csv", "mimeType": "text/csv", "buffer": buffer.getvalue().encode()},
    )
    # The upload form's own button: the page's header has forms too (the language switch).
    page.locator("form:has(input[type=file]) button[type=submit]").click()
    # The background worker reads the file; its progress page then opens the preview.
    page.wait_for_url("**/upload/*-*/", timeout=120_000)


def open_a_section(page: Page, base: str) -> None:
    """One section of the overview opened by a click, as a visitor would."""
    page.click("details[data-section=industry] > summary")


@dataclass(frozen=True)
class Shot:
    name: str
    path: str
    user: str | None = None  # signed in as (password demo1234); None: anonymous
    whole: bool = True  # down to MAX_SCREENS; False: the first screen only
    act: Callable[[Page, str], None] | None = None  # done before the picture
    screens: int = MAX_SCREENS  # how far down a ``whole`` page is taken
    sizes: tuple[str, ...] = ("1366", "390")


SHOTS = [
    # The overview's point is its first screen: the county at a glance, every section folded.
    Shot("overview", "/", whole=False),
    Shot("overview-open", "/", act=open_a_section),
    Shot("section-industry", "/sections/industry/"),
    Shot("bigscreen", "/bigscreen/?interval=3600", whole=False),
    Shot("progress", "/progress/", user="county"),
    Shot("entry", "/entry/", user="clerk"),
    Shot("upload-preview", "/upload/", user="clerk", act=upload_a_file),
    # Text all the way down: two screens show it and keep the file small.
    Shot("report", f"/report/{DEMO_COUNTY}/{DEMO_YEAR - 1}/", user="county", screens=2),
    Shot("province", f"/?region={PROVINCE}"),
]
# The 大屏 is for a wall screen: also exactly as the room sees it.
WALL = Shot("bigscreen", "/bigscreen/?interval=3600", whole=False, sizes=("1920x1080",))


def shot_names() -> list[str]:
    """Every picture's file name without .png, in the order they are taken."""
    return [f"{shot.name}-{size}" for shot in [*SHOTS, WALL] for size in shot.sizes]


def _screen(size: str) -> tuple[int, int]:
    if size in SCREENS:
        return SCREENS[size]
    width, height = size.split("x")
    return int(width), int(height)


def sign_in(page: Page, base: str, username: str) -> None:
    page.goto(urljoin(base, "/accounts/login/"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def settle(page: Page, *, everything: bool) -> None:
    """Wait until the charts in view are drawn; with ``everything``, those below the
    fold too (the dashboards draw a chart as it scrolls into view, and all for print)."""
    page.wait_for_load_state("networkidle")
    if everything:
        page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    page.wait_for_function(
        """() => [...document.querySelectorAll('div.chart, div.bs-chart')]
                 .filter(el => el.getClientRects().length
                               && el.getBoundingClientRect().bottom < innerHeight)
                 .every(el => el.querySelector('svg.main-svg'))"""
    )
    page.evaluate("document.fonts.ready.then(() => true)")


def lengthen(page: Page, width: int, height: int, screens: int) -> None:
    """Make the window as tall as the page (up to ``screens``), so that a bar stuck
    to the bottom of the window (the entry form's save bar) is drawn at its end."""
    full = page.evaluate("document.documentElement.scrollHeight")
    page.set_viewport_size({"width": width, "height": min(full, height * screens)})
    page.evaluate("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


def shrink(path: Path) -> int:
    """A 256-colour palette without dithering: text stays sharp, the file a third."""
    with Image.open(path) as image:
        small = image.convert("RGB").quantize(256, dither=Image.Dither.NONE)
    small.save(path, optimize=True)
    return path.stat().st_size


def take_one(browser, base: str, shot: Shot, size: str, out: Path, refuse) -> Path:
    width, height = _screen(size)
    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
    try:
        context.route("**/*", refuse)
        page = context.new_page()
        if shot.user:
            sign_in(page, base, shot.user)
        response = page.goto(urljoin(base, shot.path))
        if response is None or response.status != 200:
            status = response.status if response else "no answer"
            raise RuntimeError(f"{shot.path} answered {status}")
        settle(page, everything=shot.whole and shot.act is None)
        if shot.act:
            shot.act(page, base)
            settle(page, everything=shot.whole)
        if shot.whole:
            lengthen(page, width, height, shot.screens)
            settle(page, everything=False)  # what came into view is drawn too
        target = out / f"{shot.name}-{size}.png"
        page.screenshot(path=target)
        shown = page.viewport_size
        kb = shrink(target) / 1024
        print(f"{target.name}  {shown['width']}×{shown['height']}  {kb:.0f} KB")
        return target
    finally:
        context.close()


def take(base: str, out: Path, only: set[str] | None = None) -> list[str]:
    """Take every picture (or those named in ``only``); returns what failed."""
    out.mkdir(parents=True, exist_ok=True)
    local = urlparse(base).hostname
    outside: list[str] = []
    failed: list[str] = []

    def refuse(route):
        if urlparse(route.request.url).hostname == local:
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for shot in [*SHOTS, WALL]:
            for size in shot.sizes:
                name = f"{shot.name}-{size}"
                if only and name not in only and shot.name not in only:
                    continue
                try:
                    take_one(browser, base, shot, size, out, refuse)
                except Exception as error:  # one broken page must not cost the others
                    failed.append(name)
                    print(f"FAILED {name}: {str(error).splitlines()[0]}", file=sys.stderr)
        browser.close()
    if outside:
        failed.append("outside hosts")
        print(f"pages asked for other hosts (refused): {sorted(set(outside))}", file=sys.stderr)
    return failed


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def demo_server() -> Iterator[str]:
    """A fresh demo database served on a free port, stopped on the way out."""
    database = ROOT / "var" / "screenshots.sqlite3"
    database.unlink(missing_ok=True)
    env = {**os.environ, "DEBUG": "1", "DATABASE_URL": f"sqlite:///{database}"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (
        ["migrate", "--noinput", "-v0"],
        ["load_catalogue"],
        ["seed_demo"],
        ["seed_scale", "--towns", "40", "--years", "3"],
    ):
        print("manage.py", *command, flush=True)
        done = subprocess.run(
            [*manage, *command], cwd=ROOT, env=env, capture_output=True, text=True
        )
        if done.returncode:
            raise SystemExit(f"manage.py {command[0]} failed:\n{done.stderr[-3000:]}")
    base = f"http://127.0.0.1:{free_port()}/"
    quiet = {"cwd": ROOT, "env": env, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    # The background worker reads uploads, as beside `make run`.
    worker = subprocess.Popen([*manage, "db_worker", "--no-reload"], **quiet)
    server = subprocess.Popen(
        [*manage, "runserver", base[len("http://") : -1], "--noreload"], **quiet
    )
    try:
        _wait_for(base, server)
        print(f"serving {base}", flush=True)
        yield base
    finally:
        for process in (server, worker):
            process.terminate()
            process.wait(timeout=30)


def _wait_for(base: str, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the demo server stopped (exit {server.returncode})")
        try:
            with urllib.request.urlopen(urljoin(base, "/indicators/"), timeout=5):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"the demo server did not answer at {base} within {seconds:.0f} s")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running demo server, e.g. http://127.0.0.1:8000")
    parser.add_argument("--out", type=Path, default=HERE, help="folder for the PNGs")
    parser.add_argument("names", nargs="*", help="only these pictures, e.g. entry or entry-390")
    args = parser.parse_args(argv)
    only = set(args.names) or None
    if args.url:
        failed = take(args.url.rstrip("/") + "/", args.out, only)
    else:
        with demo_server() as base:
            failed = take(base, args.out, only)
    if failed:
        print(f"not taken: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
