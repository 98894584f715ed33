"""What changed in a report since a version: the diff a stale write is refused with.

Every figure carries the report version its write produced, and so does its history
record, so the diff is exact: no guessing from what a page happened to show.
"""

from django.utils import timezone

from ..models import DataValue, Report


def _name(user) -> str:
    return (user.first_name or user.username) if user else "—"


def changes_since(report: Report, version: int) -> list[dict]:
    """Figures set or removed after ``version``, in report order, as plain JSON-ready data.

    Each: indicator code, the value now (None when removed), its comment, who, when.
    """
    now = list(
        report.values.filter(version__gt=version).select_related("indicator__section", "changed_by")
    )
    changes = [
        (
            value.indicator,
            {
                "indicator": value.indicator_id,
                "value": value.indicator.format_value(value.value),
                "comment": value.comment,
                "changed_by": _name(value.changed_by),
                "changed_at": timezone.localtime(value.updated_at).isoformat(),
            },
        )
        for value in now
    ]
    present = {value.indicator_id for value in report.values.all().only("indicator_id")}
    removed = (
        DataValue.history.filter(report_id=report.pk, history_type="-", version__gt=version)
        .exclude(indicator_id__in=present)
        .select_related("indicator__section", "history_user")
        .order_by("history_date")
    )
    last = {record.indicator_id: record for record in removed}
    changes += [
        (
            record.indicator,
            {
                "indicator": code,
                "value": None,
                "comment": "",
                "changed_by": _name(record.history_user),
                "changed_at": timezone.localtime(record.history_date).isoformat(),
            },
        )
        for code, record in last.items()
    ]
    changes.sort(key=lambda pair: (pair[0].section.number, pair[0].order))
    return [change for _indicator, change in changes]
