"""CSV and XLSX for spreadsheets and pandas.

CSV is UTF-8 with a BOM so that Excel reads the Chinese, streamed row by row.
XLSX is written with openpyxl's write-only mode: rows go to temporary files as they
come, so memory stays flat whatever the number of rows; the finished workbook is a
temporary file streamed to the client. Every text cell of both passes through
:func:`indicators.reads.exports.safe_cell`, so that no cell becomes a formula.
"""

import contextlib
import csv
import io
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from rest_framework.renderers import BaseRenderer

from indicators.reads.exports import safe_cell

BOM = "\ufeff"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: Excel's limit of rows on a sheet, the header row included.
XLSX_MAX_ROWS = 1_048_576


class CSVRenderer(BaseRenderer):
    """Renders a small answer (one object or a list); big lists stream via :func:`csv_stream`."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        header, rows = _table(data)
        return "".join(_lines(header, rows)).encode("utf-8")


def _table(data) -> tuple[list[str], list[list]]:
    """A rendered answer as a header and rows: a page's results, a list, or one object."""
    if isinstance(data, dict) and "results" in data:
        data = data["results"]
    rows = data if isinstance(data, list) else [data]
    header = list(rows[0].keys()) if rows else []
    return header, [list(row.values()) for row in rows]


class _Line:
    """A file-like object whose write() returns what it was given."""

    def write(self, value: str) -> str:
        return value


def _lines(header: list[str], rows: Iterable[list]) -> Iterator[str]:
    writer = csv.writer(_Line())
    yield BOM + writer.writerow([safe_cell(cell) for cell in header])
    for row in rows:
        yield writer.writerow(["" if cell is None else safe_cell(cell) for cell in row])


def csv_stream(header: list[str], rows: Iterable[list], filename: str) -> StreamingHttpResponse:
    """A CSV answer written row by row as the database cursor yields them."""
    response = StreamingHttpResponse(
        (line.encode("utf-8") for line in _lines(header, rows)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def csv_blocks(blocks: Iterable[bytes], filename: str) -> StreamingHttpResponse:
    """A CSV answer from blocks already encoded (PostgreSQL's COPY)."""
    response = StreamingHttpResponse(blocks, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def csv_text(header: list[str], rows: Iterable[list]) -> str:
    """The same CSV as one string, for tests and small answers."""
    buffer = io.StringIO()
    for line in _lines(header, rows):
        buffer.write(line)
    return buffer.getvalue()


# XLSX


def xlsx_fits(rows: int, header_rows: int = 1) -> bool:
    """Whether ``rows`` rows under a header fit on one Excel sheet."""
    return rows + header_rows <= XLSX_MAX_ROWS


def number_format(decimals: int) -> str:
    """Excel's display format for a figure with ``decimals`` decimals: "#,##0.00"."""
    return "#,##0" + ("." + "0" * decimals if decimals else "")


@dataclass(frozen=True, slots=True)
class Figure:
    """A number cell shown with its indicator's decimals; None is an empty cell, never 0."""

    value: Decimal | None
    decimals: int = 0


DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"


class XlsxSheet:
    """A write-only sheet: a bold, frozen header, then rows appended one by one.

    A cell is a Figure (a number with its format), a datetime (written in local
    time: Excel has no time zones), a number, None (empty), or a text, which goes
    through safe_cell.
    """

    def __init__(self, sheet, header: list[str], widths: Iterable[float] = ()):
        self.sheet = sheet
        for column, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(column)].width = width
        if header:
            sheet.freeze_panes = "A2"
            bold = Font(bold=True)
            cells = []
            for title in header:
                cell = WriteOnlyCell(sheet, safe_cell(title))
                cell.font = bold
                cells.append(cell)
            sheet.append(cells)

    def append(self, row: Iterable) -> None:
        self.sheet.append([self._cell(value) for value in row])

    def _cell(self, value):
        if isinstance(value, Figure):
            if value.value is None:
                return None
            cell = WriteOnlyCell(self.sheet, value.value)
            cell.number_format = number_format(value.decimals)
            return cell
        if isinstance(value, datetime):
            if timezone.is_aware(value):
                value = timezone.make_naive(value)
            cell = WriteOnlyCell(self.sheet, value)
            cell.number_format = DATETIME_FORMAT
            return cell
        return safe_cell(value)


class XlsxBook:
    """A write-only workbook whose sheets are written in the order they are made."""

    def __init__(self):
        self.book = Workbook(write_only=True)

    def sheet(self, title: str, header: list[str], widths: Iterable[float] = ()) -> XlsxSheet:
        return XlsxSheet(self.book.create_sheet(title), header, widths)

    def save(self):
        """The workbook in an anonymous temporary file, positioned at its start."""
        file = tempfile.TemporaryFile()  # noqa: SIM115 -- closed by the response that streams it
        try:
            self.book.save(file)
        except BaseException:
            file.close()
            raise
        file.seek(0)
        return file

    def discard(self) -> None:
        """Remove the sheets' temporary files after a failure (save() removes them itself)."""
        for sheet in self.book.worksheets:
            # Close first, so that no half-written sheet writes to its file when collected.
            with contextlib.suppress(Exception):
                if not sheet.closed:
                    sheet.close()
            writer = getattr(sheet, "_writer", None)  # openpyxl's per-sheet temporary file
            if writer is not None:
                with contextlib.suppress(OSError, ValueError):
                    writer.cleanup()


def xlsx_response(write: Callable[[XlsxBook], None], filename: str) -> FileResponse:
    """An XLSX attachment that ``write`` fills; the file streams from disk in blocks."""
    book = XlsxBook()
    try:
        write(book)
        file = book.save()
    except BaseException:
        book.discard()
        raise
    # An ASCII file name: every browser and mail gateway keeps it intact.
    return FileResponse(file, as_attachment=True, filename=filename, content_type=XLSX_TYPE)


class XLSXRenderer(BaseRenderer):
    """Small answers as one sheet; the data lists write their own workbook (xlsx_response)."""

    media_type = XLSX_TYPE
    format = "xlsx"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        header, rows = _table(data)
        book = XlsxBook()
        try:
            sheet = book.sheet("data", header)
            for row in rows:
                sheet.append(row)
            file = book.save()
        except BaseException:
            book.discard()
            raise
        with file:
            return file.read()
