"""Time and queries of the annual work report: built, as a page, as Word, as JSON.

Not a test: it prints figures. On a throwaway database: the demo county (8 towns)
and a county of 40 towns with every figure for two years.

    DEBUG=1 .venv/bin/python bench/bench_report.py
"""

import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DEBUG", "1")
os.environ["ALLOWED_HOSTS"] = "testserver"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("LOG_LEVEL", "ERROR")

import django

django.setup()

from _common import benchmark_county, throwaway_database  # noqa: E402
from django.contrib.auth.models import AnonymousUser, User  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "7"))
YEAR = 2025


def measure(label: str, call) -> None:
    times, queries = [], 0
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            call()
            times.append((time.perf_counter() - start) * 1000)
        queries = len(captured)
    print(f"{label:<44} {statistics.median(times):7.1f} ms {queries:4d} queries")


def big_county():
    from indicators.figures import FigureRow, figures_import
    from indicators.figures.service import reports_move
    from indicators.models import Indicator, Report, Source, Status

    county, towns, admin = benchmark_county(40)
    indicators = list(Indicator.objects.all())
    places = [(town, year) for town in towns for year in (YEAR - 1, YEAR)]
    rows = [
        FigureRow(i.code, town.code, year, min(Decimal(n + 1), i.max_value))
        for n, (town, year) in enumerate(places)
        for i in indicators
    ]
    # Through the write service; then approved by its write half (a fixture, no review).
    summary = figures_import(rows=rows, user=admin, source=Source.SEED)
    assert not summary.conflicts, summary.conflicts[:3]
    reports = list(Report.objects.filter(region__in=towns))
    reports_move(reports=reports, user=admin, to_status=Status.APPROVED, many=True)
    return county, towns[0], admin


def main() -> None:
    from indicators.models import Region
    from indicators.reports import build_report, report_docx
    from indicators.seeding.demo import seed_demo

    with throwaway_database():
        seed_demo()
        demo_county = Region.objects.get(code="999901000000")
        demo_town = Region.objects.get(code="999901100000")
        official = User.objects.get(username="county")
        big, big_town, admin = big_county()
        client = Client()
        client.force_login(official)
        cases = [
            ("demo town", demo_town, official),
            ("demo county (8 towns)", demo_county, official),
            ("40-town county", big, admin),
            ("a town of the 40-town county", big_town, admin),
        ]
        for name, region, user in cases:
            client.force_login(user)
            measure(f"build_report · {name}", lambda r=region, u=user: build_report(u, r, YEAR))
            measure(
                f"build_report · {name} · anonymous",
                lambda r=region: build_report(AnonymousUser(), r, YEAR),
            )
            report = build_report(user, region, YEAR)
            measure(f"Word writer · {name}", lambda r=report: report_docx(r))
            measure(f"page · {name}", lambda r=region: client.get(f"/report/{r.code}/{YEAR}/"))
            measure(
                f"API json · {name}",
                lambda r=region: client.get(f"/api/v1/reports/{r.code}/{YEAR}/?format=json"),
            )


if __name__ == "__main__":
    main()
