"""Writers side by side through gunicorn: a looping 10,000-figure import and small writes.

Not a test: it prints figures, and exits 0 even when requests fail (the failures
are the measurement). It builds its own throwaway SQLite database in a temporary
directory (or uses BENCH_DATABASE_URL, e.g. an empty PostgreSQL database), loads
the catalogue and a bench county of towns under province code 97 (which no real
statistical division code uses), serves it with gunicorn on 127.0.0.1 and a free
port, and then, for a bounded time:

- one client POSTs 10,000 figures (25 towns × 10 years × 40 indicators) to
  /api/v1/values/bulk/ in a loop, changing every value each time;
- each of 8 clients POSTs 1–5 figures of its own town and year in a loop.

It prints, per kind of client, the requests, the errors by status, p50, p95 and
the worst latency, and the worst wait of a small write.

    DEBUG=1 .venv/bin/python bench/bench_sqlite_writers.py
    DEBUG=1 .venv/bin/python bench/bench_sqlite_writers.py --seconds 30 --no-import
    DEBUG=1 BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_writers \
        .venv/bin/python bench/bench_sqlite_writers.py
"""

import argparse
import contextlib
import http.client
import io
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = tempfile.mkdtemp(prefix="bench-writers-")
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{TMP}/db.sqlite3")
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, connections  # noqa: E402

from indicators.models import Profile, Role  # noqa: E402

COUNTY = "970101000000"
IMPORT_TOWNS, IMPORT_YEARS, IMPORT_INDICATORS = 25, range(2010, 2020), 40  # 10,000 figures
BULK = "/api/v1/values/bulk/"
REQUEST_TIMEOUT = 120  # seconds; an answer slower than this counts as an error


def town_code(number: int) -> str:
    return f"{COUNTY[:6]}{number:03d}000"


def build(small_writers: int) -> str:
    """Catalogue, a county of towns, an admin with a token; returns the token's key."""
    quiet = io.StringIO()
    call_command("migrate", verbosity=0)
    call_command("load_catalogue", stdout=quiet)
    lines = [
        "code,name,level,parent_code",
        "970000000000,基准省,province,",
        "970100000000,基准市,prefecture,970000000000",
        f"{COUNTY},基准县,county,970100000000",
    ]
    lines += [
        f"{town_code(n)},基准{n}镇,town,{COUNTY}"
        for n in range(1, IMPORT_TOWNS + small_writers + 1)
    ]
    regions = Path(TMP) / "regions.csv"
    regions.write_text("\n".join(lines) + "\n", encoding="utf-8")
    call_command("load_regions", str(regions), stdout=quiet)
    admin = User.objects.create_user("bench-admin", is_staff=True)
    Profile.objects.create(user=admin, role=Role.ADMIN)
    key = io.StringIO()
    call_command("api_token", "bench-admin", stdout=key)
    return key.getvalue().strip()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    port: int
    token: str

    def request(self, method: str, path: str, body: bytes | None = None):
        """(status, seconds, parsed JSON or text); status 0 when no answer came."""
        headers = {"Authorization": f"Token {self.token}", "Accept": "application/json"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=REQUEST_TIMEOUT)
        start = time.perf_counter()
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            raw = response.read()
            seconds = time.perf_counter() - start
        except OSError as error:
            return 0, time.perf_counter() - start, f"{type(error).__name__}: {error}"
        finally:
            conn.close()
        try:
            return response.status, seconds, json.loads(raw)
        except ValueError:
            return response.status, seconds, raw[:300].decode(errors="replace")


def start_gunicorn(port: int, workers: int, threads: int) -> subprocess.Popen:
    env = dict(os.environ, API_THROTTLE_USER="1000000/minute", API_THROTTLE_ANON="1000000/minute")
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        f"--threads={threads}",
        f"--timeout={REQUEST_TIMEOUT}",
        "--graceful-timeout=10",
    ]
    with open(Path(TMP) / "gunicorn.log", "wb") as log:  # the server keeps its own copy
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)


def wait_until_up(server: Server, process: subprocess.Popen) -> list[dict]:
    """The indicator catalogue, once the server answers; at most 60 s."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited with {process.returncode}; see {TMP}/gunicorn.log")
        status, _seconds, body = server.request("GET", "/api/v1/indicators/?page_size=1000")
        if status == 200:
            return body["results"] if isinstance(body, dict) else body
        time.sleep(0.5)
    raise SystemExit(f"gunicorn did not answer within 60 s; see {TMP}/gunicorn.log")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def figure(indicator: dict, seed: int) -> str:
    """A value within the indicator's bounds, with its decimals, that depends on ``seed``."""
    low = Decimal(indicator["min_value"] or "0")
    high = Decimal(indicator["max_value"] or "100000")
    high = min(high, low + 100000)
    step = Decimal(1).scaleb(-int(indicator["decimals"]))
    steps = max(1, int((high - low) / step))
    return str(low + step * (seed % steps))


def import_body(indicators: list[dict], bump: int) -> bytes:
    rows = [
        {
            "indicator": indicator["code"],
            "region": town_code(town),
            "year": year,
            "value": figure(
                indicator, zlib.crc32(f"{town}{year}{indicator['code']}".encode()) + bump
            ),
        }
        for town in range(1, IMPORT_TOWNS + 1)
        for year in IMPORT_YEARS
        for indicator in indicators
    ]
    return json.dumps({"values": rows}).encode()


@dataclass
class Record:
    latencies: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    samples: dict = field(default_factory=dict)  # status -> first answer with that status
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, status: int, seconds: float, body) -> None:
        with self.lock:
            self.latencies.append(seconds)
            self.statuses[status] += 1
            if status != 200 and status not in self.samples:
                self.samples[status] = body


def import_loop(server, indicators, record, deadline, max_imports, summaries) -> None:
    for loop in range(1, max_imports + 1):
        if time.monotonic() >= deadline:
            return
        body = import_body(indicators, bump=loop)
        status, seconds, answer = server.request("POST", BULK, body)
        record.add(status, seconds, answer)
        if status == 200:
            summaries.append((seconds, answer["created"], answer["updated"], answer["unchanged"]))


def small_loop(server, indicators, number, record, deadline, max_requests, pause) -> None:
    rng = random.Random(number)
    town, year = town_code(IMPORT_TOWNS + number), IMPORT_YEARS[number % len(IMPORT_YEARS)]
    for _ in range(max_requests):
        if time.monotonic() >= deadline:
            return
        chosen = rng.sample(indicators, rng.randint(1, 5))
        rows = [
            {
                "indicator": ind["code"],
                "region": town,
                "year": year,
                "value": figure(ind, rng.randrange(10**9)),
            }
            for ind in chosen
        ]
        status, seconds, answer = server.request(
            "POST", BULK, json.dumps({"values": rows}).encode()
        )
        record.add(status, seconds, answer)
        if pause:
            time.sleep(pause)


def percentile(values: list[float], share: float) -> float:
    if len(values) < 2:
        return values[0] if values else 0.0
    return statistics.quantiles(values, n=100, method="inclusive")[round(share * 100) - 1]


def report(kinds: dict[str, Record]) -> None:
    print(
        f"\n{'client kind':<26} {'requests':>8} {'ok':>6} {'errors (status: n)':<22} "
        f"{'p50 s':>7} {'p95 s':>7} {'worst s':>8}"
    )
    for name, record in kinds.items():
        latencies = record.latencies
        errors = ", ".join(
            f"{s or 'no answer'}: {n}" for s, n in sorted(record.statuses.items()) if s != 200
        )
        print(
            f"{name:<26} {len(latencies):>8} {record.statuses[200]:>6} {errors or 'none':<22} "
            f"{percentile(latencies, 0.5):>7.2f} {percentile(latencies, 0.95):>7.2f} "
            f"{max(latencies, default=0):>8.2f}"
        )


SMALL, IMPORTS = "small writes (1-5 figures)", "imports (10,000 figures)"


def run_clients(server: Server, indicators: list[dict], args) -> tuple[dict, list, float]:
    """Start every client at once and wait for them: records by kind, import summaries, seconds."""
    kinds = {SMALL: Record()}
    summaries: list[tuple] = []
    deadline = time.monotonic() + args.seconds
    small = kinds[SMALL]
    loops = [
        partial(small_loop, server, indicators, n, small, deadline, args.max_requests, args.pause)
        for n in range(1, args.writers + 1)
    ]
    if not args.no_import:
        kinds[IMPORTS] = imports = Record()
        limit = args.max_imports
        loops.append(partial(import_loop, server, indicators, imports, deadline, limit, summaries))
    threads = [threading.Thread(target=loop) for loop in loops]
    start = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=args.seconds + 2 * REQUEST_TIMEOUT)
    return kinds, summaries, time.monotonic() - start


def print_results(kinds: dict[str, Record], summaries: list[tuple], elapsed: float) -> None:
    report(kinds)
    print(f"\nelapsed {elapsed:.1f} s")
    if summaries:
        print(f"import durations, s: {', '.join(f'{s[0]:.1f}' for s in summaries)}")
        _seconds, created, updated, unchanged = summaries[-1]
        print(f"  last import: {updated} updated, {created} created, {unchanged} unchanged")
    small = kinds[SMALL].latencies
    if small:
        print(
            f"worst wait of a small write: {max(small):.2f} s "
            f"({sum(s >= 1 for s in small)} of {len(small)} waited 1 s or more, "
            f"{sum(s >= 5 for s in small)} waited 5 s or more)"
        )
    errors = sum(n for record in kinds.values() for s, n in record.statuses.items() if s != 200)
    print(f"ERRORS: {errors}" if errors else "errors: 0")
    for name, record in kinds.items():
        for status, body in record.samples.items():
            shown = json.dumps(body, ensure_ascii=False)[:300]
            print(f"  {name}, first {status or 'no answer'}: {shown}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60, help="how long the clients run")
    parser.add_argument("--writers", type=int, default=8, help="small writers")
    parser.add_argument("--pause", type=float, default=0, help="pause between small writes, s")
    parser.add_argument("--max-requests", type=int, default=10_000, help="per small writer")
    parser.add_argument("--max-imports", type=int, default=100, help="imports, at most")
    parser.add_argument("--no-import", action="store_true", help="small writers alone")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=8, help="gunicorn threads per worker")
    args = parser.parse_args()

    print(f"database: {connection.vendor} ({os.environ['DATABASE_URL']})")
    if connection.vendor == "sqlite":
        options = connection.settings_dict["OPTIONS"]
        print(
            f"sqlite options: timeout {options.get('timeout')} s, "
            f"transaction_mode {options.get('transaction_mode')}"
        )
    token = build(args.writers)
    connections.close_all()

    server = Server(free_port(), token)
    process = start_gunicorn(server.port, args.workers, args.threads)
    try:
        indicators = wait_until_up(server, process)[:IMPORT_INDICATORS]
        print(
            f"gunicorn: 127.0.0.1:{server.port}, {args.workers} workers × {args.threads} threads; "
            f"log {TMP}/gunicorn.log"
        )
        if not args.no_import:
            status, seconds, answer = server.request("POST", BULK, import_body(indicators, bump=0))
            if status != 200:
                raise SystemExit(f"the first import failed: {status} {str(answer)[:500]}")
            print(f"first import, alone: {answer['created']} figures created in {seconds:.2f} s")
        print(
            f"running {args.writers} small writers"
            f"{'' if args.no_import else ' beside a looping 10,000-figure import'} "
            f"for {args.seconds:g} s ..."
        )
        print_results(*run_clients(server, indicators, args))
    finally:
        stop(process)
        log = Path(TMP) / "gunicorn.log"
        with contextlib.suppress(OSError):
            locked = log.read_text(errors="replace").count("database is locked")
            if locked:
                print(f"server log: 'database is locked' {locked} times ({log})")
        for database in Path(TMP).glob("db.sqlite3*"):  # the log stays, for errors
            database.unlink()


if __name__ == "__main__":
    main()
