"""The throttles' counters: one small file per budget, shared by every worker process.

A budget's counts are read, changed and written back under an exclusive lock on its
file (``flock``), so two workers counting the same caller at once never lose one of
the two requests. Django's file cache, used before, wrote each count as a new file
and renamed it over the old one: a count read by two workers at once was written
back once, and each request paid a pickle, a compression and a directory listing
(110 µs against 4 µs, docs/benchmarks.md).

The files live in settings.API_THROTTLE_DIR, on the machine's own disk (a tmpfs is
fine). A file not counted in two days is removed, at most once a minute.

Several application servers need one count for all of them: a cache named
``throttle`` in settings.CACHES (Redis, docs/scaling.md) then holds the counts
instead, read and written back without a lock, as a cache allows.
"""

import fcntl
import hashlib
import os
import struct
import time
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.cache import caches

#: The window's number, this window's requests, the last window's.
LAYOUT = struct.Struct("<qqq")
#: A cache of this name in settings.CACHES holds the counts instead of the files.
SHARED_CACHE = "throttle"
FORGET_SECONDS = 2 * 24 * 3600
PRUNE_SECONDS = 60
_last_prune = 0.0


def directory() -> Path:
    return Path(settings.API_THROTTLE_DIR)


def path_of(key: str) -> Path:
    return directory() / hashlib.sha256(key.encode()).hexdigest()[:32]


class Counts:
    """The three numbers of one budget, while its file is locked."""

    def __init__(self, fd: int):
        self.fd = fd

    def read(self) -> tuple[int, int, int] | None:
        data = os.pread(self.fd, LAYOUT.size, 0)
        return LAYOUT.unpack(data) if len(data) == LAYOUT.size else None

    def write(self, window: int, current: int, previous: int) -> None:
        os.pwrite(self.fd, LAYOUT.pack(window, current, previous), 0)


class CachedCounts:
    """The three numbers of one budget in the shared cache, for ``seconds``."""

    def __init__(self, key: str, seconds: int):
        self.cache, self.key, self.seconds = caches[SHARED_CACHE], key, seconds

    def read(self) -> tuple[int, int, int] | None:
        return self.cache.get(self.key)

    def write(self, window: int, current: int, previous: int) -> None:
        self.cache.set(self.key, (window, current, previous), self.seconds)


@contextmanager
def counts_of(key: str, seconds: int):
    """The counts under ``key``, kept ``seconds`` at least; in a file, locked against
    every other process until the block ends."""
    if SHARED_CACHE in settings.CACHES:
        yield CachedCounts(key, seconds)
        return
    path = path_of(key)
    try:
        fd = os.open(path, os.O_RDWR)
    except FileNotFoundError:
        fd = _create(path)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield Counts(fd)
    finally:
        os.close(fd)  # and with it the lock


def _create(path: Path) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    _prune(path.parent)
    return fd


def _prune(folder: Path) -> None:
    """A new caller: forget those not counted for two days (at most once a minute)."""
    global _last_prune
    now = time.time()
    if now - _last_prune < PRUNE_SECONDS:
        return
    _last_prune = now
    with os.scandir(folder) as entries:
        for entry in entries:
            try:
                if now - entry.stat().st_mtime > FORGET_SECONDS:
                    os.unlink(entry.path)
            except FileNotFoundError:
                pass  # another worker pruned it first


def forget_all() -> None:
    """Every budget starts afresh (tests; an operator after changing the rates)."""
    if SHARED_CACHE in settings.CACHES:
        caches[SHARED_CACHE].clear()
        return
    folder = directory()
    if folder.is_dir():
        for entry in folder.iterdir():
            entry.unlink(missing_ok=True)
