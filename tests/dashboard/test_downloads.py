"""Every table downloads as CSV (UTF-8 with BOM) and XLSX, and parses back to the numbers shown."""

import csv
import io
import re
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from dashboard.downloads import sheet_name
from dashboard.tables import Table
from indicators.models import Report, Status
from tests import factories
from tests.factories import reports_set_status

COUNTY = "888801000000"
TOWN = "888801101000"


def download(client, url, fmt, table, **params):
    return client.get(url, {"county": COUNTY, "export": fmt, "table": table, **params})


def shown_row(html: str, label: str, table: str | None = None) -> list[str]:
    """The cells of the table row that starts with ``label``, as the page shows them
    (in the table of key ``table``, when given)."""
    if table is not None:
        html = re.search(rf'<table [^>]*data-table="{table}">(.*?)</table>', html, re.S)[1]
    name = rf'<td class="name">(?:<a [^>]*>)?{re.escape(label)}(?:</a>)?</td>'
    row = re.search(rf"<tr[^>]*>{name}(.*?)</tr>", html, re.S).group(1)
    return [re.sub(r"<[^>]+>|\*", "", cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row)]


def test_csv_starts_with_a_bom_and_parses_back_to_the_numbers_shown(client, small_county):
    html = client.get("/indicators/raw_coal_output/", {"county": COUNTY}).content.decode()
    response = download(client, "/indicators/raw_coal_output/", "csv", "raw_coal_output")
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["乡镇", "2020（万吨）", "2021（万吨）"]
    by_town = {row[0]: row[1:] for row in rows[1:]}
    # 2020, 2021, the 2021 target, and an empty 说明 (a town's figure is never partial).
    shown = shown_row(html, "测试1镇", "raw_coal_output")
    assert by_town["测试1镇"] == shown == ["10.00", "11.00", "12.00", ""]
    assert by_town["测试县（求和）"][:2] == ["60.00", "63.00"]


def test_xlsx_parses_back_to_the_numbers_shown_as_numbers(client, small_county):
    response = download(client, "/", "xlsx", "section-industry")
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[2][:3] == ("指标", "单位", "2021年")
    raw = next(row for row in rows if row[0] == "原煤产量")
    assert Decimal(str(raw[2])) == Decimal("63")
    assert raw[1] == "万吨"


def test_missing_figures_download_as_empty_cells_not_zero(client, small_county):
    factories.seed_figures({(TOWN, year): {"land_acquired": None} for year in (2020, 2021)})
    response = download(client, "/indicators/land_acquired/", "csv", "land_acquired")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][:3] == ["测试1镇", "", ""]


def test_unapproved_figures_are_marked_in_downloads(client, small_county, county_official):
    reports_set_status(Report.objects.filter(year=2021, region_id=TOWN), Status.SUBMITTED)
    client.force_login(county_official)
    params = {"year": 2021, "unapproved": 1}
    text = download(client, f"/towns/{TOWN}/", "csv", "section-industry", **params)
    rows = list(csv.reader(io.StringIO(text.content.decode("utf-8-sig"))))
    assert next(row for row in rows if row[0] == "原煤产量")[2] == "11.00*"
    assert "未审核" in rows[-1][0]
    book = download(client, f"/towns/{TOWN}/", "xlsx", "section-industry", **params)
    sheet = load_workbook(io.BytesIO(book.content)).active
    raw = next(row for row in sheet.iter_rows() if row[0].value == "原煤产量")
    assert raw[2].value == 11
    assert raw[2].fill.fgColor.rgb.endswith("FFE0B2")


def test_every_table_on_a_page_has_both_download_links(client, small_county):
    html = client.get("/sections/green/", {"county": COUNTY}).content.decode()
    tables = re.findall(r'data-table="([^"]+)"', html)
    assert tables
    for key in tables:
        assert f"export=csv&amp;table={key}" in html
        assert f"export=xlsx&amp;table={key}" in html


def test_a_downloaded_workbook_says_what_where_and_when_in_a_title_row(client, small_county):
    response = download(client, "/indicators/raw_coal_output/", "xlsx", "raw_coal_output")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "原煤产量（万吨） · 测试县 · 2020–2021年"
    assert sheet.title == "原煤产量"
    assert rows[2] == ("乡镇", "2020（万吨）", "2021（万吨）", "2021年目标（万吨）", "说明")
    assert rows[3][:3] == ("测试1镇", 10, 11)


def test_a_section_workbook_is_named_after_the_section_with_percent_columns_marked(
    client, small_county
):
    response = download(client, "/", "xlsx", "section-industry")
    sheet = load_workbook(io.BytesIO(response.content)).active
    headers = list(sheet.iter_rows(values_only=True))[2]
    assert sheet.title == "产业发展"
    assert "产业发展 · 测试县 · 2021" in sheet["A1"].value
    assert "增幅（%）" in headers and "完成率（%）" in headers


def test_the_csv_header_carries_the_unit_and_keeps_the_header_first(client, small_county):
    response = download(client, "/sections/industry/", "csv", "raw_coal_output")
    header = next(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert header == ["乡镇", "2020（万吨）", "2021（万吨）", "2021年目标（万吨）", "说明"]


@pytest.mark.parametrize(
    "sheet, expected",
    [
        ("原煤产量", "原煤产量"),
        ("煤炭: 产量/产能 [估]?", "煤炭  产量 产能  估"),
        ("'引号'", "引号"),
        ("很" * 40, "很" * 31),
        ("***", "table"),
    ],
)
def test_sheet_names_keep_within_excels_rules(sheet, expected):
    assert sheet_name(Table(key="k", title="t", columns=[], sheet=sheet)) == expected
