"""Bulk writes of figures across many towns and years (the API's ``values/bulk``).

Rows are checked all together first; one conflict means nothing is written, as in
DHIS2's dataValueSets import. The writes themselves go through
:func:`indicators.services.values_save`, one call per report, so history, the
lock and the report version behave exactly as for the entry form.
"""

from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from . import access
from .models import FIRST_YEAR, LAST_YEAR, DataValue, Indicator, Level, Region, Report, Source
from .services import FigureChange, SaveSummary, WriteRefused, values_save
from .validation import FigureError, clean_figure

MAX_IMPORT_ROWS = 10_000


@dataclass(frozen=True)
class ImportRow:
    """One figure as a program sends it: codes, not objects. ``comment=None`` keeps it."""

    indicator: str
    region: str
    year: int
    value: object
    comment: str | None = None


@dataclass(frozen=True)
class ImportConflict:
    index: int
    indicator: str
    region: str
    year: int
    code: str
    message: str


@dataclass
class ImportSummary:
    dry_run: bool = False
    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    conflicts: list[ImportConflict] = field(default_factory=list)

    @property
    def status(self) -> str:
        return "conflict" if self.conflicts else "ok"

    def add(self, saved: SaveSummary) -> None:
        self.created += saved.created
        self.updated += saved.updated
        self.deleted += saved.deleted
        self.unchanged += saved.unchanged

    def refuse(self, index: int, row: ImportRow, problem: tuple[str, str]) -> None:
        code, message = problem
        self.conflicts.append(
            ImportConflict(index, row.indicator, row.region, row.year, code, str(message))
        )


def rows_lookup(rows: list[ImportRow]) -> tuple[dict[str, Indicator], dict[str, Region]]:
    """The indicators and regions that rows name, in two queries."""
    indicators = Indicator.objects.in_bulk({row.indicator for row in rows})
    regions = Region.objects.in_bulk({row.region for row in rows})
    return indicators, regions


def row_problem(
    row: ImportRow, indicators: dict[str, Indicator], regions: dict[str, Region]
) -> tuple[str, str] | None:
    """What is wrong with a row's codes and year, as (code, message), before any rights."""
    if row.indicator not in indicators:
        return "unknown_indicator", _("未知的指标代码：%(code)s。") % {"code": row.indicator}
    if row.region not in regions:
        return "unknown_region", _("未知的区划代码：%(code)s。") % {"code": row.region}
    if not FIRST_YEAR <= row.year <= LAST_YEAR:
        return "year_out_of_range", _("年度应在 %(first)s～%(last)s 之间。") % {
            "first": FIRST_YEAR,
            "last": LAST_YEAR,
        }
    return None


@transaction.atomic
def values_import(
    *, rows: list[ImportRow], user: User, source: Source = Source.API, dry_run: bool = False
) -> ImportSummary:
    """Set many figures across towns and years, all or nothing.

    Each row goes through :func:`clean_figure` like a figure typed in the form.
    Unknown codes, bad figures, a region that is not a town, a report that is
    approved (locked) or submitted, a town outside the user's rights and the same
    figure twice are conflicts. With any conflict, or with ``dry_run``, nothing is
    written and the summary says what would have happened.
    """
    summary = ImportSummary(dry_run=dry_run)
    indicators, regions = rows_lookup(rows)
    reports = _reports_for(rows)
    existing = {
        (value.report_id, value.indicator_id): value
        for value in DataValue.objects.filter(
            report__in=list(reports.values()), indicator_id__in=list(indicators)
        ).only("id", "report_id", "indicator_id", "value", "comment")
    }
    changes: dict[tuple[str, int], list[FigureChange]] = {}
    seen: set[tuple[str, str, int]] = set()
    for index, row in enumerate(rows):
        problem = row_problem(row, indicators, regions)
        if problem is None:
            key = (row.indicator, row.region, row.year)
            report = reports.get((row.region, row.year))
            problem = _place_problem(user, regions[row.region], row.year, report, key in seen)
        if problem is None:
            try:
                value = clean_figure(indicators[row.indicator], row.value)
            except FigureError as error:
                problem = error.code, error.message
        if problem is not None:
            summary.refuse(index, row, problem)
            continue
        seen.add(key)
        current = existing.get((report.pk, row.indicator)) if report else None
        comment = row.comment if row.comment is not None else (current.comment if current else "")
        change = FigureChange(indicators[row.indicator], value, comment)
        changes.setdefault((row.region, row.year), []).append(change)
        _count(summary, current, change)

    if summary.conflicts or dry_run:
        return summary
    _create_missing_reports(reports, changes, regions)
    written = ImportSummary()
    for (region, year), report_changes in changes.items():
        try:
            saved = values_save(
                report=reports[(region, year)], changes=report_changes, user=user, source=source
            )
        except WriteRefused as refused:  # pragma: no cover - the reports are locked above
            transaction.set_rollback(True)
            index = next(
                i for i, row in enumerate(rows) if (row.region, row.year) == (region, year)
            )
            summary.refuse(index, rows[index], (refused.code, refused.message))
            return summary
        written.add(saved)
    return written


def _reports_for(rows: list[ImportRow]) -> dict[tuple[str, int], Report]:
    """The existing reports the rows touch, locked until the import commits."""
    regions = {row.region for row in rows}
    years = {row.year for row in rows if FIRST_YEAR <= row.year <= LAST_YEAR}
    reports = Report.objects.select_for_update().filter(region_id__in=regions, year__in=years)
    return {(report.region_id, report.year): report for report in reports}


def _place_problem(
    user: User, region: Region, year: int, report: Report | None, duplicate: bool
) -> tuple[str, str] | None:
    """Why this user may not write this town's figures for this year, if they may not."""
    if region.level != Level.TOWN:
        return "not_a_town", _("只有镇可以填报数字：%(region)s 不是镇。") % {"region": region.name}
    if duplicate:
        return "duplicate", _("同一指标、区划和年度在本次提交中出现了不止一次。")
    # Rights are asked of a draft of the same town, so that "who" and "when" are
    # told apart: outside your rights is "forbidden", approved is "locked".
    if not access.can_edit(user, Report(region=region, year=year)):
        return "forbidden", _("您无权修改%(region)s的数字。") % {"region": region.name}
    where = {"region": region.name, "year": year}
    if report is not None and report.is_locked:
        message = _("%(region)s %(year)s 年的数字已审核锁定，需县级审核人员重新打开后才能修改。")
        return "locked", message % where
    if report is not None and not report.is_editable:
        return "not_editable", _("%(region)s %(year)s 年的数字已提交审核，退回后才能修改。") % where
    return None


def _count(summary: ImportSummary, current: DataValue | None, change: FigureChange) -> None:
    """The same counting as :func:`values_save`, without writing."""
    if change.value is None:
        if current is None:
            summary.unchanged += 1
        else:
            summary.deleted += 1
    elif current is None:
        summary.created += 1
    elif current.value != change.value or current.comment != change.comment:
        summary.updated += 1
    else:
        summary.unchanged += 1


def _create_missing_reports(
    reports: dict[tuple[str, int], Report], changes: dict, regions: dict[str, Region]
) -> None:
    missing = [pair for pair in changes if pair not in reports]
    if not missing:
        return
    Report.objects.bulk_create(
        [Report(region=regions[code], year=year) for code, year in missing], ignore_conflicts=True
    )
    created = Report.objects.select_for_update().filter(
        region_id__in={code for code, _year in missing}, year__in={year for _code, year in missing}
    )
    for report in created:
        reports.setdefault((report.region_id, report.year), report)
