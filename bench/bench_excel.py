"""Benchmark of the Excel upload: a 10,000-figure county workbook, preview then commit.

Builds its own data in a throwaway test database (SQLite file, or a test_ database
next to DATABASE_URL's PostgreSQL), never touching the dev database:

    DEBUG=1 .venv/bin/python bench/bench_excel.py
    DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/indicators \\
        .venv/bin/python bench/bench_excel.py

The workbook is the county fill-in template (indicators.excel.template) for 243 towns
× 41 indicators = 9,963 figures, filled in as a clerk would; it goes through the
upload page, the preview page and the confirmation in-process (Django's test client),
so the figures are server time without the network.
"""

import io
import os
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DEBUG", "1")

import django

django.setup()

from _common import benchmark_county, throwaway_database  # noqa: E402
from django.db import connection  # noqa: E402

TOWNS, YEAR = 243, 2024  # 243 × 41 = 9,963 figures, under the 10,000 a file may hold


def filled(template: bytes, bump: int) -> bytes:
    """Every 本年数值 of the template filled with a figure inside its indicator's bounds."""
    from openpyxl import load_workbook

    from indicators.models import Indicator

    bounds = {i.code: (int(i.min_value), int(i.max_value)) for i in Indicator.objects.all()}
    book = load_workbook(io.BytesIO(template))
    sheet = book["填报"]
    header = [cell.value for cell in sheet[4]]
    code_at, value_at = header.index("指标代码") + 1, header.index("本年数值") + 1
    for row in range(5, sheet.max_row + 1):
        low, high = bounds[sheet.cell(row, code_at).value]
        sheet.cell(row, value_at).value = Decimal(low + (row * 7 + bump) % max(1, high - low))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def line(label: str, seconds: float, note: str) -> None:
    print(f"{label:<44} {seconds:6.2f} s  ({note})")


def main():
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client

    from indicators.excel.template import template_workbook
    from indicators.models import DataValue, ImportBatch

    with throwaway_database():
        _county, towns, admin = benchmark_county(TOWNS)
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(admin)
        print(f"database: {connection.vendor}, {TOWNS} towns × 41 indicators")
        for label, bump in (("all new", 0), ("all changed", 1)):
            start = time.perf_counter()
            workbook = filled(template_workbook(towns=towns, year=YEAR), bump)
            line(
                f"template + filling ({label})",
                time.perf_counter() - start,
                f"{len(workbook) // 1024} KB",
            )
            start = time.perf_counter()
            uploaded = client.post(
                "/upload/", {"file": SimpleUploadedFile("county.xlsx", workbook)}
            )
            read = time.perf_counter() - start
            batch = ImportBatch.objects.latest("created_at")
            start = time.perf_counter()
            preview = client.get(f"/upload/{batch.pk}/")
            checked = time.perf_counter() - start
            assert uploaded.status_code == 302 and "确认导入" in preview.content.decode()
            line(f"upload: read the workbook ({label})", read, f"{len(batch.rows)} rows")
            line(f"preview: check every row ({label})", checked, "dry run of the write service")
            start = time.perf_counter()
            done = client.post(f"/upload/{batch.pk}/confirm/")
            line(
                f"commit ({label})",
                time.perf_counter() - start,
                f"{DataValue.objects.count()} figures stored",
            )
            assert done.status_code == 302


if __name__ == "__main__":
    main()
