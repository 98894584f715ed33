"""The full CSV export: the product's streamed values/?format=csv against psql's \\copy.

The product's memory is sampled from /proc while the answer streams: the gunicorn
workers' resident set (VmRSS) every 20 ms, and their high-water mark (VmHWM).
"""

import os
import subprocess
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from _anchors_servers import READ_ONLY, Server
from _anchors_sql import VALUES_ALL


@dataclass(frozen=True)
class Export:
    seconds: float
    bytes: int
    rows: int
    rss_before_mb: float = 0.0
    rss_peak_mb: float = 0.0
    hwm_mb: float = 0.0

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds


def _status_kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


class _Sampler(threading.Thread):
    def __init__(self, pids: list[int]):
        super().__init__(daemon=True)
        self.pids, self.peak_kb, self.done = pids, 0, threading.Event()

    def run(self):
        while not self.done.is_set():
            for pid in self.pids:
                self.peak_kb = max(self.peak_kb, _status_kb(pid, "VmRSS"))
            time.sleep(0.02)


def product_csv(server: Server) -> Export:
    pids = server.worker_pids()
    before = max(_status_kb(pid, "VmRSS") for pid in pids)
    sampler = _Sampler(pids)
    sampler.start()
    size = lines = 0
    tail = b""
    start = time.perf_counter()
    with urllib.request.urlopen(server.base + "/api/v1/values/?format=csv", timeout=900) as answer:
        while chunk := answer.read(1 << 20):
            size += len(chunk)
            lines += chunk.count(b"\n")
            tail = (tail + chunk)[-4096:]
    seconds = time.perf_counter() - start
    sampler.done.set()
    sampler.join()
    hwm = max(_status_kb(pid, "VmHWM") for pid in pids)
    # The header, and a closing "#" line (a row count that tells a complete file) if any.
    last = tail.rstrip(b"\r\n").rsplit(b"\n", 1)[-1]
    rows = lines - 1 - (1 if last.startswith(b"#") else 0)
    return Export(seconds, size, rows, before / 1024, sampler.peak_kb / 1024, hwm / 1024)


def psql_copy(database_url: str) -> Export:
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "values.csv"
        copy = f"\\copy ({' '.join(VALUES_ALL.split())}) TO '{target}' WITH (FORMAT csv, HEADER)"
        env = {**os.environ, "PGOPTIONS": READ_ONLY}
        start = time.perf_counter()
        subprocess.run(["psql", "-X", "-q", "-d", database_url, "-c", copy], env=env, check=True)
        seconds = time.perf_counter() - start
        with target.open("rb") as file:
            lines = sum(chunk.count(b"\n") for chunk in iter(lambda: file.read(1 << 20), b""))
        return Export(seconds, target.stat().st_size, lines - 1)
