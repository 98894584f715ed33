"""Reading an uploaded workbook or CSV into figure rows: the file's cells, nothing more.

What a figure means (codes, bounds, rights, locks, rules) is the write service's job;
here a file is recognised by its content (not its name), refused with a specific
Chinese message when it cannot be read, and each data row becomes a
:class:`~indicators.figures.FigureRow` that remembers its line in the file.

Two layouts are read, told apart by their header row: the fill-in template
(:mod:`indicators.excel.template`, with the hidden 原数值/原备注 base columns) and a
long table with the columns indicator, region, year, value and comment (in Chinese
or English). Rows may be in any order, with blank lines or notes around them.
"""

import csv
import datetime
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from indicators.figures.validation import FigureError, parse_figure
from indicators.reads.exports import safe_cell

from ..figures import MAX_IMPORT_ROWS, FigureRow

# Column → the header texts that name it (compared without spaces, case-insensitively).
HEADERS = {
    "region": ("区划代码", "region", "region_code"),
    "year": ("年度", "year"),
    "indicator": ("指标代码", "indicator", "indicator_code"),
    "value": ("本年数值", "数值", "value"),
    "comment": ("备注", "comment"),
    "base_value": ("原数值",),
    "base_comment": ("原备注",),
}
REQUIRED = ("region", "year", "indicator", "value")
HEADER_SEARCH_ROWS = 30
MB = 1024 * 1024
EXCEL_ERRORS = {"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#SPILL!"}
ZIP = b"PK\x03\x04"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Compound File: old .xls, or an encrypted .xlsx
# An encrypted .xlsx is a Compound File holding an "EncryptionInfo" stream (MS-OFFCRYPTO).
ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")
# How much of the reading is done when a workbook has been opened (openpyxl reads it in
# one call); the rest is counted row by row.
OPENED = 0.6
ROWS_PER_REPORT = 500

Progress = Callable[[float], None]  # told the fraction done, from 0 to 1


def _quiet(_fraction: float) -> None:
    pass


class UploadError(Exception):
    """A file that cannot be read at all; ``code`` is stable, ``message`` is for people."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class CellProblem:
    """A data row whose cells cannot be read as a figure (a date, a formula without a value)."""

    line: int
    code: str
    message: str


@dataclass
class Upload:
    layout: str  # "template" or "table"
    rows: list[FigureRow] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)  # each row's line in the file
    problems: list[CellProblem] = field(default_factory=list)
    untouched: int = 0  # template rows left as they were downloaded: not sent
    notes: int = 0  # lines that are neither blank nor data (a note under the table)


def read_upload(name: str, data: bytes, *, progress: Progress = _quiet) -> Upload:
    """The rows of an uploaded file, or :class:`UploadError` saying why it cannot be read.

    ``progress`` is told the fraction read as the work goes on.
    """
    limit = settings.EXCEL_UPLOAD_MAX_BYTES
    if not data:
        raise UploadError("empty", _("文件是空的（0 字节）。"))
    if len(data) > limit:
        raise UploadError("too_large", too_large_message(len(data)))
    if data.startswith(OLE):
        if ENCRYPTION_INFO in data:
            raise UploadError(
                "encrypted", _("文件设置了打开密码，无法读取。请在 Excel 中取消密码后另存再上传。")
            )
        raise UploadError(
            "legacy_xls", _("这是旧版 Excel（.xls）文件。请在 Excel 中“另存为” .xlsx 后再上传。")
        )
    if data.startswith(ZIP):
        return _read_workbook(data, progress)
    if name.lower().endswith((".csv", ".txt")):
        return _read_csv(data, progress)
    raise UploadError(
        "not_excel",
        _(
            "无法识别这个文件：它不是 Excel 工作簿（.xlsx），也不是 CSV。"
            "请上传下载的模板或 .xlsx / .csv 文件。"
        ),
    )


def too_large_message(size: int) -> str:
    """The refusal of a file of ``size`` bytes: its own size, then the limit."""
    limit = _mb(settings.EXCEL_UPLOAD_MAX_BYTES)
    shown = _mb(size)
    if shown == limit:  # just over: "5.1 MB", never "5 MB, the limit is 5 MB"
        shown = _mb(size, up=True)
    return _("文件太大（%(size)s MB），上限为 %(limit)s MB。请分开上传，或只保留需要导入的行。") % {
        "size": shown,
        "limit": limit,
    }


def _mb(size: int, *, up: bool = False) -> str:
    """Megabytes to one decimal; ``up`` rounds up, so that a file just over a 5 MB
    limit reads 5.1 MB, never "5 MB"."""
    tenths = -(-size * 10 // MB) if up else round(size * 10 / MB)
    return f"{tenths / 10:.1f}".removesuffix(".0")


def _open_zip(data: bytes) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise UploadError("not_excel", _("文件已损坏，无法作为 Excel 工作簿打开。")) from None
    names = set(archive.namelist())
    if "xl/workbook.xml" not in names:
        word = "word/document.xml" in names or "ppt/presentation.xml" in names
        message = (
            _("这是 Word 或 PowerPoint 文件，只是扩展名改成了 Excel。请上传 Excel 工作簿。")
            if word
            else _("这个压缩文件不是 Excel 工作簿。请上传 .xlsx 文件。")
        )
        raise UploadError("not_excel", message)
    # A zip bomb: a small file that unpacks to gigabytes would exhaust the server.
    unpacked = sum(member.file_size for member in archive.infolist())
    if unpacked > settings.EXCEL_UPLOAD_MAX_UNPACKED or len(archive.infolist()) > 10_000:
        raise UploadError(
            "zip_bomb",
            _("文件解压后过大（%(size)s MB），不像正常的填报表，已拒绝。")
            % {"size": _mb(unpacked, up=True)},
        )
    return archive


def _read_workbook(data: bytes, progress: Progress) -> Upload:
    _open_zip(data)
    try:
        book = load_workbook(io.BytesIO(data), data_only=False)
    except Exception:  # openpyxl raises many kinds for a damaged file
        raise UploadError("not_excel", _("文件已损坏，无法作为 Excel 工作簿打开。")) from None
    progress(OPENED)
    sheet = book.worksheets[0]
    grid = [list(row) for row in sheet.iter_rows(values_only=True)]
    header_line, columns = _header(grid)
    merged = [cells.coord for cells in sheet.merged_cells.ranges if cells.max_row >= header_line]
    if merged:
        raise UploadError(
            "merged_cells",
            _("表格中有合并单元格（%(cells)s）。请取消合并后再上传，每个数字占一个单元格。")
            % {"cells": "、".join(merged[:5])},
        )
    cached = None
    value_column = columns["value"]
    if any(_is_formula(row[value_column]) for row in grid[header_line:] if len(row) > value_column):
        cached = [
            list(row)
            for row in load_workbook(io.BytesIO(data), data_only=True)
            .worksheets[0]
            .iter_rows(values_only=True)
        ]
    return _rows(grid, header_line, columns, cached=cached, progress=progress)


def _read_csv(data: bytes, progress: Progress) -> Upload:
    for encoding in ("utf-8-sig", "gb18030"):  # Excel in Chinese Windows saves CSV as GBK
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any byte sequence
        raise UploadError("not_excel", _("无法识别 CSV 文件的编码。"))
    if "\x00" in text:
        raise UploadError("not_excel", _("这不是文本格式的 CSV 文件。"))
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;，")
    except csv.Error:
        dialect = csv.excel
    grid = [list(row) for row in csv.reader(io.StringIO(text), dialect)]
    progress(OPENED)
    header_line, columns = _header(grid)
    return _rows(grid, header_line, columns, cached=None, progress=progress)


def _key(text: object) -> str:
    return re.sub(r"\s+|（.*?）|\(.*?\)", "", str(text or "")).lower()


def _header(grid: list[list]) -> tuple[int, dict[str, int]]:
    """The header row's line (1-based) and each known column's position."""
    if not any(any(_blank(cell) is False for cell in row) for row in grid):
        raise UploadError("empty", _("文件里没有任何内容。"))
    names = {_key(text): column for column, texts in HEADERS.items() for text in texts}
    best: tuple[int, dict[str, int]] | None = None
    for line, row in enumerate(grid[:HEADER_SEARCH_ROWS], start=1):
        found = {}
        for position, cell in enumerate(row):
            column = names.get(_key(cell))
            if column and column not in found:
                found[column] = position
        if "indicator" in found and (best is None or len(found) > len(best[1])):
            best = (line, found)
    if best is None or any(column not in best[1] for column in REQUIRED):
        present = best[1] if best else {}
        missing = [HEADERS[column][0] for column in REQUIRED if column not in present]
        raise UploadError(
            "missing_columns",
            _(
                "找不到表头中的这些列：%(columns)s。请使用下载的模板，"
                "或在第一行写上 区划代码、年度、指标代码、数值（可选 备注）。"
            )
            % {"columns": "、".join(missing)},
        )
    return best


def _blank(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _figure(
    row, line: int, columns: dict[str, int], upload: Upload, *, cached, template: bool
) -> FigureRow | None:
    """The row's figure; None for a blank row, a note (counted) or a problem (listed)."""

    def cell(column: str):
        position = columns.get(column)
        return row[position] if position is not None and position < len(row) else None

    if all(_blank(value) for value in row):
        return None
    indicator, region = _code(cell("indicator")), _code(cell("region"))
    value = cell("value")
    if not indicator and _blank(value):
        upload.notes += 1  # a note under or beside the table: no indicator, no figure
        return None
    if _is_formula(value):
        value = _formula_value(cached, line, columns["value"], upload)
        if value is _UNREADABLE:
            return None
    problem = _cell_problem(value, line, columns["value"])
    if problem is not None:
        upload.problems.append(problem)
        return None
    comment = cell("comment")
    if template:  # as downloaded: exact text, the export's apostrophe taken off
        comment = _text_as_written(comment)
        base = (_number(cell("base_value")), _text_as_written(cell("base_comment")))
    else:
        comment, base = (None if _blank(comment) else str(comment).strip()), None
    return FigureRow(
        indicator=indicator,
        region=region,
        year=_year(cell("year")),
        value=_number(value),
        comment=comment,
        base=base,
    )


def _is_formula(cell: object) -> bool:
    return isinstance(cell, str) and cell.startswith("=")


def _rows(grid, header_line: int, columns: dict[str, int], *, cached, progress: Progress) -> Upload:
    template = "base_value" in columns
    upload = Upload("template" if template else "table")
    for line, row in enumerate(grid[header_line:], start=header_line + 1):
        if line % ROWS_PER_REPORT == 0:
            progress(OPENED + (1 - OPENED) * line / len(grid))
        figure = _figure(row, line, columns, upload, cached=cached, template=template)
        if figure is None:
            continue
        if template and _untouched(figure):
            upload.untouched += 1
            continue
        upload.rows.append(figure)
        upload.lines.append(line)
    if len(upload.rows) > MAX_IMPORT_ROWS:
        raise UploadError(
            "too_many_rows",
            _("一次最多导入 %(max)s 个数字，这个文件有 %(n)s 个，请分开上传。")
            % {"max": MAX_IMPORT_ROWS, "n": len(upload.rows)},
        )
    progress(1)
    return upload


_UNREADABLE = object()


def _formula_value(cached, line: int, column: int, upload: Upload):
    """A formula's value as Excel last calculated it; never evaluated here, never taken as 0."""
    row = cached[line - 1] if cached and line - 1 < len(cached) else []
    value = row[column] if column < len(row) else None
    if value is None:
        upload.problems.append(
            CellProblem(
                line,
                "formula_without_value",
                _(
                    "%(cell)s 是公式，但文件里没有它的计算结果。"
                    "请在 Excel 中打开、保存后再上传，或直接填写数字。"
                )
                % {"cell": f"{get_column_letter(column + 1)}{line}"},
            )
        )
        return _UNREADABLE
    return value


def _cell_problem(value: object, line: int, column: int) -> CellProblem | None:
    where = f"{get_column_letter(column + 1)}{line}"
    if isinstance(value, datetime.date | datetime.time | datetime.timedelta):
        return CellProblem(
            line,
            "date_in_number",
            _(
                "%(cell)s 是日期或时间（%(value)s），不是数字。"
                "请把单元格格式改为“常规”或“数值”后重新填写。"
            )
            % {"cell": where, "value": value},
        )
    if isinstance(value, str) and value.strip().upper() in EXCEL_ERRORS:
        return CellProblem(
            line,
            "formula_error",
            _("%(cell)s 的公式计算出错（%(value)s），请改为数字。")
            % {"cell": where, "value": value.strip()},
        )
    return None


def _code(raw: object) -> str:
    """A code as text: Excel may have turned 999901100000 into the number 999901100000.0."""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    return "" if raw is None else str(raw).strip()


def _year(raw: object):
    if isinstance(raw, float) and raw.is_integer():
        return int(raw)
    if isinstance(raw, str) and raw.strip().isascii() and raw.strip().isdigit():
        return int(raw.strip())
    return raw  # not a year: the write service says so for the row


def _number(raw: object):
    """Excel's floats as the digits it shows (repr is the shortest exact form)."""
    if isinstance(raw, float):
        return Decimal(repr(raw))
    return raw


def _text_as_written(raw: object) -> str:
    """A template's text cell as the product wrote it: ``safe_cell`` undone exactly.

    The template writes "-暂估" as "'-暂估" so that no spreadsheet reads it as a
    formula; reading it back must give "-暂估" again, or the comment would gain an
    apostrophe and the row would look changed since the download.
    """
    text = "" if raw is None else str(raw)
    if text.startswith("'") and safe_cell(text[1:]) == text:
        return text[1:]
    return text


def _untouched(row: FigureRow) -> bool:
    base_value, base_comment = row.base
    try:
        same = parse_figure(row.value) == parse_figure(base_value)
    except FigureError:
        return False
    return same and (row.comment or "") == base_comment
