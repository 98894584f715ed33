"""The history of a town-year's figures: old value → new value, who, when, how."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from .models import DataValue, Indicator, Report, Source

# How many changes a history page shows, newest first.
HISTORY_LIMIT = 500


@dataclass(frozen=True)
class ValueChange:
    indicator: Indicator
    old: Decimal | None
    new: Decimal | None
    who: str
    when: datetime
    comment: str
    source: str  # label: 表单 / 导入 / 接口 / 演示数据

    @property
    def old_text(self) -> str:
        return self.indicator.format_value(self.old)

    @property
    def new_text(self) -> str:
        return self.indicator.format_value(self.new)


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
                indicator=indicators[code],
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
