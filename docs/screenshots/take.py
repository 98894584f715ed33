"""Screenshots of the main pages, from a demo server that is already running.

    .venv/bin/python docs/screenshots/take.py http://127.0.0.1:8000

It starts nothing: run `make run` (or any server with `seed_demo` loaded) first. It
writes into docs/screenshots/ (or --out) the county overview, the industry section,
the 大屏 and the clerk's entry form, each 1366 and 390 px wide, and the 大屏 at
1920×1080 too. Dashboards are taken as an anonymous visitor sees them; the entry
form signs in as clerk (password demo1234). Every request to another host is
refused and reported: the pages must not need one.
"""

import argparse
import sys
from pathlib import Path
from urllib.parse import urljoin, urlparse

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
WIDTHS = (1366, 390)
HEIGHT = {1366: 768, 390: 844}
# (name, path, signed in as clerk). The overview's point is its first screen: the
# county at a glance with every section folded; "overview-open" is a section opened.
FIRST_SCREEN = {"overview"}
PAGES = [
    ("overview", "/", False),
    ("overview-open", "/", False),
    ("section-industry", "/sections/industry/", False),
    ("bigscreen", "/bigscreen/?interval=3600", False),
    ("entry", "/entry/", True),
]
# The 大屏 is for a wall screen: also exactly as the room sees it.
WALL = ("bigscreen-1920x1080", "/bigscreen/?interval=3600", (1920, 1080))


def sign_in(page: Page, base: str, username: str, password: str) -> None:
    page.goto(urljoin(base, "/accounts/login/"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def settle(page: Page, *, everything: bool = True) -> None:
    """Wait until the page is drawn: every chart, including those below the fold
    (or, with ``everything=False``, the charts in view as the visitor opened it)."""
    page.wait_for_load_state("networkidle")
    if everything:
        # The dashboards draw charts as they scroll into view, and all of them for print.
        page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    page.wait_for_function(
        """() => [...document.querySelectorAll('div.chart, div.bs-chart')]
                 .filter(el => el.getClientRects().length
                               && el.getBoundingClientRect().bottom < innerHeight)
                 .every(el => el.querySelector('svg.main-svg'))"""
    )
    page.evaluate("document.fonts.ready.then(() => true)")


def whole_page(page: Page, width: int) -> None:
    """Make the window as tall as the page, so that a bar stuck to the bottom of the
    window (the entry form's save bar) is drawn at the end, not over a row."""
    height = page.evaluate("document.documentElement.scrollHeight")
    page.set_viewport_size({"width": width, "height": height})
    page.evaluate("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


def take(base: str, out: Path, username: str, password: str) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    local = urlparse(base).hostname
    outside: list[str] = []
    written: list[Path] = []

    def only_local(route):
        if urlparse(route.request.url).hostname == local:
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    shots = [
        (f"{name}-{width}", path, signed_in, (width, HEIGHT[width]))
        for name, path, signed_in in PAGES
        for width in WIDTHS
    ]
    shots.append((WALL[0], WALL[1], False, WALL[2]))
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name, path, signed_in, (width, height) in shots:
            context = browser.new_context(
                viewport={"width": width, "height": height}, locale="zh-CN"
            )
            context.route("**/*", only_local)
            page = context.new_page()
            if signed_in:
                sign_in(page, base, username, password)
            page.goto(urljoin(base, path))
            page_name = name.rsplit("-", 1)[0]
            opened = page_name == "overview-open"
            settle(page, everything=page_name not in FIRST_SCREEN and not opened)
            if opened:  # one section opened by a click, as a visitor would
                page.click("details[data-section=industry] > summary")
            target = out / f"{name}.png"
            # The wall screen and the overview are one screenful by design; the others
            # as far as they go.
            if name != WALL[0] and page_name not in FIRST_SCREEN:
                whole_page(page, width)
                if opened:
                    settle(page, everything=False)  # now all in view: every chart drawn
            page.screenshot(path=target)
            written.append(target)
            size = page.viewport_size
            print(f"{target}  {size['width']}×{size['height']}  {page.url}")
            context.close()
        browser.close()
    if outside:
        raise SystemExit(f"pages asked for other hosts (refused): {sorted(set(outside))}")
    return written


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", help="the running demo server, e.g. http://127.0.0.1:8000")
    parser.add_argument("--out", type=Path, default=HERE, help="folder for the PNGs")
    parser.add_argument("--user", default="clerk", help="who signs in for the entry form")
    parser.add_argument("--password", default="demo1234")
    args = parser.parse_args(argv)
    take(args.url.rstrip("/") + "/", args.out, args.user, args.password)


if __name__ == "__main__":
    sys.exit(main())
