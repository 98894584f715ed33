"""The county's trend and numbers tables mark a year that adds up only some towns."""

import csv
import io
import json
import re
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from indicators.models import Report, Status
from tests.factories import reports_set_status

COUNTY = "888801000000"
TOWN_1 = "888801101000"
SECTION = "/sections/industry/"


def only_town_1_approved_in_2021():
    reports_set_status(Report.objects.filter(year=2021).exclude(region_id=TOWN_1), Status.SUBMITTED)


def chart(html: str, dom_id: str) -> dict:
    found = re.search(rf'data-chart="{dom_id}">(.*?)</script>', html, re.S)
    return json.loads(found[1])


def county_row(html: str, key: str) -> str:
    table = re.search(rf'<table [^>]*data-table="{key}">(.*?)</table>', html, re.S)[1]
    return re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)[-1]


def test_the_county_trend_marks_the_partial_year_and_keeps_the_line_to_complete_ones(
    client, small_county
):
    only_town_1_approved_in_2021()
    html = client.get(SECTION, {"county": COUNTY, "year": 2021, "view": "county"}).content.decode()
    traces = chart(html, "trend-raw_coal_output")["data"]
    line = traces[0]
    # 2020: all three towns, 60; 2021: town 1 alone, 11 — not a fall from 60 to 11.
    assert line["y"] == [60.0, None]
    marks = next(trace for trace in traces if trace.get("text"))
    assert marks["x"] == [2021] and marks["y"] == [11.0]
    assert marks["text"] == ["仅 1/3 镇填报"]
    assert marks["marker"]["symbol"] == "diamond-open"
    assert any(trace.get("line", {}).get("dash") == "dot" for trace in traces)


def test_the_indicator_page_county_trend_is_marked_too(client, small_county):
    only_town_1_approved_in_2021()
    url = "/indicators/raw_coal_output/"
    html = client.get(url, {"county": COUNTY, "year": 2021, "view": "county"}).content.decode()
    assert "仅 1/3 镇填报" in json.dumps(chart(html, "trend-raw_coal_output"), ensure_ascii=False)


def test_a_complete_county_trend_has_no_partial_mark(client, small_county):
    html = client.get(SECTION, {"county": COUNTY, "view": "county"}).content.decode()
    traces = chart(html, "trend-raw_coal_output")["data"]
    assert traces[0]["y"] == [60.0, 63.0]
    assert "仅" not in json.dumps(traces, ensure_ascii=False)
    assert 'class="partial-mark"' not in html


def test_the_numbers_table_marks_the_partial_county_figure_and_notes_the_year(client, small_county):
    only_town_1_approved_in_2021()
    html = client.get(SECTION, {"county": COUNTY, "year": 2021}).content.decode()
    row = county_row(html, "raw_coal_output")
    assert '<td class="num partial" title="仅 1/3 镇填报">11.00<sup class="partial-mark">1/3' in row
    # The note sits under the table (it would widen it), the row's 说明 cell linking to it.
    assert 'href="#note-raw_coal_output-4"' in row
    note = '<li id="note-raw_coal_output-4"><strong>测试县（求和）</strong>：2021年仅 1/3 镇填报'
    assert note in html
    # 2020 added up every town: no mark.
    assert '<td class="num">60.00</td>' in row


def test_the_download_keeps_the_partial_figure_a_clean_number_and_the_note_apart(
    client, small_county
):
    only_town_1_approved_in_2021()
    params = {"county": COUNTY, "year": 2021, "table": "raw_coal_output"}
    text = client.get(SECTION, {**params, "export": "csv"}).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["乡镇", "2020（万吨）", "2021（万吨）", "2021年目标（万吨）", "说明"]
    assert rows[-1] == ["测试县（求和）", "60.00", "11.00", "66.00", "2021年仅 1/3 镇填报"]
    book = client.get(SECTION, {**params, "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(book.content)).active
    county = list(sheet.iter_rows(values_only=True))[-1]
    assert Decimal(str(county[2])) == Decimal(11)
    assert county[-1] == "2021年仅 1/3 镇填报"


def test_the_overview_table_marks_partial_county_figures(client, small_county):
    only_town_1_approved_in_2021()
    html = client.get("/", {"county": COUNTY, "year": 2021}).content.decode()
    row = re.search(r'<tr><td class="name">原煤产量</td>(.*?)</tr>', html, re.S)[1]
    assert '<sup class="partial-mark">1/3</sup>' in row


def test_the_overview_sparkline_marks_the_partial_year_with_hover_text(client, small_county):
    only_town_1_approved_in_2021()
    html = client.get("/", {"county": COUNTY, "year": 2021}).content.decode()
    card = re.search(r'data-indicator="raw_coal_output">(.*?)</article>', html, re.S)[1]
    spark = re.search(r'<svg class="spark".*?</svg>', card, re.S)[0]
    assert '<path class="partial"' in spark
    assert "<title>仅 1/3 镇填报</title>" in spark


def test_a_complete_overview_sparkline_is_one_solid_path(client, small_county):
    html = client.get("/", {"county": COUNTY}).content.decode()
    card = re.search(r'data-indicator="raw_coal_output">(.*?)</article>', html, re.S)[1]
    assert card.count("<path") == 1
    assert "partial" not in re.search(r'<svg class="spark".*?</svg>', card, re.S)[0]


@pytest.mark.parametrize("size", ["small_county", "large_county"])
def test_marking_partial_years_adds_no_query(request, client, django_assert_max_num_queries, size):
    request.getfixturevalue(size)
    reports_set_status(Report.objects.filter(year=2021).exclude(region_id=TOWN_1), Status.SUBMITTED)
    for url, view in [("/", ""), (SECTION, "county"), ("/indicators/raw_coal_output/", "county")]:
        with django_assert_max_num_queries(10):
            response = client.get(url, {"county": COUNTY, "year": 2021, "view": view})
        assert response.status_code == 200
