"""Slow uploads beside ordinary requests: gunicorn alone, and behind the shipped nginx.

Not a test: it prints figures. Two clients (``--slow``) each start a POST to /upload/
and send its body at one byte a second; meanwhile a third client asks for a page
(/indicators/) and an API list (/api/v1/sections/) in turn, and the script prints the
latency (median, worst) and status codes of those ordinary requests, and what the slow
clients got, for three set-ups, each for ``--seconds``:

1. gunicorn with 2 sync workers, the command docs/deploy.md gave before (for comparison);
2. gunicorn with deploy/gunicorn.conf.py, straight;
3. nginx with deploy/nginx/proxy.conf in front of the same gunicorn.

Then, through nginx, it checks nginx's own answers: 413 for a body over the limit and
502 with gunicorn stopped, as a Chinese page and as the API's JSON.

Everything listens on 127.0.0.1 only, on free ports, with a throwaway SQLite database in
a temporary folder; every server is stopped at the end, and the run is bounded in time.
Without nginx (`apt-get install nginx`, a tool for this bench only) it says so and exits.

    .venv/bin/python bench/bench_slow_clients.py
    .venv/bin/python bench/bench_slow_clients.py --seconds 20 --slow 4
"""

import argparse
import http.client
import os
import select
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NGINX = shutil.which("nginx") or next(
    (path for path in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.path.exists(path)), None
)
ORDINARY = ["/indicators/", "/api/v1/sections/"]
REQUEST_TIMEOUT = 60  # seconds; no answer by then counts as status 0
UP_WITHIN = 60  # seconds for a server to answer after it starts


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def request(port: int, method: str, path: str, headers=None, body=None, timeout=REQUEST_TIMEOUT):
    """(status, seconds, body text); status 0 when no answer came."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    start = time.perf_counter()
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        text = response.read().decode("utf-8", errors="replace")
        return response.status, time.perf_counter() - start, text
    except OSError as error:
        return 0, time.perf_counter() - start, f"{type(error).__name__}: {error}"
    finally:
        conn.close()


def wait_until_up(port: int, processes: list[subprocess.Popen], log: Path) -> None:
    deadline = time.monotonic() + UP_WITHIN
    while time.monotonic() < deadline:
        for process in processes:
            if process.poll() is not None:
                raise SystemExit(f"a server exited with {process.returncode}; see {log}")
        if request(port, "GET", "/api/v1/sections/", timeout=5)[0] == 200:
            return
        time.sleep(0.3)
    raise SystemExit(f"no answer on port {port} within {UP_WITHIN} s; see {log}")


def stop(process: subprocess.Popen, sig=signal.SIGINT) -> None:
    """SIGINT is gunicorn's quick shutdown (SIGTERM would wait graceful_timeout)."""
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def gunicorn(tmp: Path, env: dict, port: int, shipped: bool) -> subprocess.Popen:
    if shipped:
        args = ["-c", str(ROOT / "deploy" / "gunicorn.conf.py")]
        env = dict(env, GUNICORN_BIND=f"127.0.0.1:{port}")
    else:
        args = [f"--bind=127.0.0.1:{port}", "--workers=2"]
    command = [sys.executable, "-m", "gunicorn", *args, "config.wsgi"]
    log = open(tmp / "gunicorn.log", "ab")  # noqa: SIM115 - the server keeps it open
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)


def nginx(tmp: Path, port: int, upstream: int) -> subprocess.Popen:
    """The shipped proxy.conf, as it is, in a server block of a throwaway nginx.conf."""
    temp = {name: tmp / name for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
    conf = tmp / "nginx.conf"
    conf.write_text(
        f"""
daemon off;
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {tmp}/nginx-access.log;
    client_body_temp_path {temp["body"]};
    proxy_temp_path {temp["proxy"]};
    fastcgi_temp_path {temp["fastcgi"]};
    uwsgi_temp_path {temp["uwsgi"]};
    scgi_temp_path {temp["scgi"]};
    upstream indicators_app {{ server 127.0.0.1:{upstream}; }}
    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
        root {ROOT / "deploy" / "nginx"};
        include {ROOT / "deploy" / "nginx" / "proxy.conf"};
    }}
}}
"""
    )
    base = [NGINX, "-p", str(tmp), "-e", str(tmp / "nginx-error.log"), "-c", str(conf)]
    checked = subprocess.run([*base, "-t"], capture_output=True, text=True, check=False)
    if checked.returncode != 0:
        raise SystemExit(f"nginx -t refused the configuration:\n{checked.stderr}")
    return subprocess.Popen(base, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def slow_upload(port: int, seconds: float, got: list) -> None:
    """Headers at once, then the body one byte a second until ``seconds`` have passed.

    With the CSRF cookie that any browser which opened a page holds, Django reads the
    whole form to find the token before it answers: the request waits for every byte.
    """
    start = time.monotonic()
    head = (
        "POST /upload/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        f"Cookie: csrftoken={'a' * 32}\r\n"
        "Content-Type: multipart/form-data; boundary=slow\r\nContent-Length: 100000\r\n\r\n"
    )
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
            sock.sendall(head.encode())
            while time.monotonic() - start < seconds:
                readable, _, _ = select.select([sock], [], [], 1.0)
                if readable:
                    answer = sock.recv(200).decode("latin-1")
                    status = answer.split(" ", 2)[1] if answer.startswith("HTTP/") else "closed"
                    got.append(f"{status} after {time.monotonic() - start:.0f} s")
                    return
                sock.sendall(b"-")
    except OSError as error:
        got.append(f"{type(error).__name__} after {time.monotonic() - start:.0f} s")
        return
    got.append(f"still sending at {seconds:.0f} s")


def ordinary(port: int, until: float, seen: list) -> None:
    turn = 0
    while time.monotonic() < until:
        status, seconds, _ = request(port, "GET", ORDINARY[turn % len(ORDINARY)])
        seen.append((status, seconds))
        turn += 1
        time.sleep(0.2)


def measure(name: str, port: int, seconds: float, slow: int) -> None:
    got: list[str] = []
    uploads = [
        threading.Thread(target=slow_upload, args=(port, seconds, got), daemon=True)
        for _ in range(slow)
    ]
    for upload in uploads:
        upload.start()
    time.sleep(1)  # the slow clients are in before the first ordinary request
    seen: list[tuple[int, float]] = []
    ordinary(port, time.monotonic() + seconds - 1, seen)
    for upload in uploads:
        upload.join(timeout=seconds + 10)
    latencies = [s for _, s in seen]
    codes = Counter(status for status, _ in seen)
    print(f"\n{name}")
    print(
        f"  ordinary requests: {len(seen)}; status {dict(sorted(codes.items()))}; "
        f"median {statistics.median(latencies):.3f} s, max {max(latencies):.3f} s"
    )
    answers = Counter(got)
    print(f"  slow uploads got: {'; '.join(f'{n} × {a}' for a, n in sorted(answers.items()))}")


def check(label: str, answer: tuple, status: int, needle: str) -> None:
    ok = answer[0] == status and needle in answer[2]
    print(f"  {label}: {answer[0]} {'ok' if ok else 'UNEXPECTED: ' + answer[2][:120]}")


def nginx_answers(port: int, gunicorn_process: subprocess.Popen) -> None:
    print("\nnginx's own answers")
    big = {"Content-Type": "application/octet-stream", "Content-Length": str(7 * 1024 * 1024)}
    # The Content-Length alone is refused; nothing more needs sending.
    check("page body over 6 MB", request(port, "POST", "/upload/", big, b""), 413, "上传的内容太大")
    big["Content-Length"] = str(12 * 1024 * 1024)
    check(
        "API body over 11 MB",
        request(port, "POST", "/api/v1/values/bulk/", big, b""),
        413,
        '"code": "too_large"',
    )
    stop(gunicorn_process)
    check("page, gunicorn stopped", request(port, "GET", "/"), 502, "系统暂时无法访问")
    check(
        "API, gunicorn stopped",
        request(port, "GET", "/api/v1/sections/"),
        502,
        '"code": "bad_gateway"',
    )


@contextmanager
def servers(*processes: subprocess.Popen):
    try:
        yield
    finally:
        for process in processes:
            stop(process, signal.SIGTERM if process.args[0] == NGINX else signal.SIGINT)


def out_of_time(signum, frame):
    raise SystemExit("the bench ran out of time; servers stopped")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=40, help="per set-up")
    parser.add_argument("--slow", type=int, default=2, help="slow uploading clients")
    options = parser.parse_args()
    if NGINX is None:
        print("nginx is not installed (apt-get install nginx): nothing measured.")
        return
    # Bounded whatever happens: three set-ups, their start-ups and the checks. SystemExit
    # unwinds through servers(), which stops what was started.
    signal.signal(signal.SIGALRM, out_of_time)
    signal.alarm(int(3 * (options.seconds + UP_WITHIN + 40)))
    tmp = Path(tempfile.mkdtemp(prefix="bench-slow-"))
    tmp.chmod(0o755)  # nginx's workers (nobody when started as root) write temp files here
    env = {key: value for key, value in os.environ.items() if key not in {"DJANGO_SETTINGS_MODULE"}}
    env.update(
        DEBUG="1",
        DATABASE_URL=f"sqlite:///{tmp}/db.sqlite3",
        LOG_LEVEL="WARNING",
        API_THROTTLE_ANON="1000000/minute",
    )
    manage = [sys.executable, "manage.py"]
    for command in (["migrate", "-v0"], ["load_catalogue"]):
        subprocess.run(manage + command, cwd=ROOT, env=env, check=True, capture_output=True)
    print(f"{options.slow} clients upload at 1 byte/s for {options.seconds:.0f} s; folder {tmp}")

    port = free_port()
    old = gunicorn(tmp, env, port, shipped=False)
    with servers(old):
        wait_until_up(port, [old], tmp / "gunicorn.log")
        measure("1. gunicorn, 2 sync workers, straight", port, options.seconds, options.slow)

    port = free_port()
    shipped = gunicorn(tmp, env, port, shipped=True)
    with servers(shipped):
        wait_until_up(port, [shipped], tmp / "gunicorn.log")
        measure(
            "2. gunicorn -c deploy/gunicorn.conf.py, straight", port, options.seconds, options.slow
        )

    upstream, port = free_port(), free_port()
    behind = gunicorn(tmp, dict(env, API_NUM_PROXIES="1"), upstream, shipped=True)
    proxy = nginx(tmp, port, upstream)
    with servers(proxy, behind):
        wait_until_up(port, [behind, proxy], tmp / "nginx-error.log")
        measure(
            "3. nginx (deploy/nginx/proxy.conf) → the same gunicorn",
            port,
            options.seconds,
            options.slow,
        )
        nginx_answers(port, behind)
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
