"""Past reports from preview to write, through the one write path.

:func:`past_reports_create` keeps what was read (one :class:`PastReport` per file)
and checks it; the check is :func:`~indicators.figures.figures_import` with
``dry_run``, and a figure it refuses (a locked report, out of rights, out of bounds)
is shown with the reason and not sent. :func:`past_reports_write` is the same call
for real with the source 历年报告 and the report versions the check saw: if anyone
saved one of those reports since, nothing is written and the files are checked again.
"""

import uuid
from collections.abc import Callable

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from ...figures import FigureRow, ImportSummary, figures_import
from ...models import PastReport, Source
from .bundle import FileResult


def figure_json(figure) -> dict:
    """One figure found in a report, as the preview keeps it and the API answers it."""
    return {
        "indicator": figure.indicator,
        "value": f"{figure.value:f}",
        "unit": figure.unit,
        "sentence": figure.sentence,
        "start": figure.start,
        "end": figure.end,
    }


def past_reports_create(
    *, results: list[FileResult], user: User, bundle: uuid.UUID
) -> list[PastReport]:
    """Keep each read file for its preview, then check what it would write."""
    reports = PastReport.objects.bulk_create(
        PastReport(
            bundle=bundle,
            user=user,
            file_name=result.file_name[:255],
            region=result.town,
            year=result.year,
            text_year=result.parsed.year,
            figures=[figure_json(figure) for figure in result.parsed.figures],
            not_found=result.parsed.not_found,
            problem=result.problem,
        )
        for result in results
    )
    past_reports_check(bundle=bundle, user=user)
    return reports


def _rows(reports: list[PastReport], *, versions: bool) -> tuple[list[FigureRow], list]:
    rows, owners = [], []
    for report in reports:
        for figure in report.importable:
            version = report.version if versions else None
            rows.append(
                FigureRow(
                    figure["indicator"],
                    report.region_id,
                    report.year,
                    figure["value"],
                    None,
                    version,
                )
            )
            owners.append(report)
    return rows, owners


def past_reports_check(*, bundle: uuid.UUID, user: User) -> ImportSummary:
    """What writing the bundle would do now; keeps refusals and versions on each file."""
    reports = list(PastReport.objects.filter(bundle=bundle, user=user))
    for report in reports:
        report.refusals = {}
    rows, owners = _rows(reports, versions=False)
    summary = figures_import(rows=rows, user=user, source=Source.PAST_REPORT, dry_run=True)
    for conflict in summary.conflicts:
        owners[conflict.index].refusals[conflict.indicator] = conflict.message
    for report in reports:
        report.version = summary.versions.get((report.region_id, report.year))
    PastReport.objects.bulk_update(reports, ["refusals", "version"])
    return summary


@transaction.atomic
def past_reports_write(
    *, bundle: uuid.UUID, user: User, progress: Callable[[float], None] | None = None
) -> ImportSummary:
    """Write every importable figure of the bundle, all or nothing, with the source
    历年报告; the files keep the sentence of each figure as its record."""
    reports = list(
        PastReport.objects.select_for_update().filter(
            bundle=bundle, user=user, state=PastReport.State.PREVIEWED
        )
    )
    rows, _owners = _rows(reports, versions=True)
    if not rows:
        return ImportSummary()
    summary = figures_import(rows=rows, user=user, source=Source.PAST_REPORT)
    if progress is not None:
        progress(0.9)
    if not summary.conflicts:
        written = [report for report in reports if report.importable]
        for report in written:
            report.state, report.written_at = PastReport.State.WRITTEN, timezone.now()
        PastReport.objects.bulk_update(written, ["state", "written_at"])
    return summary
