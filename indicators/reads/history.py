"""The history of a town-year's figures: old value → new value, who, when, how.

A unit conversion of the catalogue (亩 → 万亩) converts the figures through the write
path: its rows say so (单位换算：1300 亩 → 0.13 万亩), and the rows before it keep the
figures as they were entered, shown in the unit they were entered in.
"""

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import TextField
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from indicators.models import CatalogueVersion, DataValue, Indicator, Report, Source
from indicators.support.decimals import plain

# How many changes a history page shows, newest first.
HISTORY_LIMIT = 500


@dataclass(frozen=True)
class ValueChange:
    code: str
    # None when the indicator is no longer in the catalogue: its history still shows.
    indicator: Indicator | None
    old: Decimal | None
    new: Decimal | None
    who: str
    when: datetime
    comment: str
    source: str  # label: 表单 / 导入 / 接口 / 演示数据
    # The unit a value was entered in, when a later conversion changed it; "" when it
    # is the indicator's unit today.
    old_unit: str = ""
    new_unit: str = ""
    converted: bool = False  # the row of a unit conversion

    @property
    def name(self) -> str:
        return self.indicator.display_name if self.indicator else self.code

    @property
    def old_text(self) -> str:
        return self._text(self.old, self.old_unit)

    @property
    def new_text(self) -> str:
        return self._text(self.new, self.new_unit)

    @property
    def note(self) -> str:
        """单位换算：1300 亩 → 0.13 万亩, on a conversion's row."""
        if not self.converted or self.old is None or self.new is None:
            return ""
        unit = self.indicator.unit if self.indicator else ""
        return _("单位换算：%(old)s %(from)s → %(new)s %(to)s") % {
            "old": plain(self.old),
            "from": self.old_unit or unit,
            "new": plain(self.new),
            "to": self.new_unit or unit,
        }

    def _text(self, value: Decimal | None, unit: str) -> str:
        if value is None:
            return ""
        if unit:  # another unit than the heading's
            return f"{plain(value)} {unit}"
        if self.indicator is not None:
            return self.indicator.format_value(value)
        return format(value.normalize(), "f")


@dataclass(frozen=True)
class _Conversion:
    at: datetime
    unit_from: str
    unit_to: str


def _units(change: dict, changes: list) -> tuple[str, str] | None:
    """(from, to) of a "converted" change: its own record, or the version's unit change."""
    if change.get("unit_from") and change.get("unit_to"):
        return change["unit_from"], change["unit_to"]
    for other in changes:
        if not isinstance(other, dict) or other.get("code") != change.get("code"):
            continue
        for item in other.get("fields") or []:
            if isinstance(item, dict) and item.get("field") == "unit":
                return item.get("before", ""), item.get("after", "")
    return None


def conversions_since(codes: set[str], since: datetime) -> dict[str, list[_Conversion]]:
    """The unit conversions of these indicators recorded since ``since``, oldest first;
    one query, of the versions that converted something."""
    versions = (
        CatalogueVersion.objects.filter(created_at__gte=since)
        .annotate(text=Cast("changes", TextField()))
        .filter(text__contains='"converted"')
        .order_by("created_at", "pk")
        .values_list("created_at", "changes")
    )
    found: dict[str, list[_Conversion]] = {}
    for at, changes in versions:
        for change in changes or []:
            if not isinstance(change, dict) or change.get("action") != "converted":
                continue
            code, units = change.get("code"), _units(change, changes)
            if code in codes and units is not None:
                found.setdefault(code, []).append(_Conversion(at, *units))
    return found


class _UnitOf:
    """The unit each record's value was written in: the one before the first conversion
    after it; a conversion's own rows are in its new unit (they are written in the
    version's transaction, before the version is recorded)."""

    def __init__(self, conversions: list[_Conversion], current: str):
        self.conversions = conversions
        self.moments = [conversion.at for conversion in conversions]
        self.current = current

    def __call__(self, when: datetime, converted: bool) -> str:
        if converted:
            index = bisect_left(self.moments, when)
            if index < len(self.conversions):
                return self._shown(self.conversions[index].unit_to)
            return ""
        index = bisect_right(self.moments, when)
        if index < len(self.conversions):
            return self._shown(self.conversions[index].unit_from)
        return ""

    def _shown(self, unit: str) -> str:
        return "" if unit == self.current else unit


def _units_of(records: list, indicators: dict[str, Indicator]) -> dict[str, _UnitOf]:
    """The unit of each converted indicator's records: the rows before a conversion
    are in the unit it converted from. No query unless a conversion wrote a record."""
    converted = [r for r in records if r.source == Source.CONVERSION]
    if not converted:
        return {}
    since = records[0].history_date
    conversions = conversions_since({r.indicator_id for r in converted}, since)
    return {
        code: _UnitOf(found, indicators[code].unit if code in indicators else "")
        for code, found in conversions.items()
    }


def report_history(
    report: Report, indicators: dict[str, Indicator], indicator: str | None = None
) -> list[ValueChange]:
    """Changes of a report's figures, newest first; one query, and one more when a unit
    conversion wrote some of them.

    The records are walked oldest first per indicator, so each knows the value
    before it; a figure removed and later entered again keeps one story.
    """
    records = DataValue.history.filter(report_id=report.pk)
    if indicator:
        records = records.filter(indicator_id=indicator)
    records = list(records.select_related("history_user").order_by("history_date", "history_id"))
    unit_of = _units_of(records, indicators)
    sources = dict(Source.choices)
    last: dict[str, tuple[Decimal | None, str]] = {}
    changes = []
    for record in records:
        code = record.indicator_id
        new = None if record.history_type == "-" else record.value
        is_conversion = record.source == Source.CONVERSION
        unit = unit_of[code](record.history_date, is_conversion) if code in unit_of else ""
        old, old_unit = last.get(code, (None, ""))
        user = record.history_user
        changes.append(
            ValueChange(
                code=code,
                indicator=indicators.get(code),
                old=old,
                new=new,
                who=(user.first_name or user.username) if user else "—",
                when=record.history_date,
                comment=record.comment,
                source=str(sources.get(record.source, record.source)),
                old_unit=old_unit,
                new_unit=unit,
                converted=is_conversion,
            )
        )
        last[code] = (new, unit)
    changes.reverse()
    return changes[:HISTORY_LIMIT]
