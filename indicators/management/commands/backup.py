"""``manage.py backup [--out DIR] [--prune]``: a dated, checksummed copy of the database.

PostgreSQL: ``pg_dump -Fc`` (restore with ``manage.py restore``, or pg_restore).
SQLite: SQLite's online backup API, consistent while people keep working; never a
copy of the live file, whose recent writes may still sit in the -wal file.
Beside each file, ``<file>.sha256`` in sha256sum's format (``sha256sum -c`` checks it).
"""

import hashlib
import os
import shutil
import sqlite3
import subprocess
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

PREFIX = "indicators-"
SUFFIXES = {"sqlite": ".sqlite3", "postgresql": ".dump"}
# What --prune keeps (docs/deploy.md, "Backups").
KEEP_DAILY = 30
KEEP_MONTHLY = 12


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def checksum_path(path: Path) -> Path:
    return path.with_name(path.name + ".sha256")


def pg_environment(params: dict) -> dict:
    """libpq's variables for pg_dump and pg_restore; the password never on the command line."""
    env = dict(os.environ)
    for name, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER")):
        if params.get(key):
            env[name] = str(params[key])
    if params.get("PASSWORD"):
        env["PGPASSWORD"] = str(params["PASSWORD"])
    return env


def pg_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise CommandError(
            f"找不到 {name}：请安装 PostgreSQL 客户端（Debian/Ubuntu：apt-get install "
            "postgresql-client），版本不低于数据库服务器。"
        )
    return path


def vendor_of(engine: str) -> str:
    if "sqlite" in engine:
        return "sqlite"
    if "postgresql" in engine:
        return "postgresql"
    raise CommandError(f"不支持备份这种数据库：{engine}。")


def kept(backups: list[Path]) -> set[Path]:
    """The newest backup of each of the last 30 days that have one, and of the last 12 months."""
    by_day: dict[date, Path] = {}
    by_month: dict[tuple[int, int], Path] = {}
    for path in sorted(backups):  # names sort by time: indicators-YYYYMMDD-HHMMSS
        stamp = path.name.removeprefix(PREFIX)[:8]
        try:
            day = date(int(stamp[:4]), int(stamp[4:6]), int(stamp[6:8]))
        except ValueError:
            continue
        by_day[day] = path
        by_month[(day.year, day.month)] = path
    daily = [by_day[day] for day in sorted(by_day)[-KEEP_DAILY:]]
    monthly = [by_month[month] for month in sorted(by_month)[-KEEP_MONTHLY:]]
    return set(daily) | set(monthly)


class Command(BaseCommand):
    help = "Back up the database to a dated file with a SHA-256 checksum beside it."

    def add_arguments(self, parser):
        parser.add_argument("--out", type=Path, help="folder for the backup (default BACKUP_DIR)")
        parser.add_argument(
            "--prune",
            action="store_true",
            help=f"then delete older backups: keep {KEEP_DAILY} daily and {KEEP_MONTHLY} monthly",
        )

    def handle(self, *args, out: Path | None, prune: bool, **options):
        params = connection.settings_dict
        vendor = vendor_of(params["ENGINE"])
        folder = Path(out or settings.BACKUP_DIR)
        folder.mkdir(parents=True, exist_ok=True)
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        target = folder / f"{PREFIX}{stamp}{SUFFIXES[vendor]}"
        if target.exists():
            raise CommandError(f"{target} 已存在，请稍后再试。")
        partial = target.with_name(target.name + ".partial")
        # The copy holds every account's password hash: readable by its owner only.
        previous_umask = os.umask(0o077)
        try:
            if vendor == "sqlite":
                self._sqlite(partial)
            else:
                self._postgresql(params, partial)
            os.replace(partial, target)
            checksum_path(target).write_text(f"{sha256_of(target)}  {target.name}\n")
        finally:
            os.umask(previous_umask)
            partial.unlink(missing_ok=True)
        self.stdout.write(str(target))
        if prune:
            self._prune(folder, SUFFIXES[vendor])

    def _sqlite(self, partial: Path) -> None:
        connection.ensure_connection()
        copy = sqlite3.connect(partial)
        try:
            with copy:
                connection.connection.backup(copy)
        finally:
            copy.close()

    def _postgresql(self, params: dict, partial: Path) -> None:
        command = [pg_tool("pg_dump"), "--format=custom", "--file", str(partial), params["NAME"]]
        done = subprocess.run(command, env=pg_environment(params), capture_output=True, text=True)
        if done.returncode != 0:
            raise CommandError(f"pg_dump 失败：{done.stderr.strip()}")

    def _prune(self, folder: Path, suffix: str) -> None:
        backups = sorted(folder.glob(f"{PREFIX}*{suffix}"))
        keep = kept(backups)
        for path in backups:
            if path not in keep:
                path.unlink()
                checksum_path(path).unlink(missing_ok=True)
                self.stdout.write(f"deleted {path}")
