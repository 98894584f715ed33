"""The values list at province scale: time per request, queries, and the plans.

Reads the province-scale database (``manage.py seed_scale``: 2,000 towns × 41
indicators × 15 years) and never writes to it: the session is read-only and the
export audit is switched off for the run. In process (no network), DEBUG off.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/indicators_scale \\
        .venv/bin/python bench/bench_read_scale.py [--explain] [--profile] [--csv]

Prints the median of a few runs for each list, the queries it took, and with
``--explain`` the plan of each query on the figures table, flagging a sequential scan.
"""

import argparse
import cProfile
import os
import pstats
import resource
import statistics
import sys
import time
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SECRET_KEY", "bench-only")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.backends.signals import connection_created  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402

TOWN, COUNTY, PROVINCE = "900101101000", "900101000000", "900000000000"
CASES = [
    ("one town, one year (41 rows)", f"/api/v1/values/?region={TOWN}&year=2024"),
    ("one county, one year (820)", f"/api/v1/values/?region={COUNTY}&year=2024&page_size=1000"),
    (
        "one indicator, one county, all years (300)",
        f"/api/v1/values/?region={COUNTY}&indicator=street_lights&page_size=1000",
    ),
    ("province, page 1 of 1,000", "/api/v1/values/?page_size=1000"),
    ("province, last page of 1,000", "/api/v1/values/?page_size=1000&page={last}"),
    ("province, cursor page near the end", "/api/v1/values/?page_size=1000&cursor={cursor}"),
    ("unchanged list: If-None-Match", f"/api/v1/values/?region={COUNTY}&year=2024"),
]


class Client(APIClient):
    """Over HTTPS, as production answers nothing else (SECURE_SSL_REDIRECT)."""

    def get(self, path, *args, **kwargs):
        return super().get(path, *args, secure=True, **kwargs)


# Every documented filter of values/ and targets/, alone, province-wide: none may scan
# the figures table from end to end for a page (--filters prints each plan's verdict).
FILTERS = [
    "/api/v1/values/?indicator=street_lights",
    "/api/v1/values/?section=industry",
    f"/api/v1/values/?region={PROVINCE}",
    "/api/v1/values/?year=2020",
    "/api/v1/values/?year_min=2025",
    "/api/v1/values/?year_max=2013",
    "/api/v1/values/?status=draft",
    "/api/v1/values/?updated_since=2030-01-01T00:00:00Z",
    "/api/v1/values/?cursor=",
    "/api/v1/targets/?indicator=street_lights",
    "/api/v1/targets/?region=900101000000&year=2026",
    "/api/v1/targets/?updated_since=2030-01-01T00:00:00Z",
]


def read_only(sender, connection, **kwargs):
    with connection.cursor() as cursor:
        cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")


def cursor_near_the_end(client) -> str | None:
    """A cursor 1,000 rows before the end of the province (new code only)."""
    try:
        from indicators.api import plain
        from indicators.api.cursor import cursor_encode
        from indicators.models import DataValue
    except ImportError:
        return None
    rows = DataValue.objects.order_by(*[f"-{field}" for field in plain.VALUES.key_fields])
    key = rows.values_list(*plain.VALUES.key_fields)[1000]
    return cursor_encode(key)


def timed(client, url: str, runs: int, **headers) -> tuple[float, float, int, int]:
    """Cold (first) time, median of the warm runs, queries and status of the last."""
    times = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.get(url, **headers)
            if response.streaming:
                b"".join(response.streaming_content)
            times.append(time.perf_counter() - start)
    warm = statistics.median(times[1:]) if runs > 1 else times[0]
    return times[0], warm, len(captured), response.status_code


def explain(url: str, client) -> list[str]:
    findings = []
    cache.clear()  # the count's query too
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    for query in captured.captured_queries:
        sql = query["sql"]
        if "indicators_datavalue" not in sql or not sql.lstrip().upper().startswith("SELECT"):
            continue
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        scan = "Seq Scan on indicators_datavalue" in plan
        findings.append(("SEQ SCAN  " if scan else "index     ") + sql[:40] + "…" + sql[-70:])
        if scan:
            findings.append(plan)
    return findings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--csv", action="store_true", help="also the province's CSV")
    parser.add_argument("--filters", action="store_true", help="only the plans of FILTERS")
    options = parser.parse_args()
    if connection.vendor != "postgresql":
        # `make bench` runs every script: this one needs a seeded PostgreSQL database.
        print("skipped: set DATABASE_URL to a PostgreSQL database seeded by seed_scale")
        return
    connection_created.connect(read_only)
    connection.close()
    anonymous = Client()
    admin = Client()
    admin.force_authenticate(User.objects.get(username="admin"))
    if options.filters:
        for url in FILTERS:
            for who, client in (("anon", anonymous), ("admin", admin)):
                cache.clear()
                cold, _warm, queries, status = timed(client, url, 1)
                print(f"{url:60} {who:6} {cold * 1000:6.0f}ms {queries} queries, HTTP {status}")
                for line in explain(url, client):
                    print("    " + line)
        return
    count = anonymous.get("/api/v1/values/?page_size=1000").json()["count"]
    last = (count + 999) // 1000
    cursor = cursor_near_the_end(anonymous)
    print(f"database {connection.settings_dict['NAME']}: {count:,} values anonymous callers see")
    print(f"{'list':45} {'who':6} {'cold':>8} {'warm':>8} {'queries':>7}")
    for who, client in (("anon", anonymous), ("admin", admin)):
        cache.clear()
        for label, url in CASES:
            url = url.format(last=last, cursor=cursor or "")
            if "cursor" in url and cursor is None:
                continue
            headers = {}
            if label.startswith("unchanged"):
                headers["HTTP_IF_NONE_MATCH"] = client.get(url)["ETag"]
            cold, warm, queries, status = timed(client, url, options.runs, **headers)
            print(
                f"{label:45} {who:6} {cold * 1000:7.0f}ms {warm * 1000:7.0f}ms {queries:7}"
                f"{'' if status in (200, 304) else f'  HTTP {status}'}"
            )
            if options.explain:
                for line in explain(url, client):
                    print("    " + line)
            if options.profile and who == "anon" and "page 1" in label:
                profiler = cProfile.Profile()
                profiler.enable()
                client.get(url)
                profiler.disable()
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(18)
    if options.csv:
        csv_province(anonymous)


def csv_province(client) -> None:
    """The province's CSV: seconds, rows a second, and the process's peak memory."""
    with mock.patch("indicators.api.lists.export_recorded"):
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        start = time.perf_counter()
        response = client.get(f"/api/v1/values/?format=csv&region={PROVINCE}")
        size = lines = 0
        first = None
        for block in response.streaming_content:
            first = first or time.perf_counter() - start
            size += len(block)
            lines += block.count(b"\r\n")
        seconds = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    rows = lines - 1
    baseline = raw_copy_seconds()
    if baseline:
        print(f"COPY of the same rows' raw columns, no formatting, to nowhere: {baseline:.1f} s")
    print(
        f"CSV of the province: {rows:,} rows, {size / 1e6:.0f} MB in {seconds:.1f} s "
        f"({rows / seconds:,.0f} rows/s, first byte {first * 1000:.0f} ms), "
        f"X-Row-Count {response.get('X-Row-Count', '-')}, "
        f"peak memory +{(peak - before) / 1024:.0f} MB"
    )


def raw_copy_seconds() -> float | None:
    """The database's own speed: COPY of the same filter's plain columns, read and dropped."""
    try:
        from django.contrib.auth.models import AnonymousUser

        from indicators.accounts import access
        from indicators.api import plain
        from indicators.models import DataValue
    except ImportError:
        return None
    low, high = PROVINCE[:2] + "0" * 10, PROVINCE[:2] + "9" * 10
    queryset = (
        access.visible_values(AnonymousUser(), DataValue.objects.all())
        .filter(report__region_id__gte=low, report__region_id__lte=high)
        .order_by(*plain.VALUES.key_fields)
    )
    sql, params = queryset.values_list(*plain.VALUES.columns).query.sql_with_params()
    start = time.perf_counter()
    statement = f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)"
    with connection.cursor() as wrapper, wrapper.cursor.copy(statement, params) as copy:
        for _block in copy:
            pass
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
