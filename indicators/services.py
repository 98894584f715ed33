"""Writes to figures. The form, the Excel import and the API all call these."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from .models import DataValue, Indicator, Level, Region, Report, Source


class WriteRefused(Exception):
    """A write that must not happen; ``code`` is stable for programs."""

    code = "refused"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ReportLocked(WriteRefused):
    code = "locked"


class NotATown(WriteRefused):
    code = "not_a_town"


class StaleReport(WriteRefused):
    """Someone else saved since the page was loaded."""

    code = "stale"

    def __init__(self, message: str, *, report: Report, changed: list[DataValue]):
        super().__init__(message)
        self.report = report
        self.changed = changed


@dataclass(frozen=True)
class FigureChange:
    """One figure to set; ``value=None`` removes it."""

    indicator: Indicator
    value: Decimal | None
    comment: str = ""


@dataclass
class SaveSummary:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    changed_codes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> int:
        return self.created + self.updated + self.deleted


def report_for(*, region: Region, year: int, lock: bool = False) -> Report:
    """The report of a town for a year, created as a draft on first use."""
    if region.level != Level.TOWN:
        raise NotATown(_("只有镇可以填报数字：%(region)s 不是镇。") % {"region": region.name})
    report, _created = Report.objects.get_or_create(region=region, year=year)
    if lock:
        report = Report.objects.select_for_update().get(pk=report.pk)
    return report


@transaction.atomic
def values_save(
    *,
    report: Report,
    changes: Iterable[FigureChange],
    user: User | None,
    source: Source,
    expected_version: int | None = None,
) -> SaveSummary:
    """Set a report's figures in one transaction, keeping history.

    ``expected_version`` is the report version the caller's page was built on;
    when someone saved since, :class:`StaleReport` lists what they changed and
    nothing is written.
    """
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.is_locked:
        raise ReportLocked(
            _("%(report)s 年的数字已审核锁定，需县级审核人员重新打开后才能修改。")
            % {"report": report}
        )
    if expected_version is not None and expected_version != report.version:
        changed = list(
            report.values.select_related("indicator", "changed_by").order_by("-updated_at")
        )
        raise StaleReport(
            _("保存失败：在您打开页面之后，其他人修改了 %(report)s 年的数字。")
            % {"report": report},
            report=report,
            changed=changed,
        )

    existing = {value.indicator_id: value for value in report.values.all()}
    summary = SaveSummary()
    for change in changes:
        current = existing.get(change.indicator.code)
        if change.value is None:
            if current is None:
                summary.unchanged += 1
                continue
            # simple-history records the in-memory state on delete: say who and how.
            current.source, current.changed_by, current._history_user = source, user, user
            current.comment = change.comment or current.comment
            current.delete()
            summary.deleted += 1
        elif current is None:
            value = DataValue(
                report=report,
                indicator=change.indicator,
                value=change.value,
                comment=change.comment,
                source=source,
                changed_by=user,
            )
            value._history_user = user
            value.save()
            summary.created += 1
        elif current.value != change.value or current.comment != change.comment:
            current.value, current.comment = change.value, change.comment
            current.source, current.changed_by, current._history_user = source, user, user
            current.save()
            summary.updated += 1
        else:
            summary.unchanged += 1
            continue
        summary.changed_codes.append(change.indicator.code)

    if summary.changed:
        report.version += 1
        report.save(update_fields=["version", "updated_at"])
    return summary
