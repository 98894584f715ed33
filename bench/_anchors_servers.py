"""The three servers of the anchors benchmark, each on its own free port.

- product: ``gunicorn config.wsgi`` with 2 workers and production settings (DEBUG off);
- raw: the same gunicorn serving ``_raw_app.py``;
- datasette: ``datasette serve`` on the SQLite copy, from its own virtualenv.

Every process connects to PostgreSQL with ``default_transaction_read_only=on``
(``PGOPTIONS``, read by libpq): a shared seeded database is never written, and a read
path that tried to write would fail loudly instead.
"""

import os
import secrets
import socket
import subprocess
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
WORKERS = 2
# A full-province CSV runs for minutes; gunicorn's default of 30 s would kill it.
TIMEOUT = 900
READ_ONLY = "-c default_transaction_read_only=on"


@dataclass
class Server:
    name: str
    base: str
    process: subprocess.Popen

    def worker_pids(self) -> list[int]:
        """gunicorn's workers (children of the master); Datasette's one process."""
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        children = [int(pid) for pid in path.read_text().split()] if path.exists() else []
        return children or [self.process.pid]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def product_environment(database_url: str) -> dict[str, str]:
    """Production-like settings (docs/deploy.md) with what a plain-HTTP benchmark needs."""
    return {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
        # Plain HTTP on the loopback: no redirect to https.
        "SECURE_SSL_REDIRECT": "0",
        # The anonymous throttle (60/minute by default) would answer 429 within a
        # second; every request is still counted, as in production.
        "API_THROTTLE_ANON": "1000000/second",
        "API_THROTTLE_USER": "1000000/second",
        "LOG_LEVEL": "WARNING",
        # The throttle's shared counters on tmpfs (still local, still shared by the
        # workers), away from the busy shared disk.
        "API_THROTTLE_DIR": os.environ.get("API_THROTTLE_DIR", "/dev/shm/bench-anchors-throttle"),
        # WhiteNoise warns that collectstatic never ran: the API needs no static files.
        "PYTHONWARNINGS": "ignore:No directory at",
        "PGOPTIONS": READ_ONLY,
    }


def _wait(server: Server, probe: str, seconds: float = 90) -> None:
    """Until the server answers ``probe`` with a 200; stopped again if it never does."""
    try:
        _poll(server, probe, seconds)
    except BaseException:
        server.process.kill()
        server.process.wait()
        raise


def _poll(server: Server, probe: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"{server.name} exited with {server.process.returncode}")
        try:
            with urllib.request.urlopen(server.base + probe, timeout=5) as answer:
                answer.read()
                return
        except urllib.error.HTTPError as error:
            # It runs, and fails: e.g. code newer than the database's migrations.
            raise RuntimeError(f"{server.name} answered {error.code} to {probe}") from None
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{server.name} did not answer {probe} within {seconds} s")


def _gunicorn(app: str, env: dict, port: int, *extra: str) -> subprocess.Popen:
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        app,
        "--workers",
        str(WORKERS),
        "--bind",
        f"127.0.0.1:{port}",
        "--timeout",
        str(TIMEOUT),
        "--log-level",
        "warning",
        *extra,
    ]
    return subprocess.Popen(command, cwd=ROOT, env=env)


def start_product(database_url: str) -> Server:
    port = free_port()
    process = _gunicorn("config.wsgi", product_environment(database_url), port)
    server = Server("product", f"http://127.0.0.1:{port}", process)
    _wait(server, "/api/v1/sections/")
    return server


def start_raw(database_url: str, probe: str) -> Server:
    port = free_port()
    env = {**os.environ, "DATABASE_URL": database_url, "PGOPTIONS": READ_ONLY}
    process = _gunicorn("_raw_app:app", env, port, "--pythonpath", str(BENCH))
    server = Server("raw", f"http://127.0.0.1:{port}", process)
    _wait(server, probe)
    return server


def start_datasette(executable: str, sqlite_path: Path) -> Server:
    port = free_port()
    command = [
        executable,
        "serve",
        "--immutable",
        str(sqlite_path),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        # An API, not a browsing session: no facet suggestions on every table request.
        "--setting",
        "suggest_facets",
        "off",
    ]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server = Server("datasette", f"http://127.0.0.1:{port}", process)
    _wait(server, f"/{sqlite_path.stem}.json")
    return server


@contextmanager
def running(*starters):
    """Start servers in order; stop every one that started, whatever happens."""
    servers = []
    try:
        for start in starters:
            servers.append(start())
        yield servers
    finally:
        for server in servers:
            server.process.terminate()
        for server in servers:
            try:
                server.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.process.kill()
