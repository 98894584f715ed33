"""values/ and targets/ as XLSX: the whole filtered result, a long and a wide sheet, a note."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.http import FileResponse
from django.utils import timezone
from openpyxl import load_workbook

from indicators.api import renderers
from indicators.models import Indicator, Section, Status, Target
from tests import factories

from .conftest import put_figures

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LONG_HEADER = ("指标代码", "指标", "单位", "区划代码", "区划", "年度", "数值", "状态", "修改时间")


def workbook(response):
    assert response.status_code == 200, response.content[:500]
    assert isinstance(response, FileResponse)
    assert response["Content-Type"] == XLSX
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def rows(sheet) -> list[tuple]:
    return list(sheet.iter_rows(values_only=True))


def exact(number, decimals: int) -> Decimal:
    """A number read back from Excel, as the Decimal it was written from."""
    return Decimal(repr(number)).quantize(Decimal(1).scaleb(-decimals))


def test_values_as_xlsx_hold_the_whole_result_with_chinese_headers(anonymous, figures):
    response = anonymous.get("/api/v1/values/?format=xlsx&page_size=2")
    assert response["Content-Disposition"] == 'attachment; filename="values.xlsx"'
    book = workbook(response)
    assert book.sheetnames == ["数字", "宽表", "说明"]
    long = rows(book["数字"])
    assert long[0] == LONG_HEADER, "the header is the first row: pandas reads it with header=0"
    # Anonymous: the 7 approved figures (the 2025 draft is not shown), not a page of 2.
    assert len(long) == 1 + 7
    first = long[1]
    assert first[:6] == ("raw_coal_output", "原煤产量", "万吨", "888801101000", "测试1镇", 2024)
    assert exact(first[6], 2) == Decimal("100.25")
    assert first[7] == "已审核"
    changed = timezone.localtime().replace(tzinfo=None) - first[8]
    assert timedelta(0) <= changed < timedelta(minutes=5), "a date cell in local time"


def test_figures_are_numbers_with_the_indicators_decimals_and_codes_are_text(anonymous, figures):
    sheet = workbook(anonymous.get("/api/v1/values/?format=xlsx&indicator=raw_coal_output"))["数字"]
    code, _name, _unit, region, _region_name, year, figure, state, changed = next(
        sheet.iter_rows(min_row=2, max_row=2)
    )
    assert (code.data_type, region.data_type, state.data_type) == ("s", "s", "s")
    assert region.value == "888801101000", "a 12-digit code stays text, not 8.88801101e11"
    assert (year.data_type, figure.data_type) == ("n", "n")
    assert figure.number_format == "#,##0.00"
    assert changed.is_date


def test_integer_indicators_have_no_decimals_in_their_format(anonymous, figures):
    sheet = workbook(anonymous.get("/api/v1/values/?format=xlsx&indicator=street_lights"))["数字"]
    figure = next(sheet.iter_rows(min_row=2, max_row=2))[6]
    assert (figure.value, figure.number_format) == (10, "#,##0")


def test_the_wide_sheet_has_a_row_per_region_and_year_and_units_in_the_header(
    anonymous, figures, catalogue
):
    # The second town has no street lights figure: an empty cell, never 0.
    factories.seed_figures({(figures["towns"][1], 2024): {"street_lights": None}})
    book = workbook(anonymous.get("/api/v1/values/?format=xlsx&region=888801000000"))
    wide = rows(book["宽表"])
    coal, lights = catalogue["raw_coal_output"], catalogue["street_lights"]
    assert wide[0] == (
        "区划代码",
        "区划",
        "年度",
        "状态",
        f"{coal.name}（{coal.unit}）",
        f"{lights.name}（{lights.unit}）",
    )
    assert wide[0][4] == "原煤产量（万吨）"
    by_town = {row[1]: row for row in wide[1:]}
    assert len(wide) == 1 + 3, "three towns, 2024 only (the 2025 draft is not public)"
    assert by_town["测试1镇"][:4] == ("888801101000", "测试1镇", 2024, "已审核")
    assert exact(by_town["测试1镇"][4], 2) == Decimal("100.25")
    assert by_town["测试1镇"][5] == 10
    assert exact(by_town["测试2镇"][4], 2) == Decimal("200.25")
    assert by_town["测试2镇"][5] is None
    cell = book["宽表"]["E2"]
    assert (cell.data_type, cell.number_format) == ("n", "#,##0.00")


def test_the_note_sheet_names_the_filter_the_count_and_the_time(anonymous, figures):
    url = "/api/v1/values/?format=xlsx&region=888801000000&year=2024&status=approved"
    notes = dict(row[:2] for row in rows(workbook(anonymous.get(url))["说明"]))
    assert notes["内容"] == "数字"
    assert notes["区划"] == "888801000000 测试县"
    assert notes["年度"] == "2024"
    assert notes["状态"] == "已审核"
    assert notes["行数"] == 6
    assert "未登录" in notes["可见范围"]
    assert notes["导出时间"].startswith("20")
    assert "format=xlsx" in notes["接口"]


def test_exact_decimals_survive_the_round_trip(admin_user, client_for, catalogue, towns):
    put_figures(
        towns[0],
        2024,
        Status.APPROVED,
        {"raw_coal_output": "98765.43", "street_lights": "1234567"},
        catalogue,
    )
    sheet = workbook(client_for(admin_user).get("/api/v1/values/?format=xlsx"))["数字"]
    figures = {row[0]: row[6] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert exact(figures["raw_coal_output"], 2) == Decimal("98765.43")
    assert figures["street_lights"] == 1234567


def test_anonymous_callers_see_only_approved_figures_of_public_indicators(
    anonymous, client_for, clerk, figures
):
    Section.objects.filter(indicators__code="street_lights").update(is_public=False)
    public = rows(workbook(anonymous.get("/api/v1/values/?format=xlsx"))["数字"])[1:]
    assert {row[0] for row in public} == {"raw_coal_output"}
    assert {row[7] for row in public} == {"已审核"}
    assert len(public) == 4, "three towns and the town of the other county, 2024"
    wide_header = rows(workbook(anonymous.get("/api/v1/values/?format=xlsx"))["宽表"])[0]
    assert wide_header == ("区划代码", "区划", "年度", "状态", "原煤产量（万吨）")
    # The clerk of the first town also reads its draft and its non-public figures.
    own = rows(workbook(client_for(clerk).get("/api/v1/values/?format=xlsx"))["数字"])[1:]
    assert ("raw_coal_output", "888801101000", 2025, "草稿") in {
        (row[0], row[3], row[5], row[7]) for row in own
    }
    assert "street_lights" in {row[0] for row in own}


def test_accept_header_asks_for_xlsx_too(anonymous, figures):
    book = workbook(anonymous.get("/api/v1/values/", HTTP_ACCEPT=XLSX))
    assert len(rows(book["数字"])) == 1 + 7


def test_targets_as_xlsx_carry_comments_and_have_their_own_sheet(
    anonymous, catalogue, towns, county
):
    Target.objects.create(
        indicator=catalogue["raw_coal_output"],
        region=county,
        year=2026,
        value=Decimal("350.5"),
        comment="县定目标",
    )
    Target.objects.create(
        indicator=catalogue["street_lights"], region=towns[0], year=2026, value=Decimal(40)
    )
    response = anonymous.get("/api/v1/targets/?format=xlsx")
    assert response["Content-Disposition"] == 'attachment; filename="targets.xlsx"'
    book = workbook(response)
    assert book.sheetnames == ["目标", "宽表", "说明"]
    long = rows(book["目标"])
    assert long[0] == (
        "指标代码",
        "指标",
        "单位",
        "区划代码",
        "区划",
        "年度",
        "目标值",
        "备注",
        "修改时间",
    )
    assert long[1][:6] == ("raw_coal_output", "原煤产量", "万吨", county.code, "测试县", 2026)
    assert exact(long[1][6], 2) == Decimal("350.50")
    assert long[1][7] == "县定目标"
    wide = rows(book["宽表"])
    assert wide[0] == ("区划代码", "区划", "年度", "原煤产量（万吨）", "安装路灯（盏）")
    assert wide[1][:3] == (county.code, "测试县", 2026)
    assert wide[1][4] is None, "the county has no street lights target: empty, not 0"
    assert wide[2][3] is None and wide[2][4] == 40


def test_more_rows_than_excel_holds_is_a_json_400_before_anything_is_written(
    anonymous, figures, monkeypatch
):
    monkeypatch.setattr(renderers, "XLSX_MAX_ROWS", 7)  # 7 figures + a header: one too many
    written = []
    monkeypatch.setattr(renderers.XlsxBook, "__init__", lambda self: written.append(self))
    response = anonymous.get("/api/v1/values/?format=xlsx")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    error = response.json()["error"]
    assert error["code"] == "too_many_rows"
    assert "format=csv" in error["message"] and "缩小" in error["message"]
    assert written == []
    monkeypatch.undo()
    monkeypatch.setattr(renderers, "XLSX_MAX_ROWS", 8)
    assert anonymous.get("/api/v1/values/?format=xlsx").status_code == 200


def test_errors_asked_as_xlsx_are_json(anonymous, figures):
    response = anonymous.get("/api/v1/values/?format=xlsx&indicator=nope")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "nope" in response.json()["error"]["message"]


def test_an_unchanged_xlsx_answers_304(anonymous, figures):
    first = anonymous.get("/api/v1/values/?format=xlsx")
    assert first["ETag"] != anonymous.get("/api/v1/values/")["ETag"]
    again = anonymous.get("/api/v1/values/?format=xlsx", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


@pytest.fixture(params=[1, 6])
def data(request, catalogue, county):
    """``n`` towns × 3 years × every indicator, values and targets, all approved."""
    towns = [factories.town(county, number) for number in range(1, request.param + 1)]
    reports = factories.seed_figures(
        {
            (town, year): dict.fromkeys(catalogue, 1)
            for town in towns
            for year in (2022, 2023, 2024)
        },
        status=Status.APPROVED,
    ).values()
    Target.objects.bulk_create(
        Target(indicator=indicator, region=report.region, year=report.year, value=Decimal(2))
        for report in reports
        for indicator in catalogue.values()
    )
    return len(reports) * len(catalogue)  # every row, public or not


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/values/?format=xlsx",
        "/api/v1/targets/?format=xlsx",
        "/api/v1/values/?format=xlsx&region=888801000000&year_min=2023&status=approved",
    ],
)
def test_an_xlsx_export_takes_a_fixed_number_of_queries(
    anonymous, data, url, django_assert_max_num_queries
):
    """Stamps, count, wide columns, the rows (and a region's name), the audit entry
    (the chain's head, the insert): the same for 138 rows or 828."""
    with django_assert_max_num_queries(8):
        book = workbook(anonymous.get(url))
    visible = anonymous.get(url.replace("format=xlsx", "page_size=1")).json()["count"]
    assert 0 < visible < data, "some indicators are not public"
    assert len(rows(book.worksheets[0])) == 1 + visible


def test_every_indicator_of_the_catalogue_gets_a_wide_column_with_its_unit(
    admin_user, client_for, catalogue, towns
):
    put_figures(towns[0], 2024, Status.DRAFT, {code: "1" for code in catalogue}, catalogue)
    header = rows(workbook(client_for(admin_user).get("/api/v1/values/?format=xlsx"))["宽表"])[0]
    ordered = Indicator.objects.order_by("section__number", "order")
    assert header[4:] == tuple(f"{i.name}（{i.unit}）" for i in ordered)


def test_a_failed_export_leaves_no_temporary_files(anonymous, figures, monkeypatch):
    from openpyxl.worksheet import _writer

    from indicators.api.views import ValueViewSet

    before = list(_writer.ALL_TEMP_FILES)

    def broken(self, value):
        raise RuntimeError("database went away")

    monkeypatch.setattr(ValueViewSet, "xlsx_row", broken)
    response = anonymous.get("/api/v1/values/?format=xlsx")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert list(_writer.ALL_TEMP_FILES) == before


def test_the_renderer_writes_a_small_answer_as_one_safe_sheet():
    content = renderers.XLSXRenderer().render({"results": [{"code": "=1+1", "n": 2}]})
    sheet = load_workbook(io.BytesIO(content)).active
    assert rows(sheet) == [("code", "n"), ("'=1+1", 2)]
