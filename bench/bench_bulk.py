"""Benchmark of bulk writes: the write service against COPY of the same rows.

Builds its own data in a throwaway test database (an SQLite file, or test_<name> next
to BENCH_DATABASE_URL's PostgreSQL database), never touching the dev database:

    DEBUG=1 .venv/bin/python bench/bench_bulk.py
    DEBUG=1 BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/indicators_a \\
        .venv/bin/python bench/bench_bulk.py

Cases, each in its own towns or years so that "new" is new:

- **service, new**: 10,000 and 100,000 figures through ``figures_import`` (imports of
  at most 10,000 rows, as callers must send them), with every check, history, report
  versions and its consequences (audit, stamps, summaries);
- **service, update**: the same figures again, each value changed;
- **API rows, new**: new figures as the bulk endpoint hands them over: request items
  (numbers as JSON gives them, values spread over each indicator's range, so that
  thousands of rule warnings come back) read by ``rows_from_body``, then
  ``figures_import``; no HTTP, JSON parsing or response rendering;
- **Excel/CSV rows, new**: new figures as a confirmed import batch hands them over:
  text values, each row carrying the report version its preview saw;
- **COPY**: the same new rows written by ``COPY … FROM STDIN`` with psycopg's
  ``cursor.copy().write_row()`` into the same table, reports made beforehand: no
  check, no history, no version. The floor a write can reach. On SQLite, which has
  no COPY, the floor is one ``executemany`` INSERT.

Every case runs in its own transactions and includes the commits (where PostgreSQL
checks the deferred foreign keys). "statements" counts what Django's cursor sees
plus COPY statements. Tables are analyzed between cases, outside the timings. The
last line says whether new figures reach the goal of 20,000 a second (PostgreSQL).
"""

import os
import platform
import sys
import time
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
if os.environ.get("BENCH_DATABASE_URL"):
    os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "1")

import django

django.setup()

from _common import benchmark_county, throwaway_database  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

TOWNS = 244  # × 41 indicators = 10,004 figures a year; cut to 10,000
SIZES = (10_000, 100_000)
GOAL = 20_000  # new figures a second through the service, on PostgreSQL (issue 24)
copies = {"n": 0}


def _count_copies() -> None:
    """COPY runs on the driver's cursor, below Django's query log: count it there."""
    if connection.vendor != "postgresql":
        return
    import psycopg

    original = psycopg.Cursor.copy

    def copy(self, *args, **kwargs):
        copies["n"] += 1
        return original(self, *args, **kwargs)

    psycopg.Cursor.copy = copy


def rows_for(towns, years, indicators, size: int, bump: int):
    from indicators.figures import FigureRow

    rows = [
        FigureRow(i.code, town.code, year, _value(i, n + bump), "")
        for year in years
        for n, town in enumerate(towns)
        for i in indicators
    ]
    return rows[:size]


def _value(indicator, n: int) -> int:
    return int(indicator.min_value) + (n * 7) % max(1, int(indicator.max_value) // 100)


def _spread(indicator, *key) -> int:
    """A figure anywhere in the indicator's range, as bench_api.py sends them."""
    low, high = int(indicator.min_value), int(indicator.max_value)
    return low + zlib.crc32(repr(key).encode()) % max(1, high - low)


def api_items(towns, years, indicators, size: int) -> list[dict]:
    """Request items of the bulk endpoint (``{"values": [...]}``), before reading."""
    items = [
        {
            "indicator": i.code,
            "region": town.code,
            "year": year,
            "value": _spread(i, town.code, year),
        }
        for year in years
        for town in towns
        for i in indicators
    ]
    return items[:size]


def excel_rows(towns, years, indicators, size: int):
    """Rows of a confirmed import batch: text as read from the file, the version seen."""
    from indicators.figures import MAX_IMPORT_ROWS, FigureRow

    places = [
        (i.code, town.code, year, str(_value(i, n)))
        for year in years
        for n, town in enumerate(towns)
        for i in indicators
    ][:size]
    first: dict[tuple, int] = {}  # a town-year split over two files: the second saw version 1
    rows = []
    for index, (code, town, year, value) in enumerate(places):
        chunk = first.setdefault((town, year), index // MAX_IMPORT_ROWS)
        version = 0 if chunk == index // MAX_IMPORT_ROWS else 1
        rows.append(FigureRow(code, town, year, value, None, version))
    return rows


def more_towns(county: str, towns: int):
    """Another county of ``towns`` towns, for a case that needs new figures in years
    another case has filled."""
    from indicators.models import Level, Region

    parent = Region.objects.create(
        code=f"7777{county}000000", name=f"基准县{county}", level=Level.COUNTY
    )
    return Region.objects.bulk_create(
        Region(
            code=f"7777{county}{100 + n:03d}000",
            name=f"基准{county}-{n}镇",
            level=Level.TOWN,
            parent=parent,
        )
        for n in range(towns)
    )


def analyze() -> None:
    """Planner statistics, as autovacuum keeps them in production (it is off on some
    development servers); never inside a timing."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def service(rows, user, *, read=None) -> tuple[float, int]:
    """``rows`` through ``figures_import`` in imports of at most 10,000; ``read`` turns
    each chunk into rows first, inside the timing (the API's reading of items)."""
    from indicators.figures import MAX_IMPORT_ROWS, figures_import
    from indicators.models import Source

    copies["n"] = 0
    with CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        for first in range(0, len(rows), MAX_IMPORT_ROWS):
            chunk = rows[first : first + MAX_IMPORT_ROWS]
            if read is not None:
                chunk = read(chunk)
            summary = figures_import(rows=chunk, user=user, source=Source.IMPORT)
            assert not summary.conflicts, summary.conflicts[:3]
        seconds = time.perf_counter() - start
    return seconds, len(queries) + copies["n"]


def api_read(items):
    from indicators.api.rows import rows_from_body

    return rows_from_body({"values": items})


def floor(rows, user) -> tuple[float, int]:
    """The same rows straight into the table: COPY on PostgreSQL, executemany on SQLite."""
    from django.utils import timezone

    from indicators.models import DataValue, Report

    places = sorted({(row.region, row.year) for row in rows})
    Report.objects.bulk_create([Report(region_id=town, year=year) for town, year in places])
    ids = {
        (report.region_id, report.year): report.pk
        for report in Report.objects.filter(region_id__in={t for t, _y in places})
    }
    now = timezone.now()
    data = [
        (
            ids[(row.region, row.year)],
            row.indicator,
            row.value,
            "",
            False,
            "import",
            user.pk,
            now,
            1,
        )
        for row in rows
    ]
    table = DataValue._meta.db_table
    columns = (
        "report_id, indicator_id, value, comment, comment_outdated, source, changed_by_id, "
        "updated_at, version"
    )
    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in data:
                    copy.write_row(row)
        else:
            cursor.executemany(
                f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
                [(*row[:7], now.isoformat(" "), row[8]) for row in data],
            )
    return time.perf_counter() - start, 1


def machine() -> str:
    cores = os.cpu_count()
    if connection.vendor == "postgresql":
        major, minor = divmod(connection.pg_version, 10000)
        database = f"PostgreSQL {major}.{minor}"
    else:
        import sqlite3

        database = f"SQLite {sqlite3.sqlite_version}"
    return f"{platform.machine()}, {cores} cores, Python {platform.python_version()}, {database}"


def main():
    import indicators.api.urls  # the API's modules, in Django's order, untimed
    from indicators.models import Indicator

    _count_copies()
    with throwaway_database():
        _county, towns, admin = benchmark_county(TOWNS)
        api_towns, excel_towns = more_towns("02", TOWNS), more_towns("03", TOWNS)
        indicators = list(Indicator.objects.in_report_order())
        analyze()
        print(f"{machine()}; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {_load()}")
        print(
            f"{'case':<28} {'figures':>8} {'seconds':>8} {'figures/s':>10} {'statements':>11} "
            f"{'× floor':>8}"
        )
        years = iter(range(2000, 2027))
        slowest = None
        for size in SIZES:
            results, floor_seconds = _cases(
                size, years, towns, api_towns, excel_towns, indicators, admin
            )
            for name, seconds, statements in results:
                print(
                    f"{name:<28} {size:>8,} {seconds:>8.2f} {size / seconds:>10,.0f} "
                    f"{statements:>11} {seconds / floor_seconds:>8.1f}"
                )
                if "new" in name:
                    slowest = min(slowest or size / seconds, size / seconds)
        if connection.vendor != "postgresql":
            print("SQLite has no COPY: the floor is one executemany INSERT of the same rows.")
            return
        verdict = "met" if slowest >= GOAL else "not met"
        print(
            f"goal ≥ {GOAL:,} new figures/s: {verdict} "
            f"(slowest new case {slowest:,.0f}/s); {_load()}"
        )


def _cases(size, years, towns, api_towns, excel_towns, indicators, admin):
    """Every case of one size, in its own years; the floor's seconds."""
    span = [next(years) for _ in range(size // 10_000)]
    floor_years = [next(years) for _ in range(size // 10_000)]
    floor_seconds, floor_statements = floor(
        rows_for(towns, floor_years, indicators, size, 0), admin
    )
    label = "COPY (write_row)" if connection.vendor == "postgresql" else "executemany INSERT"
    analyze()
    created = service(rows_for(towns, span, indicators, size, 0), admin)
    analyze()
    updated = service(rows_for(towns, span, indicators, size, 1), admin)
    analyze()
    api = service(api_items(api_towns, span, indicators, size), admin, read=api_read)
    analyze()
    excel = service(excel_rows(excel_towns, span, indicators, size), admin)
    analyze()
    return [
        ("service, new", *created),
        ("service, update", *updated),
        ("API rows, new", *api),
        ("Excel/CSV rows, new", *excel),
        (label, floor_seconds, floor_statements),
    ], floor_seconds


def _load() -> str:
    return "load average " + " ".join(f"{load:.2f}" for load in os.getloadavg())


if __name__ == "__main__":
    main()
