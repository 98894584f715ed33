"""The Excel fill-in template: the figures of one year, for one town or a county's towns.

The layout is a contract with :mod:`indicators.excel.reader`, which reads the file
back when it is uploaded:

* Sheet 1 "填报": rows 1–3 hold the title and instructions (merged across A–I, the
  only merged cells); row 4 is the header :data:`HEADER` (columns A–K); from row 5
  one row per (town, indicator), towns in code order, indicators in report order,
  and nothing below the last data row.
* 区划代码 and 指标代码 are text cells; 年度 is an integer; 上年数值, 本年数值 and 原数值
  are numbers (a missing figure is an empty cell, never 0); 备注 and 原备注 are text.
* 原数值 and 原备注 (J–K, hidden and locked) repeat the figure and the comment as they
  were stored when the file was made: the reader leaves a row alone whose 本年数值 and
  备注 still equal them, and the write service refuses a row whose figure someone else
  changed since, so a stale template never overwrites a colleague's work.
* The sheet is protected without a password (protection guards against slips, not
  people): only 本年数值 and 备注 of the data rows are unlocked. Filtering and sorting
  are allowed and an auto filter sits on the header row, but Excel refuses to sort a
  range holding locked cells on a protected sheet; the upload does not need the rows'
  order anyway.
* Excel's data validation on 本年数值: a number (a whole number for indicators without
  decimals) between the indicator's bounds, or empty.
* Sheet 2 "填写说明": the instructions, the towns, the year and when the file was made.

Every text cell from people or the catalogue goes through
:func:`~indicators.reads.exports.safe_cell`, so no name or comment becomes a formula.
"""

import io
from collections import defaultdict
from collections.abc import Callable, Iterable
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from indicators.reads.exports import safe_cell
from indicators.support.decimals import plain

from ..models import DataValue, Indicator, Region, ValueType
from .printing import print_landscape, wrapped_lines

# The header and the sheet titles are read back by the upload (indicators.excel.reader
# finds its columns by these labels), so they are the file format's words, the same in
# every interface language; the title and the instructions around them are translated.
HEADER = (
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
)
SHEET_TITLE = "填报"
NOTES_TITLE = "填写说明"
HEADER_ROW = 4
FIRST_DATA_ROW = HEADER_ROW + 1
# Columns (1-based) by their role.
REGION, TOWN, YEAR, CODE, NAME, UNIT, PREVIOUS, VALUE, COMMENT, BASE_VALUE, BASE_COMMENT = range(
    1, len(HEADER) + 1
)
INPUTS = (VALUE, COMMENT)
HIDDEN = (BASE_VALUE, BASE_COMMENT)
WIDTHS = {
    REGION: 15,
    TOWN: 12,
    YEAR: 7,
    CODE: 30,
    NAME: 30,
    UNIT: 10,
    PREVIOUS: 12,
    VALUE: 12,
    COMMENT: 36,
    BASE_VALUE: 12,
    BASE_COMMENT: 20,
}
TEXT = "@"
LAST_TITLE_COLUMN = get_column_letter(COMMENT)  # merged title rows end at the last shown column
BUILT = 0.8  # share of the work done when every row is in the sheet; saving is the rest
# The printed width: the shown columns A–I (the base columns J–K are hidden).
PRINTED_WIDTH = sum(WIDTHS[column] for column in range(REGION, COMMENT + 1))
LINE_HEIGHT = 15  # points per line of 11-point text
TITLE_LINE_HEIGHT = 22

BOLD = Font(bold=True)
TITLE_FONT = Font(bold=True, size=14)
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
WRAP = Alignment(wrap_text=True, vertical="top")
UNLOCKED = Protection(locked=False)

Figures = dict[tuple[str, str], tuple[Decimal, str]]


def template_workbook(
    *,
    towns: list[Region],
    year: int,
    county: Region | None = None,
    progress: Callable[[float], None] | None = None,
) -> bytes:
    """The template's .xlsx bytes for ``towns`` (listed in code order) and ``year``.

    Three queries whatever the number of towns (the indicators, this year's figures,
    last year's), and a fourth for the county's name in the title of a several-town
    template when ``county`` is not given. ``progress`` hears the fraction done after
    each town; writing the file out is the last fifth.
    """
    # A town of the year only, with what the catalogue asks of it then (its scope, not
    # retired): the indicators are read once and sorted out town by town.
    towns = sorted((town for town in towns if town.exists_in(year)), key=lambda town: town.code)
    indicators = list(Indicator.objects.in_use_in(year).in_report_order().select_related("scope"))
    title = _title(towns, year, county)
    made = timezone.localtime().strftime("%Y-%m-%d %H:%M")

    book = Workbook()
    sheet = book.active
    sheet.title = SHEET_TITLE
    _head(sheet, title, made)
    _layout(sheet, _data_rows(sheet, towns, indicators, year, progress))
    notes = book.create_sheet(NOTES_TITLE)
    _notes(notes, title, towns, year, made)
    print_landscape(notes)

    out = io.BytesIO()
    book.save(out)
    if progress is not None:
        progress(1)
    return out.getvalue()


def _data_rows(
    sheet,
    towns: list[Region],
    indicators: list[Indicator],
    year: int,
    progress: Callable[[float], None] | None,
) -> int:
    """A row per town and indicator it applies to, with this year's figure and last
    year's, and the bounds' validations; the last row written."""
    current = _figures(towns, year)
    previous = _figures(towns, year - 1)
    validations: dict[tuple, list[int]] = defaultdict(list)
    row = FIRST_DATA_ROW
    for done, town in enumerate(towns, start=1):
        for indicator in indicators:
            if indicator.applies_to(town, year):
                value, comment = current.get((town.code, indicator.code), (None, ""))
                last, _comment = previous.get((town.code, indicator.code), (None, ""))
                _data_row(sheet, row, town, year, indicator, value, comment, last)
                validations[_bounds(indicator)].append(row)
                row += 1
        if progress is not None:
            progress(BUILT * done / len(towns))
    for bounds, rows in validations.items():
        sheet.add_data_validation(_validation(bounds, rows))
    return row - 1


def _layout(sheet, last_row: int) -> None:
    """The widths, the hidden base columns, the frozen header, the filter, the
    protection and the printed pages of the data sheet."""
    for column, width in WIDTHS.items():
        sheet.column_dimensions[get_column_letter(column)].width = width
    for column in HIDDEN:
        sheet.column_dimensions[get_column_letter(column)].hidden = True
    sheet.freeze_panes = f"A{FIRST_DATA_ROW}"
    sheet.auto_filter.ref = (
        f"A{HEADER_ROW}:{get_column_letter(len(HEADER))}{max(last_row, HEADER_ROW)}"
    )
    _protect(sheet)
    # The header on every printed page; the hidden base columns are not printed.
    print_landscape(
        sheet,
        title_rows=f"{HEADER_ROW}:{HEADER_ROW}",
        area=f"A1:{LAST_TITLE_COLUMN}{max(last_row, HEADER_ROW)}",
    )


def _figures(towns: list[Region], year: int) -> Figures:
    """{(town, indicator): (value, comment)} of the towns' figures of one year: one query."""
    rows = (
        DataValue.objects.filter(report__region_id__in=[town.code for town in towns])
        .filter(report__year=year)
        .values_list("report__region_id", "indicator_id", "value", "comment")
        .order_by()
    )
    return {(town, code): (value, comment) for town, code, value, comment in rows}


def _title(towns: list[Region], year: int, county: Region | None) -> str:
    if len(towns) == 1:
        return _("%(town)s %(year)s 年数字填报模板") % {"town": towns[0].name, "year": year}
    if county is not None:
        name = county.name
    else:
        parents = {town.parent_id for town in towns if town.parent_id}
        name = "、".join(Region.objects.filter(code__in=parents).values_list("name", flat=True))
    return _("%(county)s %(year)s 年各镇数字填报模板") % {"county": name, "year": year}


def _instructions() -> list[str]:
    words = {"value": HEADER[VALUE - 1], "comment": HEADER[COMMENT - 1]}
    return [
        _("只填写“%(value)s”和“%(comment)s”两列，其他列已锁定。") % words,
        _("没有的数字请留空，不要填 0：0 表示确实为零。"),
        _("数字不能为负数，且须在指标的合理范围内，超出时 Excel 会提示。"),
        _(
            "不要修改区划代码和指标代码，不要增删列，不要合并单元格；可以筛选，行的先后顺序不影响上传。"
        ),
        _("上传时只写入改动过的行；若别人在您下载之后改过同一个数字，这一行不会覆盖，系统会提示。"),
    ]


def _head(sheet, title: str, made: str) -> None:
    """Rows 1–3: the title, the instructions and when the file was made; then the header.

    Each is merged across the printed columns and wrapped, its row tall enough for
    every line, so that neither the screen nor the printed page cuts the instructions.
    """
    lines = [
        (title, TITLE_FONT, TITLE_LINE_HEIGHT),
        (" ".join(_instructions()), None, LINE_HEIGHT),
        (_("生成时间：%(time)s。上年数值仅供参考。") % {"time": made}, None, LINE_HEIGHT),
    ]
    for number, (text, font, line_height) in enumerate(lines, start=1):
        cell = sheet.cell(number, 1, _text(text))
        cell.alignment = WRAP
        if font is not None:
            cell.font = font
        sheet.merge_cells(f"A{number}:{LAST_TITLE_COLUMN}{number}")
        sheet.row_dimensions[number].height = wrapped_lines(text, PRINTED_WIDTH) * line_height + 4
    for column, label in enumerate(HEADER, start=1):
        cell = sheet.cell(HEADER_ROW, column, label)
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.alignment = WRAP


def _data_row(sheet, row, town, year, indicator, value, comment, last) -> None:
    figure = _number_format(indicator)
    cells = {
        REGION: (town.code, TEXT),
        TOWN: (_text(town.name), None),
        YEAR: (year, "0"),
        CODE: (indicator.code, TEXT),
        NAME: (_text(indicator.name), None),
        UNIT: (_text(indicator.unit), None),
        PREVIOUS: (last, figure),
        VALUE: (value, figure),
        COMMENT: (_text(comment), None),
        BASE_VALUE: (value, figure),
        BASE_COMMENT: (_text(comment), None),
    }
    for column, (content, number_format) in cells.items():
        cell = sheet.cell(row, column, content)
        if number_format is not None:
            cell.number_format = number_format
    for column in INPUTS:
        cell = sheet.cell(row, column)
        cell.protection = UNLOCKED
        cell.fill = INPUT_FILL


def _text(value: str | None) -> str | None:
    """A text cell: empty for "", never a formula, without the control characters XML refuses."""
    if not value:
        return None
    return safe_cell(ILLEGAL_CHARACTERS_RE.sub("", value)) or None


def _number_format(indicator: Indicator) -> str:
    return "0." + "0" * indicator.decimals if indicator.decimals else "0"


def _bounds(indicator: Indicator) -> tuple[bool, str, str, str]:
    whole = indicator.value_type == ValueType.INTEGER or indicator.decimals == 0
    return whole, plain(indicator.min_value), plain(indicator.max_value), indicator.unit


def _validation(bounds: tuple[bool, str, str, str], rows: list[int]) -> DataValidation:
    """One validation of 本年数值 for every row that shares the bounds and unit."""
    whole, low, high, unit = bounds
    words = {"low": low, "high": high, "unit": unit}
    # Whole sentences, so that each language punctuates its own.
    if whole and unit:
        message = _("请输入 %(low)s～%(high)s 之间的整数（单位：%(unit)s）。") % words
    elif whole:
        message = _("请输入 %(low)s～%(high)s 之间的整数。") % words
    elif unit:
        message = _("请输入 %(low)s～%(high)s 之间的数字（单位：%(unit)s）。") % words
    else:
        message = _("请输入 %(low)s～%(high)s 之间的数字。") % words
    validation = DataValidation(
        type="whole" if whole else "decimal",
        operator="between",
        formula1=low,
        formula2=high,
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="stop",
        errorTitle=_("数字不在合理范围内")[:32],  # Excel's limit for the title
        error=(message + " " + _("没有的数字请留空。"))[:255],  # and for the message
    )
    column = get_column_letter(VALUE)
    for first, last in _runs(rows):
        validation.add(f"{column}{first}" if first == last else f"{column}{first}:{column}{last}")
    return validation


def _runs(rows: Iterable[int]) -> list[tuple[int, int]]:
    """Ascending row numbers as (first, last) runs of consecutive rows."""
    runs: list[list[int]] = []
    for row in rows:
        if runs and runs[-1][1] == row - 1:
            runs[-1][1] = row
        else:
            runs.append([row, row])
    return [(first, last) for first, last in runs]


def _protect(sheet) -> None:
    # No password: the protection keeps people from typing over codes and names by
    # mistake; whoever needs to can unprotect the sheet (the upload checks every row).
    protection = sheet.protection
    protection.sheet = True
    # In openpyxl (as in the file format) False means "allowed while protected".
    protection.autoFilter = False
    protection.sort = False
    protection.formatColumns = False  # widen a column
    protection.formatRows = False


def _notes(sheet, title: str, towns: list[Region], year: int, made: str) -> None:
    lines = [
        (title, TITLE_FONT),
        (_("镇：%(towns)s") % {"towns": "、".join(town.name for town in towns)}, None),
        (_("年度：%(year)s") % {"year": year}, None),
        (_("生成时间：%(time)s") % {"time": made}, None),
        (None, None),
        (_("填写方法："), BOLD),
        *((f"{number}. {line}", None) for number, line in enumerate(_instructions(), start=1)),
        (_("%(n)s. 上年数值仅供参考，不会被上传。") % {"n": len(_instructions()) + 1}, None),
    ]
    for number, (text, font) in enumerate(lines, start=1):
        cell = sheet.cell(number, 1, _text(text))
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if font is not None:
            cell.font = font
    sheet.column_dimensions["A"].width = 100
