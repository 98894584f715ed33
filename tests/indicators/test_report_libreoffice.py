"""The Word file as LibreOffice lays it out: every character printed, 22 lines of at
most 28 characters a page (GB/T 9704-2012 7.3.3).

Converted with ``soffice --headless --convert-to pdf`` and read back with poppler's
``pdftotext -layout``. Locally these tests skip without LibreOffice; CI sets
REQUIRE_BROWSER (and CI) and a missing soffice fails the run instead, as for the
browser tests (tests/browser/conftest.py).
"""

import os
import re
import shutil
import subprocess
import unicodedata

import pytest
from django.conf import settings
from django.contrib.auth.models import User

from indicators.models import Region
from indicators.reports import build_report, report_docx
from indicators.reports.plain import report_text
from indicators.seeding.demo import seed_demo

pytestmark = pytest.mark.django_db

PAGE_NUMBER = re.compile(r"^\s*—\s*\d+\s*—\s*$")


@pytest.fixture(scope="module")
def tools():
    missing = [tool for tool in ("soffice", "pdftotext") if shutil.which(tool) is None]
    if missing:
        if os.environ.get("REQUIRE_BROWSER") or os.environ.get("CI"):
            pytest.fail(f"CI needs {', '.join(missing)} (apt-get install libreoffice-writer-nogui)")
        pytest.skip(f"{', '.join(missing)} not installed (libreoffice-writer-nogui, poppler-utils)")


def pdf_pages(docx: bytes, tmp_path) -> list[list[str]]:
    """Each page's printed lines, page numbers left out."""
    source = tmp_path / "report.docx"
    source.write_bytes(docx)
    profile = (tmp_path / "profile").as_uri()  # its own profile: runs never share a lock
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "report.pdf"), "-"],
        check=True, capture_output=True, text=True, timeout=60,
    ).stdout  # fmt: skip
    return [
        [line for line in page.splitlines() if line.strip() and not PAGE_NUMBER.match(line)]
        for page in text.split("\f")
        if page.strip()
    ]


# A mark that would start the next line hangs past the end of this one (Chinese line
# breaking: no line starts with ，。、), as Word and WPS let it too.
HANGING = "，。、；：？！”）"


def width(line: str) -> float:
    """Characters as the grid counts them: a full-width one is one, a digit half; a
    mark hanging at the end is not in the text area."""
    line = line.rstrip()
    if line and line[-1] in HANGING:
        line = line[:-1]
    return sum(1 if unicodedata.east_asian_width(c) in "WF" else 0.5 for c in line if c != " ")


@pytest.fixture
def demo(catalogue):
    seed_demo()


@pytest.mark.parametrize("code", ["100", ""])
def test_libreoffice_prints_every_character_22_lines_a_page_28_a_line(tools, demo, code, tmp_path):
    region = Region.objects.get(code=settings.DEMO_COUNTY_CODE[:6] + (code or "000") + "000")
    report = build_report(User.objects.get(username="admin"), region, 2025)
    pages = pdf_pages(report_docx(report), tmp_path)
    printed = "".join("".join(line.split()) for page in pages for line in page)
    assert printed == "".join(report_text(report).split())
    assert max(len(page) for page in pages) == 22
    # Full lines hold 28 characters, not fewer: a grid cell narrower than the body
    # font made LibreOffice give each character two cells (14 a line).
    assert max(width(line) for page in pages for line in page) == 28
