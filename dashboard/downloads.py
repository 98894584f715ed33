"""Every dashboard table as CSV (UTF-8 with BOM, so Excel shows the Chinese) or XLSX.

Figures are written exactly: the Decimal quantized to the indicator's decimals, as
text in CSV and as a number with a matching format in XLSX. A missing figure is an
empty cell, never 0. A figure not yet approved is marked: "*" after it in CSV, an
orange fill in XLSX, and a note under the table in both. Every text cell (labels,
headers, names typed by users) passes through ``safe_cell``, so that none becomes a
formula in the reader's spreadsheet; figures stay numbers.
"""

import csv
import io
import re

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from indicators.reads.exports import safe_cell

from .tables import Number, Table

FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UNAPPROVED_FILL = PatternFill("solid", fgColor="FFE0B2")


def _note() -> str:
    return _("注：标 * 或橙色底的数字尚未审核。")


def _headers(table: Table) -> list[str]:
    """Column titles with their units, "2025（万吨）": a sheet read apart from the page
    still says what its numbers count."""
    return [
        safe_cell(_("%(column)s（%(unit)s）") % {"column": title, "unit": unit})
        if (unit := table.unit_of(index))
        else safe_cell(title)
        for index, title in enumerate(table.columns)
    ]


# Excel refuses sheet names over 31 characters, with []:*?/\ or starting or ending
# with an apostrophe.
SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def sheet_name(table: Table) -> str:
    name = SHEET_FORBIDDEN.sub(" ", table.sheet or table.title).strip().strip("'").strip()
    return name[:31].strip() or "table"


def table_csv(table: Table) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(_headers(table))
    for row in table.rows:
        writer.writerow(
            [
                (cell.plain + ("*" if cell.unapproved and cell.plain else ""))
                if isinstance(cell, Number)
                else safe_cell(cell)
                for cell in row
            ]
        )
    if table.has_unapproved:
        writer.writerow([safe_cell(_note())])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def table_xlsx(table: Table) -> bytes:
    """A title row (what, where, when), an empty row, the headers with units, the rows."""
    book = Workbook()
    sheet = book.active
    sheet.title = sheet_name(table)
    sheet.append([safe_cell(table.heading)])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([])
    sheet.append(_headers(table))
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append([cell.exact if isinstance(cell, Number) else safe_cell(cell) for cell in row])
        for source, target in zip(row, sheet[sheet.max_row], strict=True):
            if isinstance(source, Number) and source.exact is not None:
                target.number_format = "#,##0" + (
                    "." + "0" * source.decimals if source.decimals else ""
                )
                if source.unapproved:
                    target.fill = UNAPPROVED_FILL
    if table.has_unapproved:
        sheet.append([safe_cell(_note())])
    sheet.column_dimensions["A"].width = 28
    # The headers stay in view while scrolling down a long table.
    sheet.freeze_panes = "B4"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def table_response(table: Table, fmt: str, stem: str) -> HttpResponse:
    if fmt == "csv":
        response = HttpResponse(table_csv(table), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(table_xlsx(table), content_type=XLSX_TYPE)
    # ASCII file names: every browser and mail gateway keeps them intact.
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response
