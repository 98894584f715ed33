"""The Excel fill-in template: its layout is what the upload reads back."""

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from indicators.excel.reader import read_upload
from indicators.excel.template import template_workbook
from indicators.models import Indicator
from tests import factories
from tests.factories import save_figures

YEAR = 2024
HEADER = [
    "区划代码",
    "镇",
    "年度",
    "指标代码",
    "指标",
    "单位",
    "上年数值",
    "本年数值",
    "备注",
    "原数值",
    "原备注",
]
DECIMAL = "raw_coal_output"  # 万吨, 2 decimals
WHOLE = "coal_mines_consolidated"  # 座, an integer


def opened(content: bytes):
    book = load_workbook(io.BytesIO(content))
    return book, book["填报"]


def data_rows(sheet) -> list[tuple]:
    return list(sheet.iter_rows(min_row=5, values_only=True))


def whole(indicator) -> bool:
    """Integer indicators, and any shown without decimals, take whole numbers only."""
    return indicator.value_type == "integer" or indicator.decimals == 0


def row_of(sheet, town: str, code: str) -> int:
    for row in range(5, sheet.max_row + 1):
        if sheet.cell(row, 1).value == town and sheet.cell(row, 4).value == code:
            return row
    raise AssertionError(f"no row for {town} {code}")


@pytest.fixture
def figures(towns, catalogue, clerk):
    save_figures(towns[0], YEAR - 1, {DECIMAL: "120.5", WHOLE: 3}, user=clerk)
    save_figures(towns[0], YEAR, {DECIMAL: ("150.25", "含洗煤"), WHOLE: 0}, user=clerk)


def test_sheets_header_and_one_row_per_indicator_in_report_order(towns, catalogue):
    book, sheet = opened(template_workbook(towns=[towns[0]], year=YEAR))
    assert book.sheetnames == ["填报", "填写说明"]
    assert book.worksheets[0].title == "填报"
    assert [cell.value for cell in sheet[4]] == HEADER
    assert sheet["A1"].value == f"{towns[0].name} {YEAR} 年数字填报模板"
    assert "本年数值" in sheet["A2"].value and "不要填 0" in sheet["A2"].value
    rows = data_rows(sheet)
    order = [indicator.code for indicator in Indicator.objects.in_report_order()]
    assert len(rows) == len(catalogue) == 41
    assert [row[3] for row in rows] == order
    assert {row[:3] for row in rows} == {(towns[0].code, towns[0].name, YEAR)}
    decimal = catalogue[DECIMAL]
    row = rows[order.index(DECIMAL)]
    assert row[4:6] == (decimal.name, decimal.unit)


def test_codes_are_text_cells_and_the_year_an_integer(towns, catalogue):
    _book, sheet = opened(template_workbook(towns=[towns[0]], year=YEAR))
    for column in ("A", "D"):
        cell = sheet[f"{column}5"]
        assert cell.data_type == "s" and isinstance(cell.value, str)
        assert cell.number_format == "@"
    assert sheet["A5"].value == "888801101000"
    assert sheet["C5"].value == YEAR and isinstance(sheet["C5"].value, int)


def test_last_years_and_this_years_figures_comment_and_the_hidden_base(towns, catalogue, figures):
    _book, sheet = opened(template_workbook(towns=[towns[0]], year=YEAR))
    row = row_of(sheet, towns[0].code, DECIMAL)
    previous, value, comment, base_value, base_comment = (
        sheet.cell(row, column).value for column in range(7, 12)
    )
    assert Decimal(str(previous)) == Decimal("120.5")
    assert Decimal(str(value)) == Decimal(str(base_value)) == Decimal("150.25")
    assert comment == base_comment == "含洗煤"
    for column in (7, 8, 10):
        assert sheet.cell(row, column).number_format == "0.00"

    whole = row_of(sheet, towns[0].code, WHOLE)
    # A stored 0 is a figure, shown as 0: not an empty cell.
    assert [sheet.cell(whole, column).value for column in (7, 8, 9, 10, 11)] == [
        3,
        0,
        None,
        0,
        None,
    ]
    assert sheet.cell(whole, 8).number_format == "0"


def test_a_missing_figure_is_an_empty_cell_never_zero(towns, catalogue, figures):
    _book, sheet = opened(template_workbook(towns=[towns[0]], year=YEAR))
    row = row_of(sheet, towns[0].code, "land_acquired")
    assert [sheet.cell(row, column).value for column in range(7, 12)] == [None] * 5


def test_only_the_value_and_comment_of_data_rows_are_unlocked(towns, catalogue):
    _book, sheet = opened(template_workbook(towns=[towns[0]], year=YEAR))
    assert sheet.protection.sheet is True
    assert sheet.protection.autoFilter is False  # filtering is allowed
    assert all(cell.protection.locked for row in sheet.iter_rows(max_row=4) for cell in row)
    for row in range(5, sheet.max_row + 1):
        unlocked = [cell.column_letter for cell in sheet[row] if not cell.protection.locked]
        assert unlocked == ["H", "I"]


def test_base_columns_are_hidden_panes_frozen_and_no_merge_below_the_title(towns, catalogue):
    _book, sheet = opened(template_workbook(towns=[towns[0]], year=YEAR))
    assert sheet.column_dimensions["J"].hidden and sheet.column_dimensions["K"].hidden
    assert not any(sheet.column_dimensions[column].hidden for column in "ABCDEFGHI")
    assert sheet.freeze_panes == "A5"
    assert sheet.auto_filter.ref == f"A4:K{4 + 41}"
    assert sheet.merged_cells.ranges
    assert all(cells.max_row < 4 for cells in sheet.merged_cells.ranges)


def test_every_value_cell_is_validated_against_its_indicators_bounds(towns, catalogue):
    _book, sheet = opened(template_workbook(towns=towns, year=YEAR))
    validations = sheet.data_validations.dataValidation
    distinct = {(whole(i), i.min_value, i.max_value, i.unit) for i in catalogue.values()}
    assert len(validations) == len(distinct) < len(catalogue)
    for row in range(5, sheet.max_row + 1):
        covering = [v for v in validations if f"H{row}" in v.sqref]
        assert len(covering) == 1, row
        validation = covering[0]
        indicator = catalogue[sheet.cell(row, 4).value]
        assert validation.type == ("whole" if whole(indicator) else "decimal")
        assert validation.operator == "between"
        assert Decimal(validation.formula1) == indicator.min_value
        assert Decimal(validation.formula2) == indicator.max_value
        assert validation.allow_blank and validation.showErrorMessage
        assert validation.errorTitle
        assert f"{validation.formula1}～{validation.formula2}" in validation.error
        assert indicator.unit in validation.error
    assert not any("G5" in v.sqref or "I5" in v.sqref for v in validations)


def test_county_template_lists_every_town_in_code_order(county, towns, catalogue, admin_user):
    save_figures(towns[2], YEAR, {DECIMAL: 7}, user=admin_user)
    _book, sheet = opened(template_workbook(towns=towns[::-1], year=YEAR, county=county))
    rows = data_rows(sheet)
    assert len(rows) == 3 * 41
    assert [row[0] for row in rows[::41]] == [town.code for town in towns]
    assert sheet["A1"].value == f"{county.name} {YEAR} 年各镇数字填报模板"
    assert sheet.cell(row_of(sheet, towns[2].code, DECIMAL), 8).value == 7
    assert sheet.cell(row_of(sheet, towns[0].code, DECIMAL), 8).value is None


def test_the_notes_sheet_names_the_towns_the_year_and_when(towns, catalogue):
    book, _sheet = opened(template_workbook(towns=towns[:2], year=YEAR))
    lines = [row[0] for row in book["填写说明"].iter_rows(values_only=True) if row[0]]
    text = "\n".join(lines)
    assert "测试县 2024 年各镇数字填报模板" in lines[0]
    assert "测试1镇、测试2镇" in text and "年度：2024" in text and "生成时间" in text
    assert "不要填 0" in text


def test_user_text_never_becomes_a_formula(county, catalogue, admin_user):
    town = factories.town(county, 9, name='=HYPERLINK("http://evil.example","x")')
    save_figures(town, YEAR, {DECIMAL: (1, "=1+1")}, user=admin_user)
    _book, sheet = opened(template_workbook(towns=[town], year=YEAR))
    row = row_of(sheet, town.code, DECIMAL)
    for column in (2, 9, 11):
        cell = sheet.cell(row, column)
        assert cell.data_type == "s" and cell.value.startswith("'="), cell.value
    assert sheet["A1"].data_type == "s"


def test_fixed_number_of_queries_for_one_or_eight_towns(county, towns, catalogue, admin_user):
    more = towns + [factories.town(county, number) for number in range(4, 9)]
    for town in more:
        save_figures(town, YEAR, {DECIMAL: 5}, user=admin_user)
    counts = []
    for chosen in ([more[0]], more):
        with CaptureQueriesContext(connection) as queries:
            template_workbook(towns=chosen, year=YEAR, county=county)
        counts.append(len(queries))
    assert counts == [3, 3]


def test_the_upload_reads_an_untouched_template_as_nothing_to_do(towns, catalogue, figures):
    content = template_workbook(towns=[towns[0]], year=YEAR)
    upload = read_upload("template.xlsx", content)
    assert upload.layout == "template"
    assert upload.rows == [] and upload.problems == []
    assert upload.untouched == 41

    book, sheet = opened(content)
    sheet.cell(row_of(sheet, towns[0].code, DECIMAL), 8).value = Decimal("151.5")
    out = io.BytesIO()
    book.save(out)
    (row,) = read_upload("template.xlsx", out.getvalue()).rows
    assert (row.indicator, row.region, row.year) == (DECIMAL, towns[0].code, YEAR)
    assert row.value == Decimal("151.5")
    assert row.base == (Decimal("150.25"), "含洗煤")


def test_the_template_prints_on_a4_landscape_one_page_wide_with_the_header_on_each_page(
    towns, catalogue
):
    book = load_workbook(io.BytesIO(template_workbook(towns=towns, year=YEAR)))
    for sheet in book.worksheets:
        setup = sheet.page_setup
        assert (setup.orientation, setup.paperSize) == ("landscape", 9)  # 9: A4 (ECMA-376)
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0)
        assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    sheet = book["填报"]
    assert sheet.print_title_rows == "$4:$4"
    assert sheet.print_area == f"'填报'!$A$1:$I${4 + 3 * 41}"  # the shown columns


def test_the_instruction_line_spans_the_printed_width_with_room_for_every_line(towns, catalogue):
    _book, sheet = opened(template_workbook(towns=[towns[0]], year=YEAR))
    assert "A2:I2" in {str(cells) for cells in sheet.merged_cells.ranges}
    assert sheet["A2"].alignment.wrap_text is True
    printed = sum(sheet.column_dimensions[column].width for column in "ABCDEFGHI")
    text = sheet["A2"].value
    wide = sum(2 if ord(char) > 0x2E7F else 1 for char in text)  # a Chinese character: 2
    lines = -(-int(wide) // int(printed))
    assert lines >= 2  # the instructions do wrap: the row must grow with them
    assert sheet.row_dimensions[2].height >= lines * 15
