"""SDMX-CSV of a county (and of the province) against the values list's CSV, side by side.

Without ``BENCH_DATABASE_URL``: a throwaway database (SQLite, or test_<name> on a
PostgreSQL ``DATABASE_URL``) seeded with the demo county; the province is skipped.
With it: the seeded scale database (``manage.py seed_scale``), read only, and the
province too. In process (no network), as an administrator, the export audit off.

    .venv/bin/python bench/bench_sdmx.py
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/indicators_scale \\
        .venv/bin/python bench/bench_sdmx.py

Prints seconds, rows and rows a second of each stream, and checks that both
streams hold the same number of rows.
"""

import os
import sys
import time
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("SECRET_KEY", "bench-only")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
SEEDED = os.environ.get("BENCH_DATABASE_URL")
if SEEDED:
    os.environ["DATABASE_URL"] = SEEDED

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.backends.signals import connection_created  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402

from bench._common import throwaway_database  # noqa: E402

SCALE_COUNTY, SCALE_PROVINCE = "900101000000", "900000000000"
RUNS = 5


def read_only(sender, connection, **kwargs):
    with connection.cursor() as cursor:
        cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")


def stream(client, url: str) -> tuple[float, int, int]:
    """Seconds to read the whole body, its data lines, and X-Row-Count."""
    start = time.perf_counter()
    response = client.get(url, secure=True)
    assert response.status_code == 200, response.status_code
    lines = sum(block.count(b"\r\n") for block in response.streaming_content)
    return time.perf_counter() - start, lines - 1, int(response["X-Row-Count"])


def best(client, url: str) -> tuple[float, int]:
    runs = [stream(client, url) for _ in range(RUNS)]
    seconds = min(run[0] for run in runs)
    rows, counted = runs[-1][1], runs[-1][2]
    assert rows == counted, (url, rows, counted)
    return seconds, rows


def compare(client, label: str, region: str) -> None:
    csv = best(client, f"/api/v1/values/?format=csv&region={region}")
    sdmx = best(client, f"/api/v1/sdmx/data/TOWN_FIGURES/{region}.?format=sdmx-csv")
    assert csv[1] == sdmx[1], (csv, sdmx)
    print(
        f"{label:<28} {csv[1]:>10,} rows   values CSV {csv[0]:7.3f} s "
        f"({csv[1] / csv[0]:>9,.0f} rows/s)   SDMX-CSV {sdmx[0]:7.3f} s "
        f"({sdmx[1] / sdmx[0]:>9,.0f} rows/s)   ratio {sdmx[0] / csv[0]:.2f}"
    )


def run(county: str, admin: User) -> None:
    client = APIClient()
    client.force_authenticate(admin)
    print(f"database: {connection.vendor}, best of {RUNS} runs, in process")
    with (
        mock.patch("indicators.api.lists.export_recorded"),
        mock.patch("indicators.api.sdmx.export_recorded"),
    ):
        compare(client, f"county {county}", county)
        if SEEDED:
            compare(client, f"province {SCALE_PROVINCE}", SCALE_PROVINCE)
        else:
            print("province: skipped (set BENCH_DATABASE_URL to a seeded scale database)")


def main() -> None:
    if SEEDED:
        connection_created.connect(read_only)
        run(SCALE_COUNTY, User.objects.filter(profile__role="admin").first())
        return
    with throwaway_database():
        from indicators.catalogue import load_catalogue
        from indicators.seeding.demo import seed_demo

        load_catalogue()
        seed_demo()
        run(settings.DEMO_COUNTY_CODE, User.objects.get(username="admin"))


if __name__ == "__main__":
    main()
