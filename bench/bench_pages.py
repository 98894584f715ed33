"""Server time of each dashboard page, on the demo county and on a county of 40 towns × 15 years.

Not a test: it prints figures. It builds its own throwaway SQLite database in a
temporary directory (or uses BENCH_DATABASE_URL, e.g. an empty PostgreSQL database),
renders every page with Django's test client several times and prints the median
time and the number of SQL queries.

    DEBUG=1 .venv/bin/python bench/bench_pages.py
"""

import os
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = tempfile.mkdtemp(prefix="bench-pages-")
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{TMP}/bench.sqlite3")
os.environ.setdefault("DEBUG", "1")
os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("LOG_LEVEL", "ERROR")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from indicators.catalogue import load_catalogue  # noqa: E402
from indicators.demo import seed_demo  # noqa: E402
from indicators.models import (  # noqa: E402
    DataValue,
    Indicator,
    Level,
    Region,
    Report,
    Source,
    Status,
    Target,
)

RUNS = int(os.environ.get("BENCH_RUNS", "5"))
BIG_COUNTY = "777701000000"
BIG_TOWNS, BIG_YEARS, BIG_FIRST_YEAR = 40, 15, 2011


def big_county() -> None:
    """40 towns × 15 years × every indicator, approved, with targets (no history rows)."""
    Region.objects.get_or_create(
        code="770000000000", defaults={"name": "压测省", "level": Level.PROVINCE}
    )
    Region.objects.get_or_create(
        code="777700000000",
        defaults={"name": "压测市", "level": Level.PREFECTURE, "parent_id": "770000000000"},
    )
    county, _ = Region.objects.get_or_create(
        code=BIG_COUNTY,
        defaults={"name": "压测县", "level": Level.COUNTY, "parent_id": "777700000000"},
    )
    towns = Region.objects.bulk_create(
        Region(code=f"777701{100 + n:03d}000", name=f"压测{n}镇", level=Level.TOWN, parent=county)
        for n in range(BIG_TOWNS)
    )
    reports = Report.objects.bulk_create(
        Report(region=town, year=BIG_FIRST_YEAR + y, status=Status.APPROVED, version=1)
        for town in towns
        for y in range(BIG_YEARS)
    )
    indicators = list(Indicator.objects.all())
    values, targets = [], []
    for report in reports:
        for index, indicator in enumerate(indicators):
            figure = Decimal(10 + (index * 7 + report.year + int(report.region_id[6:9])) % 90)
            values.append(
                DataValue(report=report, indicator=indicator, value=figure, source=Source.SEED)
            )
            targets.append(
                Target(
                    indicator=indicator, region=report.region, year=report.year, value=figure + 5
                )
            )
    DataValue.objects.bulk_create(values, batch_size=2000)
    Target.objects.bulk_create(targets, batch_size=2000)


def pages(county: str, town: str) -> list[str]:
    query = f"?county={county}"
    return [
        f"/{query}",
        f"/sections/industry/{query}",
        f"/sections/livelihood/{query}",
        f"/towns/{query}",
        f"/towns/{town}/{query}",
        f"/indicators/raw_coal_output/{query}",
        f"/indicators/raw_coal_output/{query}&export=xlsx&table=raw_coal_output",
    ]


def measure(client: Client, url: str) -> tuple[float, int, int]:
    times = []
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times) * 1000, len(queries), len(response.content)


def main() -> None:
    print(f"database: {connection.vendor} ({os.environ['DATABASE_URL']})")
    call_command("migrate", verbosity=0)
    load_catalogue()
    seed_demo()
    big_county()
    client = Client()
    datasets = [
        ("demo county, 8 towns × 11 years", "999901000000", "999901100000"),
        (f"generated county, {BIG_TOWNS} towns × {BIG_YEARS} years", BIG_COUNTY, "777701100000"),
    ]
    for title, county, town in datasets:
        print(f"\n{title} (median of {RUNS}, anonymous visitor)")
        print(f"{'page':<72} {'ms':>8} {'queries':>8} {'KB':>8}")
        for url in pages(county, town):
            ms, count, size = measure(client, url)
            print(f"{url:<72} {ms:8.1f} {count:8d} {size / 1024:8.1f}")


if __name__ == "__main__":
    main()
