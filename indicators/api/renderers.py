"""CSV for spreadsheets and pandas: UTF-8 with a BOM so that Excel reads the Chinese."""

import csv
import io
from collections.abc import Iterable, Iterator

from django.http import StreamingHttpResponse
from rest_framework.renderers import BaseRenderer

BOM = "\ufeff"


class CSVRenderer(BaseRenderer):
    """Renders a small answer (one object or a list); big lists stream via :func:`csv_stream`."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, dict) and "results" in data:
            data = data["results"]
        rows = data if isinstance(data, list) else [data]
        header = list(rows[0].keys()) if rows else []
        return "".join(_lines(header, (list(row.values()) for row in rows))).encode("utf-8")


class _Line:
    """A file-like object whose write() returns what it was given."""

    def write(self, value: str) -> str:
        return value


def _lines(header: list[str], rows: Iterable[list]) -> Iterator[str]:
    writer = csv.writer(_Line())
    yield BOM + writer.writerow(header)
    for row in rows:
        yield writer.writerow(["" if cell is None else cell for cell in row])


def csv_stream(header: list[str], rows: Iterable[list], filename: str) -> StreamingHttpResponse:
    """A CSV answer written row by row as the database cursor yields them."""
    response = StreamingHttpResponse(
        (line.encode("utf-8") for line in _lines(header, rows)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def csv_text(header: list[str], rows: Iterable[list]) -> str:
    """The same CSV as one string, for tests and small answers."""
    buffer = io.StringIO()
    for line in _lines(header, rows):
        buffer.write(line)
    return buffer.getvalue()
