"""What an upload holds: one report, or a county's zip of many towns' and years' reports.

Each file gets its town and year from the form, else from its file name, else from
its text; a file that is unreadable, or whose town or year cannot be told for sure,
is listed with the reason and imports nothing. The zip itself is checked like a
.docx (:func:`~.text.checked_zip`) before any member is read.
"""

from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from indicators.catalogue.years import current_year

from ...excel.reader import UploadError
from .naming import town_from, year_from_name
from .service import ParsedReport, catalogue_specs, report_parse
from .text import MAX_BYTES, ZIP, checked_zip, too_large

MAX_FILES = 300  # a county's towns times a few years
SKIPPED = ("__MACOSX/", ".DS_Store", "Thumbs.db")


@dataclass
class FileResult:
    file_name: str
    town: object | None = None  # a Region
    year: int | None = None
    parsed: ParsedReport = field(default_factory=ParsedReport)
    problem: str = ""


def _member_name(info) -> str:
    """A zip member's name; Windows zips store Chinese names in GBK without saying so."""
    name = info.filename
    if not info.flag_bits & 0x800:
        with suppress(UnicodeEncodeError, UnicodeDecodeError):
            name = name.encode("cp437").decode("gbk")
    return name


def _members(data: bytes) -> list[tuple[str, bytes]]:
    not_zip = _("这个压缩文件已损坏，无法打开。")
    archive = checked_zip(data, not_zip=not_zip)
    files = [
        info
        for info in archive.infolist()
        if not info.is_dir() and not any(part in info.filename for part in SKIPPED)
    ]
    if not files:
        raise UploadError("empty_zip", _("压缩文件里没有报告。"))
    if len(files) > MAX_FILES:
        raise UploadError(
            "too_many_files",
            _("压缩文件里有 %(n)s 个文件，一次最多 %(max)s 个。请分开上传。")
            % {"n": len(files), "max": MAX_FILES},
        )
    return [(_member_name(info).rpartition("/")[2], archive.read(info)) for info in files]


def is_zip_bundle(name: str, data: bytes) -> bool:
    return name.lower().endswith(".zip") and data.startswith(ZIP)


def bundle_read(
    *,
    name: str,
    data: bytes,
    towns: list,
    town=None,
    year: int | None = None,
    progress: Callable[[float], None] = lambda fraction: None,
) -> list[FileResult]:
    """Every report of the upload with its figures, town and year, or why not.

    ``towns`` are the towns the uploader may write; ``town`` and ``year``, when the
    form gave them, hold for a single file (a zip names its own). Refuses an upload
    that cannot be read at all with :class:`UploadError`.
    """
    if len(data) > MAX_BYTES:
        raise too_large(len(data))
    single = not is_zip_bundle(name, data)
    files = [(name, data)] if single else _members(data)
    specs = catalogue_specs()
    results, seen = [], {}
    for index, (file_name, content) in enumerate(files):
        result = FileResult(file_name)
        try:
            result.parsed = report_parse(name=file_name, data=content, specs=specs)
        except UploadError as refused:
            if single:
                raise
            result.problem = refused.message
        if not result.problem:
            _place(result, towns, town if single else None, year if single else None)
        if not result.problem:
            key = (result.town.pk, result.year)
            if key in seen:
                result.problem = _("与文件“%(other)s”是同一个镇、同一年度，请只保留一份。") % {
                    "other": seen[key]
                }
            seen[key] = file_name
        results.append(result)
        progress((index + 1) / len(files))
    return results


def _place(result: FileResult, towns: list, town, year: int | None) -> None:
    text = result.parsed.text
    result.town = town or town_from(result.file_name, text, towns)
    result.year = year or year_from_name(result.file_name) or result.parsed.year
    if result.town is None:
        result.problem = _(
            "无法从文件名或正文确定是哪个镇（或您无权导入该镇）。请在文件名中写明镇名。"
        )
    elif result.year is None:
        result.problem = _("无法从文件名或正文确定年度。请在文件名中写明年度，如“2021”。")
    elif result.year > current_year():
        result.problem = _("年度 %(year)s 还没有到，不能导入。") % {"year": result.year}
