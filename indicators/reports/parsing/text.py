"""A report's text from an uploaded file: Word (.docx) or plain text (UTF-8 or GBK).

Hostile files are refused before they cost much: a size limit on the file, and on a
.docx (a zip) the same checks as the Excel reader's, on the sizes the archive
declares and on what its parts really unpack to, before python-docx opens it.
"""

import io
import zipfile

from django.conf import settings
from django.utils.translation import gettext as _

from ...excel.reader import UploadError

ZIP = b"PK\x03\x04"
OLE = b"\xd0\xcf\x11\xe0"  # the old binary Word (.doc), and encrypted Office files
MAX_BYTES = 5 * 1024 * 1024  # one report is a few dozen KB; a zip of many, a few MB
MAX_CHARS = 100_000  # about fifty pages: more is no town's annual report
CHUNK = 64 * 1024


def too_large(size: int) -> UploadError:
    return UploadError(
        "too_large",
        _("文件太大（%(size)s MB），上限为 %(limit)s MB。")
        % {"size": f"{size / 1024 / 1024:.1f}", "limit": MAX_BYTES // (1024 * 1024)},
    )


def checked_zip(data: bytes, *, not_zip: str) -> zipfile.ZipFile:
    """Open ``data`` as a zip, refusing a zip bomb: too many members, or more unpacked
    bytes than the limit, as declared or as really read (a header can lie)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError):
        raise UploadError("not_docx", not_zip) from None
    limit = settings.EXCEL_UPLOAD_MAX_UNPACKED
    bomb = UploadError("zip_bomb", _("文件解压后过大，不像正常的报告，已拒绝。"))
    if len(members) > 1000 or sum(member.file_size for member in members) > limit:
        raise bomb
    unpacked = 0
    try:
        for member in members:
            with archive.open(member) as part:
                while chunk := part.read(CHUNK):
                    unpacked += len(chunk)
                    if unpacked > limit:
                        raise bomb
    except (zipfile.BadZipFile, RuntimeError, OSError, EOFError, NotImplementedError):
        raise UploadError("not_docx", not_zip) from None
    return archive


def report_text(name: str, data: bytes) -> str:
    """The text of one report file, or :class:`UploadError` with a Chinese message."""
    if not data:
        raise UploadError("empty", _("文件是空的（0 字节）。"))
    if len(data) > MAX_BYTES:
        raise too_large(len(data))
    lower = name.lower()
    if data.startswith(OLE):
        raise UploadError(
            "legacy_doc",
            _("这是旧版 Word（.doc）文件或设置了密码。请在 Word 中“另存为” .docx 后再上传。"),
        )
    if data.startswith(ZIP):
        text = _docx_text(data)
    elif lower.endswith(".docx"):
        raise UploadError("not_docx", _("这个文件不是 Word 文档（.docx），无法读取。"))
    elif lower.endswith(".txt") or not lower.rpartition(".")[1]:
        text = _plain_text(data)
    else:
        raise UploadError(
            "not_report", _("无法识别这个文件。请上传 Word 文档（.docx）或纯文本（.txt）。")
        )
    if len(text) > MAX_CHARS:
        raise UploadError("too_long", _("文件的文字太长，不像一份年度工作报告，已拒绝。"))
    if not text.strip():
        raise UploadError("no_text", _("文件里没有文字。"))
    return text


def _plain_text(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if not any(ord(char) < 32 and char not in "\t\n\r\f" for char in text):
            return text  # control characters: a binary file that happened to decode
    raise UploadError(
        "undecodable",
        _("无法读取文件的文字：它既不是 UTF-8 也不是 GBK 编码的文本。请另存为 UTF-8 后再上传。"),
    )


def _docx_text(data: bytes) -> str:
    import docx  # python-docx: only the worker and the API need it

    not_docx = _("这个文件不是 Word 文档（.docx），无法读取。")
    archive = checked_zip(data, not_zip=not_docx)
    if "word/document.xml" not in archive.namelist():
        raise UploadError("not_docx", not_docx)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception:  # python-docx raises many kinds on a damaged part
        raise UploadError("not_docx", _("Word 文档已损坏，无法读取。")) from None
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            paragraphs.append("，".join(cell.text for cell in row.cells))
    return "\n".join(paragraphs).replace("\x00", "")
