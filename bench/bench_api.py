"""Benchmark of the API: a 10,000-value bulk import, and GET values/ at 100 and 1,000 a page.

Builds its own data in a throwaway test database (SQLite file, or a test_ database
next to DATABASE_URL's PostgreSQL), never touching the dev database:

    DEBUG=1 .venv/bin/python bench/bench_api.py
    DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/indicators \
        .venv/bin/python bench/bench_api.py

Requests go through Django's test client in-process: the figures are server time
without the network.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("API_THROTTLE_USER", "100000/minute")

import django

django.setup()

from _common import benchmark_county, throwaway_database  # noqa: E402
from django.db import connection  # noqa: E402

TOWNS, YEARS, INDICATORS = 25, range(2011, 2021), 40  # 25 × 10 × 40 = 10,000 values


def timed(action, repeat: int = 1) -> tuple[float, object]:
    """Median seconds over ``repeat`` runs, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def build():
    from indicators.models import Indicator

    county, towns, admin = benchmark_county(TOWNS)
    return county, towns, admin, list(Indicator.objects.in_report_order()[:INDICATORS])


def line(label: str, seconds: float, note: str) -> None:
    shown = f"{seconds:7.2f} s " if seconds >= 1 else f"{seconds * 1000:7.1f} ms"
    print(f"{label:<42} {shown}  ({note})")


def body(towns, indicators, bump: int = 0) -> dict:
    rows = []
    for town in towns:
        for year in YEARS:
            for indicator in indicators:
                low, high = int(indicator.min_value), int(indicator.max_value)
                value = low + (hash((town.code, year, indicator.code)) + bump) % max(1, high - low)
                rows.append(
                    {"indicator": indicator.code, "region": town.code, "year": year, "value": value}
                )
    return {"values": rows}


def main():
    from rest_framework.test import APIClient

    from indicators.accounts.tokens import token_issue

    with throwaway_database():
        county, towns, admin, indicators = build()
        client = APIClient(HTTP_HOST="127.0.0.1")
        client.credentials(HTTP_AUTHORIZATION=f"Token {token_issue(user=admin)}")
        print(f"database: {connection.vendor}")

        first = body(towns, indicators)
        assert len(first["values"]) == 10_000
        post = "/api/v1/values/bulk/"
        seconds, dry = timed(lambda: client.post(f"{post}?dry_run=true", first, format="json"))
        line("bulk 10,000 values, dry run", seconds, f"{dry.json()['created']} would be created")
        seconds, real = timed(lambda: client.post(post, first, format="json"))
        assert real.status_code == 200, real.content[:500]
        line("bulk 10,000 values, all new", seconds, f"{real.json()['created']} created")
        seconds, same = timed(lambda: client.post(post, first, format="json"))
        line("bulk 10,000 values, all unchanged", seconds, f"{same.json()['unchanged']} unchanged")
        changed = body(towns, indicators, bump=1)
        seconds, upd = timed(lambda: client.post(post, changed, format="json"))
        line("bulk 10,000 values, all changed", seconds, f"{upd.json()['updated']} updated")

        region = f"?region={county.code}"
        for size in (100, 1000):
            url = f"/api/v1/values/{region}&page_size={size}"
            seconds, response = timed(lambda url=url: client.get(url), repeat=7)
            count = len(response.json()["results"])
            line(
                f"GET values/ page_size={size}, first page", seconds, f"{count} items, median of 7"
            )
            last = f"{url}&page={10_000 // size}"
            seconds, _ = timed(lambda last=last: client.get(last), repeat=7)
            line(f"GET values/ page_size={size}, last page", seconds, "median of 7")
        csv_url = f"/api/v1/values/{region}&format=csv"
        seconds, csv = timed(lambda: b"".join(client.get(csv_url).streaming_content), repeat=3)
        line("GET values/?format=csv, 10,000 rows", seconds, f"{len(csv) // 1024} KB")


if __name__ == "__main__":
    main()
