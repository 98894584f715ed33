"""Server time of each dashboard page: the demo county, a county of 40 towns × 15 years,
and (``--scale``) a province of 2,000 towns.

Not a test: it prints figures. By default it builds its own throwaway SQLite database
in a temporary directory (or uses BENCH_DATABASE_URL, e.g. an empty PostgreSQL
database), renders every page with Django's test client several times and prints the
median time and the number of SQL queries.

With ``--scale`` it only reads: BENCH_DATABASE_URL names a database that
``seed_scale`` filled (and ``migrate`` brought to 0008, which adds up its summaries),
and every page of its largest province, one of its prefectures, counties and towns
is measured as an anonymous visitor. Nothing is written (no sign-in: a session is a
write), except for the assessment's pages (考核: league table, what-if, a town's
breakdown, the scheme editor), which only a county official or an administrator sees
before publication: a second client signs in once as the seed's 管理员 (a session and
an audit entry, written before anything is timed) and measures them for the first
county that has a scheme (``seed_scale`` saves one in every county).

    DEBUG=1 .venv/bin/python bench/bench_pages.py
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/indicators_scale \
        DEBUG=1 .venv/bin/python bench/bench_pages.py --scale
"""

import os
import platform
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

from indicators.assessment.models import SchemeVersion  # noqa: E402
from indicators.catalogue import load_catalogue  # noqa: E402
from indicators.figures import MAX_IMPORT_ROWS, FigureRow, figures_import  # noqa: E402
from indicators.figures.service import reports_move  # noqa: E402
from indicators.models import (  # noqa: E402
    DataValue,
    Indicator,
    Level,
    Region,
    RegionSummary,
    Report,
    Source,
    Status,
    Target,
)
from indicators.seeding.demo import seed_demo  # noqa: E402
from indicators.seeding.scale import seed_user  # noqa: E402

RUNS = int(os.environ.get("BENCH_RUNS", "5"))
BIG_COUNTY = "777701000000"
BIG_TOWNS, BIG_YEARS, BIG_FIRST_YEAR = 40, 15, 2011


def big_county() -> None:
    """40 towns × 15 years × every indicator, approved, with targets."""
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
    indicators = list(Indicator.objects.all())
    rows, targets = [], []
    for town in towns:
        for year in range(BIG_FIRST_YEAR, BIG_FIRST_YEAR + BIG_YEARS):
            for index, indicator in enumerate(indicators):
                figure = Decimal(10 + (index * 7 + year + int(town.code[6:9])) % 90)
                figure = min(figure, indicator.max_value)  # within the catalogue's bounds
                rows.append(FigureRow(indicator.code, town.code, year, figure))
                targets.append(
                    Target(indicator=indicator, region=town, year=year, value=figure + 5)
                )
    # Through the write service, which keeps history, stamps and summaries; then every
    # report approved by its write half (a fixture: no review, no ±30 % comments).
    user = seed_user()
    for start in range(0, len(rows), MAX_IMPORT_ROWS):
        summary = figures_import(
            rows=rows[start : start + MAX_IMPORT_ROWS], user=user, source=Source.SEED
        )
        assert not summary.conflicts, summary.conflicts[:3]
    reports = list(Report.objects.filter(region__in=towns))
    reports_move(reports=reports, user=user, to_status=Status.APPROVED, many=True)
    Target.objects.bulk_create(targets, batch_size=2000)


def regional_pages(region: str) -> list[str]:
    query = f"?region={region}"
    return [
        f"/{query}",
        f"/sections/industry/{query}",
        f"/sections/livelihood/{query}",
        f"/indicators/raw_coal_output/{query}",
        f"/towns/{query}",
        f"/{query}&export=xlsx&table=children",
        f"/maps/{query}",
        f"/maps/{query}&format=json",
        f"/bigscreen/{query}",
    ]


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
        f"/maps/{query}",
        f"/maps/{query}&format=json",
        f"/bigscreen/{query}",
    ]


def measure(client: Client, url: str) -> tuple[float, float, float, int, int]:
    """Median server time, its Python CPU time and SQL time (ms), queries, bytes.

    On a shared machine the wall time moves with the load; the CPU time of this
    process (Python: views, templates, charts) and the SQL time move less.
    """
    times, cpu, sql = [], [], []
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as queries:
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.get(url)
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        sql.append(sum(float(query["time"]) for query in queries.captured_queries))
        assert response.status_code == 200, (url, response.status_code)
    return (
        statistics.median(times) * 1000,
        statistics.median(cpu) * 1000,
        statistics.median(sql) * 1000,
        len(queries),
        len(response.content),
    )


# Issue 24's goal: every page under this much server time at province scale.
GOAL_MS = 150


def report(client: Client, title: str, urls: list[str], who: str = "anonymous visitor") -> None:
    print(f"\n{title} (median of {RUNS}, {who}; goal: server time < {GOAL_MS} ms)")
    print(f"{'page':<72} {'ms':>7} {'cpu ms':>7} {'sql ms':>7} {'queries':>7} {'KB':>6}  goal")
    for url in urls:
        ms, cpu, sql, count, size = measure(client, url)
        met = "met" if ms < GOAL_MS else "NOT met"
        print(f"{url:<72} {ms:7.1f} {cpu:7.1f} {sql:7.1f} {count:7d} {size / 1024:6.1f}  {met}")


def assessment_pages(county: Region, year: int, town: str) -> list[str]:
    base = f"/assessment/{county.code}/{year}/"
    return [base, f"{base}?whatif=1&w-0-0=20", f"{base}town/{town}/", f"{base}scheme/"]


def assessment(county: Region) -> None:
    """The assessment pages of ``county``, signed in as the seed's 管理员."""
    year = SchemeVersion.objects.latest_year(county)
    if year is None:
        print(f"\nno assessment scheme in {county.name}: run seed_scale (or seed_demo) again")
        return
    client = Client()
    client.force_login(seed_user())
    towns = Region.objects.within(county).towns()
    town = towns.first().code
    title = f"assessment pages, {county.name} {year} ({towns.count()} towns), signed in"
    report(client, title, assessment_pages(county, year, town), who="管理员")


def scale(client: Client) -> None:
    """Every page of the largest province already in the database, read only."""
    if not RegionSummary.objects.exists():
        sys.exit("no region summaries: run `manage.py migrate` (0008) or rebuild_summaries")
    towns = {
        province.code: Region.objects.within(province).towns().count()
        for province in Region.objects.filter(level=Level.PROVINCE)
    }
    province = Region.objects.get(code=max(towns, key=towns.get))
    prefecture = Region.objects.within(province).filter(level=Level.PREFECTURE).first()
    county = Region.objects.within(prefecture).counties().first()
    town = Region.objects.within(county).towns().first()
    figures = DataValue.objects.within(province).count()
    whole = f"{province.name}: {towns[province.code]} towns, {figures:,} figures"
    report(client, f"province page, {whole}", regional_pages(province.code))
    count = Region.objects.within(prefecture).towns().count()
    report(
        client,
        f"prefecture page, {prefecture.name} ({count} towns)",
        regional_pages(prefecture.code),
    )
    count = Region.objects.within(county).towns().count()
    report(client, f"county pages, {county.name} ({count} towns)", pages(county.code, town.code))
    assessment(county)


def main() -> None:
    print(f"database: {connection.vendor} ({os.environ['DATABASE_URL']})")
    print(f"machine: {platform.node()}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}")
    client = Client()
    if "--scale" in sys.argv:
        scale(client)
        return
    call_command("migrate", verbosity=0)
    load_catalogue()
    seed_demo()
    big_county()
    datasets = [
        ("demo county, 8 towns × 11 years", "999901000000", "999901100000"),
        (f"generated county, {BIG_TOWNS} towns × {BIG_YEARS} years", BIG_COUNTY, "777701100000"),
    ]
    for title, county, town in datasets:
        report(client, title, pages(county, town))
    report(client, "demo province (one county)", regional_pages("990000000000"))
    assessment(Region.objects.get(code="999901000000"))


if __name__ == "__main__":
    main()
