"""The values and targets lists read as plain rows and encoded without serializers.

A page of 1,000 figures built as model objects (report, region and indicator, 34
columns) and passed through DRF serializers spent 90 % of a request in Python; here
the query selects only the columns the answer shows (``values_list``), each row
becomes the documented dict in one step, and orjson encodes the page. The answer is
the one :class:`~indicators.api.serializers.ValueSerializer` and
:class:`~indicators.api.serializers.TargetSerializer` describe, byte for byte
(``tests/api/test_fast_read.py`` holds the recorded answers).
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, tzinfo
from decimal import Decimal

import orjson
from django.db.models import F
from django.utils import timezone

from indicators.reads.exports import safe_cell
from indicators.support.decimals import quantum

from . import csvcopy


def figure_text(value: Decimal, decimals: int) -> str:
    """As :meth:`Indicator.format_value`: the indicator's decimals, never a float."""
    return f"{value.quantize(quantum(decimals)):f}"


def api_time(moment: datetime, zone: tzinfo) -> str:
    """As DRF's DateTimeField: ISO 8601 in the current time zone, UTC as "Z"."""
    text = moment.astimezone(zone).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def local_time(moment: datetime, zone: tzinfo) -> str:
    """As ``timezone.localtime(moment).isoformat()``, the values CSV's time."""
    return moment.astimezone(zone).isoformat()


@dataclass(frozen=True)
class Listing:
    """One list's plain read: the columns to select, the order, and how a row reads.

    ``key_fields`` are the order (region, year, report order of the indicator, its
    code), ``key_columns`` where each sits in a row; ``fields`` are the answer's
    keys, in the documented order.
    """

    columns: tuple[str, ...]
    key_fields: tuple[str, ...]
    key_columns: tuple[int, ...]
    fields: tuple[str, ...]
    json_row: Callable[[tuple, tzinfo], dict]
    csv_row: Callable[[tuple, tzinfo], list]
    copy_cells: Callable[[], list]

    def key(self, row: tuple) -> tuple:
        return tuple(row[column] for column in self.key_columns)

    def json_rows(self, rows: Iterable[tuple]) -> list[dict]:
        zone = timezone.get_current_timezone()
        return [self.json_row(row, zone) for row in rows]

    def csv_rows(self, rows: Iterable[tuple]) -> Iterator[list]:
        zone = timezone.get_current_timezone()
        for row in rows:
            yield self.csv_row(row, zone)


def _value_json(row: tuple, zone: tzinfo) -> dict:
    return {
        "indicator": row[0],
        "indicator_name": row[1],
        "region": row[2],
        "region_name": row[3],
        "year": row[4],
        "value": figure_text(row[5], row[6]),
        "unit": row[7],
        "status": row[8],
        "version": row[9],
        "updated_at": api_time(row[10], zone),
    }


def _value_csv(row: tuple, zone: tzinfo) -> list:
    # Codes, years, figures, statuses and times never start like a formula.
    return [
        row[0],
        safe_cell(row[1]),
        row[2],
        safe_cell(row[3]),
        row[4],
        figure_text(row[5], row[6]),
        safe_cell(row[7]),
        row[8],
        row[9],
        local_time(row[10], zone),
    ]


def _target_json(row: tuple, zone: tzinfo) -> dict:
    return {
        "indicator": row[0],
        "indicator_name": row[1],
        "region": row[2],
        "region_name": row[3],
        "year": row[4],
        "value": figure_text(row[5], row[6]),
        "unit": row[7],
        "comment": row[8],
        "updated_at": api_time(row[9], zone),
    }


def _target_csv(row: tuple, zone: tzinfo) -> list:
    return [
        row[0],
        safe_cell(row[1]),
        row[2],
        safe_cell(row[3]),
        row[4],
        figure_text(row[5], row[6]),
        safe_cell(row[7]),
        safe_cell(row[8]),
        api_time(row[9], zone),
    ]


def _value_copy() -> list:
    """The values CSV's cells as SQL, for COPY: the same text as _value_csv."""
    return [
        F("indicator_id"),
        csvcopy.safe_text(F("indicator__name")),
        F("report__region_id"),
        csvcopy.safe_text(F("report__region__name")),
        F("report__year"),
        csvcopy.figure_text(F("value"), F("indicator__decimals")),
        csvcopy.safe_text(F("indicator__unit")),
        F("report__status"),
        F("report__version"),
        csvcopy.time_text(F("updated_at"), utc_as_z=False),
    ]


def _target_copy() -> list:
    return [
        F("indicator_id"),
        csvcopy.safe_text(F("indicator__name")),
        F("region_id"),
        csvcopy.safe_text(F("region__name")),
        F("year"),
        csvcopy.figure_text(F("value"), F("indicator__decimals")),
        csvcopy.safe_text(F("indicator__unit")),
        csvcopy.safe_text(F("comment")),
        csvcopy.time_text(F("updated_at"), utc_as_z=True),
    ]


ORDER_TAIL = ("indicator__section__number", "indicator__order", "indicator_id")

VALUES = Listing(
    columns=(
        "indicator_id",
        "indicator__name",
        "report__region_id",
        "report__region__name",
        "report__year",
        "value",
        "indicator__decimals",
        "indicator__unit",
        "report__status",
        "report__version",
        "updated_at",
        *ORDER_TAIL[:2],
    ),
    key_fields=("report__region_id", "report__year", *ORDER_TAIL),
    key_columns=(2, 4, 11, 12, 0),
    fields=(
        "indicator",
        "indicator_name",
        "region",
        "region_name",
        "year",
        "value",
        "unit",
        "status",
        "version",
        "updated_at",
    ),
    json_row=_value_json,
    csv_row=_value_csv,
    copy_cells=_value_copy,
)

TARGETS = Listing(
    columns=(
        "indicator_id",
        "indicator__name",
        "region_id",
        "region__name",
        "year",
        "value",
        "indicator__decimals",
        "indicator__unit",
        "comment",
        "updated_at",
        *ORDER_TAIL[:2],
    ),
    key_fields=("region_id", "year", *ORDER_TAIL),
    key_columns=(2, 4, 10, 11, 0),
    fields=(
        "indicator",
        "indicator_name",
        "region",
        "region_name",
        "year",
        "value",
        "unit",
        "comment",
        "updated_at",
    ),
    json_row=_target_json,
    csv_row=_target_csv,
    copy_cells=_target_copy,
)


def json_bytes(data) -> bytes:
    """orjson's compact UTF-8, with U+2028/U+2029 escaped as DRF's JSONRenderer does."""
    body = orjson.dumps(data)
    if b"\xe2\x80\xa8" in body or b"\xe2\x80\xa9" in body:
        body = body.replace(b"\xe2\x80\xa8", b"\\u2028").replace(b"\xe2\x80\xa9", b"\\u2029")
    return body
