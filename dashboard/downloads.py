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

from indicators.exports import safe_cell

from .tables import Number, Table

FORMATS = ("csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UNAPPROVED_FILL = PatternFill("solid", fgColor="FFE0B2")


def _note() -> str:
    return _("注：标 * 或橙色底的数字尚未审核。")


def table_csv(table: Table) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([safe_cell(title) for title in table.columns])
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
    book = Workbook()
    sheet = book.active
    # Excel refuses sheet titles over 31 characters or with []:*?/\
    sheet.title = re.sub(r"[\[\]:*?/\\]", " ", table.key)[:31] or "table"
    sheet.append([safe_cell(title) for title in table.columns])
    for cell in sheet[1]:
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
