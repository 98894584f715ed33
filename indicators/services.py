"""Writes to figures. The form, the Excel import and the API all call these."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from .models import DataValue, Indicator, Level, Region, Report, Source


class WriteRefused(Exception):
    """A write that must not happen; ``code`` is stable for programs."""

    code = "refused"

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ReportLocked(WriteRefused):
    code = "locked"


class ReportSubmitted(WriteRefused):
    code = "submitted"


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

    @property
    def changed(self) -> int:
        return self.created + self.updated + self.deleted


def report_for(*, region: Region, year: int) -> Report:
    """The report of a town for a year, created as a draft on first use."""
    if region.level != Level.TOWN:
        raise NotATown(_("只有镇可以填报数字：%(region)s 不是镇。") % {"region": region.name})
    report, _created = Report.objects.get_or_create(region=region, year=year)
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
    if not report.is_editable:
        # Checked again under the row lock: the report may have been submitted
        # between the caller's own check and this write.
        raise ReportSubmitted(
            _("%(report)s 年的数字已提交审核，退回后才能修改。") % {"report": report}
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
    created, updated, deleted = [], [], []
    for change in changes:
        current = existing.get(change.indicator.code)
        if change.value is None:
            if current is None:
                summary.unchanged += 1
                continue
            # The history record keeps the deleted figure: say who and how.
            current.source, current.changed_by = source, user
            current.comment = change.comment or current.comment
            deleted.append(current)
        elif current is None:
            created.append(
                DataValue(
                    report=report,
                    indicator=change.indicator,
                    value=change.value,
                    comment=change.comment,
                    source=source,
                    changed_by=user,
                )
            )
        elif current.value != change.value or current.comment != change.comment:
            current.value, current.comment = change.value, change.comment
            current.source, current.changed_by = source, user
            updated.append(current)
        else:
            summary.unchanged += 1
            continue
    _write_with_history(created=created, updated=updated, deleted=deleted, user=user)
    summary.created, summary.updated, summary.deleted = len(created), len(updated), len(deleted)

    if summary.changed:
        report.version += 1
        report.save(update_fields=["version", "updated_at"])
    return summary


def _write_with_history(
    *,
    created: list[DataValue],
    updated: list[DataValue],
    deleted: list[DataValue],
    user: User | None,
) -> None:
    """A few bulk statements instead of two per figure, with one history record per figure.

    simple-history's signals do not fire on bulk writes; its bulk helpers write the
    history rows, with the same user and date for the whole save.
    """
    now = timezone.now()
    if created:
        bulk_create_with_history(created, DataValue, default_user=user, default_date=now)
    if updated:
        for value in updated:
            value.updated_at = now  # an UPDATE statement does not run auto_now
        _update_many(updated)
        DataValue.history.bulk_history_create(
            updated, update=True, default_user=user, default_date=now
        )
    for value in deleted:
        # Deletions are rare: one by one, so that simple-history's signal records
        # the figure as it was, with who and through what.
        value._history_user = user
        value.delete()


_UPDATED_FIELDS = ("value", "comment", "source", "changed_by", "updated_at")


def _update_many(values: list[DataValue]) -> None:
    """Write many changed figures in a few statements.

    Django's bulk_update builds a CASE WHEN per field and row: for 10,000 figures
    that takes a minute to compile. PostgreSQL gets one UPDATE ... FROM (VALUES ...)
    per thousand rows; SQLite, whose statements cost no round trip, runs one
    prepared UPDATE many times.
    """
    meta = DataValue._meta
    fields = [meta.get_field(name) for name in _UPDATED_FIELDS]
    quote = connection.ops.quote_name
    rows = [
        [value.pk]
        + [field.get_db_prep_save(getattr(value, field.attname), connection) for field in fields]
        for value in values
    ]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            types = ["bigint", "numeric", "text", "text", "integer", "timestamptz"]
            placeholder = "(" + ", ".join(f"%s::{kind}" for kind in types) + ")"
            assignments = ", ".join(
                f"{quote(field.column)} = v.column{index}"
                for index, field in enumerate(fields, start=2)
            )
            for start in range(0, len(rows), 1000):
                batch = rows[start : start + 1000]
                cursor.execute(
                    f"UPDATE {quote(meta.db_table)} AS t SET {assignments} "
                    f"FROM (VALUES {', '.join([placeholder] * len(batch))}) AS v "
                    f"WHERE t.{quote(meta.pk.column)} = v.column1",
                    [param for row in batch for param in row],
                )
        else:
            assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
            cursor.executemany(
                f"UPDATE {quote(meta.db_table)} SET {assignments} "
                f"WHERE {quote(meta.pk.column)} = %s",
                [row[1:] + row[:1] for row in rows],
            )
