"""The history of a town-year's figures: old value → new value, who, when, how."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from .models import DataValue, Indicator, Report, Source

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

    @property
    def name(self) -> str:
        return self.indicator.display_name if self.indicator else self.code

    @property
    def old_text(self) -> str:
        return self._text(self.old)

    @property
    def new_text(self) -> str:
        return self._text(self.new)

    def _text(self, value: Decimal | None) -> str:
        if self.indicator is not None:
            return self.indicator.format_value(value)
        return "" if value is None else format(value.normalize(), "f")


def report_history(
    report: Report, indicators: dict[str, Indicator], indicator: str | None = None
) -> list[ValueChange]:
    """Changes of a report's figures, newest first; one query.

    The records are walked oldest first per indicator, so each knows the value
    before it; a figure removed and later entered again keeps one story.
    """
    records = DataValue.history.filter(report_id=report.pk)
    if indicator:
        records = records.filter(indicator_id=indicator)
    records = records.select_related("history_user").order_by("history_date", "history_id")
    sources = dict(Source.choices)
    last: dict[str, Decimal | None] = {}
    changes = []
    for record in records:
        code = record.indicator_id
        new = None if record.history_type == "-" else record.value
        user = record.history_user
        changes.append(
            ValueChange(
                code=code,
                indicator=indicators.get(code),
                old=last.get(code),
                new=new,
                who=(user.first_name or user.username) if user else "—",
                when=record.history_date,
                comment=record.comment,
                source=str(sources.get(record.source, record.source)),
            )
        )
        last[code] = new
    changes.reverse()
    return changes[:HISTORY_LIMIT]
