"""``manage.py restore FILE [--into TARGET] [--force]``: put a ``manage.py backup`` back.

The checksum beside the file must match. Stop the application server first: the
database is replaced underneath it. A database that already has tables is left
alone unless --force. ``--into`` restores elsewhere (a scratch database, or another
SQLite file) for the restore drill in docs/deploy.md.
"""

import re
import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections

from .backup import checksum_path, pg_environment, pg_tool, sha256_of, vendor_of

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"


def verify(path: Path) -> None:
    if not path.is_file():
        raise CommandError(f"找不到备份文件：{path}。")
    sidecar = checksum_path(path)
    if not sidecar.is_file():
        raise CommandError(f"找不到校验文件 {sidecar.name}，无法确认备份完整，不予恢复。")
    expected = sidecar.read_text().split()[0].lower()
    if sha256_of(path) != expected:
        raise CommandError(f"{path.name} 的 SHA-256 与校验文件不符：文件已损坏或被改动，不予恢复。")


def format_of(path: Path) -> str:
    with path.open("rb") as file:
        head = file.read(len(SQLITE_MAGIC))
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PG_DUMP_MAGIC):
        return "postgresql"
    raise CommandError(f"{path.name} 不是本系统的备份（既非 SQLite 文件，也非 pg_dump -Fc）。")


def _regexp(pattern: str, value) -> bool:
    # Django's CHECK constraints call REGEXP, which SQLite leaves to the application.
    return value is not None and re.search(pattern, str(value)) is not None


def sqlite_tables(path: Path) -> int:
    if not path.exists() or path.stat().st_size == 0:
        return 0
    with closing(sqlite3.connect(path)) as db:
        return db.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]


def postgresql_tables(params: dict, name: str) -> int:
    import psycopg

    options = {"dbname": name, "host": params.get("HOST") or None, "port": params.get("PORT")}
    options.update(user=params.get("USER") or None, password=params.get("PASSWORD") or None)
    with psycopg.connect(**{k: v for k, v in options.items() if v}) as db:
        query = "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()"
        return db.execute(query).fetchone()[0]


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup` (stop the application server first)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--into",
            help="SQLite: a file path; PostgreSQL: an existing database name (default: the "
            "configured database)",
        )
        parser.add_argument(
            "--force", action="store_true", help="replace a database that already has tables"
        )

    def handle(self, *args, file: Path, into: str | None, force: bool, **options):
        params = connection.settings_dict
        vendor = vendor_of(params["ENGINE"])
        verify(file)
        kind = format_of(file)
        if kind != vendor:
            raise CommandError(f"{file.name} 是 {kind} 的备份，而当前数据库是 {vendor}。")
        if into is None:
            # Our own connections must not hold the database that is about to be replaced.
            connections.close_all()
        if vendor == "sqlite":
            target = self._sqlite(file, Path(into or params["NAME"]), force)
        else:
            target = self._postgresql(file, params, into or params["NAME"], force)
        self.stdout.write(f"restored {file} into {target}")

    def _sqlite(self, file: Path, target: Path, force: bool) -> Path:
        if sqlite_tables(target) and not force:
            raise CommandError(f"{target} 已有数据表。确认要覆盖时加 --force（请先停止应用服务）。")
        partial = target.with_name(target.name + ".restoring")
        shutil.copyfile(file, partial)
        db = sqlite3.connect(partial)
        try:
            db.create_function("REGEXP", 2, _regexp, deterministic=True)
            intact = db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        finally:
            db.close()
        if not intact:
            partial.unlink()
            raise CommandError(f"{file.name} 未通过 SQLite 完整性检查，不予恢复。")
        # A write-ahead log left from the replaced database would be replayed onto this one.
        for leftover in ("-wal", "-shm"):
            target.with_name(target.name + leftover).unlink(missing_ok=True)
        partial.replace(target)
        return target

    def _postgresql(self, file: Path, params: dict, name: str, force: bool) -> str:
        restore = pg_tool("pg_restore")
        if postgresql_tables(params, name) and not force:
            raise CommandError(
                f"数据库 {name} 已有数据表。确认要覆盖时加 --force（请先停止应用服务）。"
            )
        command = [restore, "--exit-on-error", "--no-owner", "--dbname", name, str(file)]
        if force:
            command[1:1] = ["--clean", "--if-exists"]
        done = subprocess.run(command, env=pg_environment(params), capture_output=True, text=True)
        if done.returncode != 0:
            raise CommandError(f"pg_restore 失败：{done.stderr.strip()}")
        return name
