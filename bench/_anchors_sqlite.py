"""The SQLite mode of the anchors benchmark: the province copied into the product's own
schema on SQLite, so that product, raw and Datasette all read SQLite files.

The copy is made once (``manage.py migrate`` on a new file, then the read model's
tables copied row for row from PostgreSQL, in Django's SQLite encodings) and reused
while it holds as many figures as the PostgreSQL database. Nothing is written to
PostgreSQL.
"""

import json
import os
import re
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from uuid import UUID

import psycopg

ROOT = Path(__file__).resolve().parent.parent
#: What the read API reads; history, audit, maps and workflow steps are left out.
TABLES = (
    "indicators_section",
    "indicators_indicator",
    "indicators_cataloguerule",
    "indicators_catalogueversion",
    "indicators_region",
    "indicators_regionname",
    "indicators_regionchange",
    "indicators_report",
    "indicators_datavalue",
    "indicators_target",
    "indicators_regionsummary",
    "indicators_datastamp",
)


def _cell(value):
    """A PostgreSQL value as Django's SQLite backend stores it."""
    if isinstance(value, datetime):
        return str(value.astimezone(UTC).replace(tzinfo=None))
    if isinstance(value, date | Decimal):
        return str(value)
    if isinstance(value, UUID):
        return value.hex
    if isinstance(value, dict | list):
        return json.dumps(value)
    return value


def _regexp(pattern: str, text) -> bool | None:
    return None if text is None else re.search(pattern, str(text)) is not None


def _figures(path: Path) -> int:
    try:
        with sqlite3.connect(path) as existing:
            return existing.execute("SELECT count(*) FROM indicators_datavalue").fetchone()[0]
    except sqlite3.Error:
        return -1


def _copy_table(source, target, table: str) -> int:
    mine = [row[1] for row in target.execute(f'PRAGMA table_info("{table}")')]
    if not mine:
        return 0
    theirs = {
        name
        for (name,) in source.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s", (table,)
        )
    }
    columns = [name for name in mine if name in theirs]
    names = ", ".join(f'"{name}"' for name in columns)
    target.execute(f'DELETE FROM "{table}"')
    insert = f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" * len(columns))})'
    with source.cursor(name=f"copy_{table}") as cursor:
        cursor.itersize = 20_000
        cursor.execute(f'SELECT {names} FROM "{table}"')
        rows = 0
        while batch := cursor.fetchmany(20_000):
            target.executemany(insert, ([_cell(value) for value in row] for row in batch))
            rows += len(batch)
    return rows


def product_sqlite(url: str, path: Path) -> tuple[int, float]:
    """The product's database on SQLite with the figures of ``url``; (figures, seconds)."""
    start = time.perf_counter()
    with psycopg.connect(url) as source:
        expected = source.execute("SELECT count(*) FROM indicators_datavalue").fetchone()[0]
        if path.exists() and _figures(path) == expected:
            return expected, 0.0
        for stale in (path, *(path.with_name(path.name + end) for end in ("-wal", "-shm"))):
            stale.unlink(missing_ok=True)
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{path}", "DEBUG": "1"}
        env.pop("PGOPTIONS", None)
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True
        )
        target = sqlite3.connect(path)
        # The schema's CHECK constraints call REGEXP, which Django's backend registers.
        target.create_function("REGEXP", 2, _regexp, deterministic=True)
        target.execute("PRAGMA foreign_keys = OFF")
        for table in TABLES:
            _copy_table(source, target, table)
        target.commit()
        target.execute("ANALYZE")
        target.commit()
        target.close()
    return expected, time.perf_counter() - start
