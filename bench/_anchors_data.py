"""The anchors benchmark's data: a database to read, the sample it asks for, its SQLite copy.

Nothing here writes to the measured database: a seeded one (``BENCH_DATABASE_URL``) is
only read; the demo-scale one is a throwaway created and dropped here.
"""

import os
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from _anchors_sql import SQLITE_INDEXES, SQLITE_SCHEMA, VALUES_ALL, subtree_bounds

ROOT = Path(__file__).resolve().parent.parent
# Two public indicators with different rules: a sum and a mean.
AGGREGATE_INDICATORS = ("raw_coal_output", "income_gain_per_capita")
SERIES_INDICATOR = "raw_coal_output"


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def database_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def create_demo_database(server_url: str) -> str:
    """A new database with the catalogue and the demo county, built by manage.py."""
    name = f"bench_anchors_{os.getpid()}"
    with psycopg.connect(with_database(server_url, "postgres"), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = with_database(server_url, name)
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "1"}
    env.pop("PGOPTIONS", None)
    try:
        for command in (["migrate", "-v0"], ["load_catalogue"], ["seed_demo"]):
            subprocess.run(
                [sys.executable, "manage.py", *command],
                cwd=ROOT,
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
            )
        # Fresh tables have no statistics yet; plans without them are guesses.
        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute("ANALYZE")
    except BaseException:
        drop_database(url)
        raise
    return url


def drop_database(url: str) -> None:
    name = database_name(url)
    with psycopg.connect(with_database(url, "postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass(frozen=True)
class Sample:
    """What the queries ask for: a county, its first town, the latest approved year."""

    county: str
    town: str
    year: int
    towns: int
    figures: int  # approved public figures in the whole database
    reports: int

    @property
    def bounds(self) -> tuple[str, str]:
        return subtree_bounds(self.county)


def pick_sample(url: str) -> Sample:
    """The county with the most towns (the middle one by code among equals)."""
    with psycopg.connect(url) as connection:
        counties = connection.execute(
            """SELECT c.code, count(t.code) AS towns
               FROM indicators_region c JOIN indicators_region t ON t.parent_id = c.code
               WHERE c.level = 'county' AND t.level = 'town'
               GROUP BY c.code ORDER BY towns DESC, c.code"""
        ).fetchall()
        most = [code for code, towns in counties if towns == counties[0][1]]
        county, towns = most[len(most) // 2], counties[0][1]
        low, high = subtree_bounds(county)
        town, year = connection.execute(
            """SELECT region_id, year FROM indicators_report
               WHERE region_id BETWEEN %s AND %s AND status = 'approved'
               ORDER BY year DESC, region_id LIMIT 1""",
            (low, high),
        ).fetchone()
        figures = connection.execute(f"SELECT count(*) FROM ({VALUES_ALL}) AS rows").fetchone()[0]
        reports = connection.execute("SELECT count(*) FROM indicators_report").fetchone()[0]
    return Sample(county, town, year, towns, figures, reports)


def unanalyzed(url: str) -> list[str]:
    """The figures' tables PostgreSQL has no statistics for (never analyzed): its plans
    for them are guesses, and the product and the raw anchor are measured on bad plans."""
    with psycopg.connect(url) as connection:
        rows = connection.execute(
            """SELECT relname FROM pg_stat_user_tables
               WHERE relname IN ('indicators_datavalue', 'indicators_report', 'indicators_region')
                 AND last_analyze IS NULL AND last_autoanalyze IS NULL
               ORDER BY relname"""
        ).fetchall()
    return [name for (name,) in rows]


def export_sqlite(url: str, path: Path) -> tuple[int, float]:
    """The approved public figures as one flat table for Datasette; (rows, seconds).

    Reused when the file already holds as many rows as the database answers.
    """
    start = time.perf_counter()
    with psycopg.connect(url) as connection:
        expected = connection.execute(f"SELECT count(*) FROM ({VALUES_ALL}) AS rows").fetchone()[0]
        if path.exists():
            with sqlite3.connect(path) as existing:
                try:
                    have = existing.execute("SELECT count(*) FROM figures").fetchone()[0]
                except sqlite3.Error:
                    have = -1
            if have == expected:
                return expected, 0.0
            path.unlink()
        target = sqlite3.connect(path)
        target.executescript(SQLITE_SCHEMA)
        target.executemany(
            "INSERT INTO indicators VALUES (?, ?, ?, ?)",
            connection.execute(
                "SELECT code, unit, aggregation, decimals FROM indicators_indicator"
            ),
        )
        with connection.cursor(name="export") as cursor:
            cursor.itersize = 20_000
            cursor.execute(VALUES_ALL)
            target.executemany(
                "INSERT INTO figures VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                ((*row[:5], float(row[5]), *row[6:9], row[9].isoformat()) for row in cursor),
            )
        for statement in SQLITE_INDEXES:
            target.execute(statement)
        target.execute("ANALYZE")
        target.commit()
        target.close()
    return expected, time.perf_counter() - start
