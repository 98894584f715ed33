"""The one write path of figures: the entry form, the API, Excel and the demo seed call it."""

from collections.abc import Iterable

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Source
from . import store
from .plan import Plan, plan_import
from .refusals import WriteRefused
from .rows import MAX_IMPORT_ROWS, FigureRow
from .signals import figures_written
from .summary import ImportSummary


class TooManyRows(WriteRefused):
    def __init__(self, count: int):
        super().__init__(
            "too_many_rows",
            _("一次最多提交 %(max)s 个数字，本次有 %(n)s 个，请分批提交。")
            % {"max": MAX_IMPORT_ROWS, "n": count},
        )


def figures_import(
    *,
    rows: Iterable[FigureRow],
    user: User,
    source: Source,
    dry_run: bool = False,
    submit: bool = False,
) -> ImportSummary:
    """Set figures across towns and years, all or nothing, keeping history.

    In this order: each row's shape; the figure, read as people type it
    (:func:`~indicators.validation.clean_figure`); the user's rights and the
    report's lock (:func:`~indicators.figures.refusals.write_refusal`); duplicates and
    the version the caller read (``FigureRow.version``); then the plausibility rules,
    whose findings come back as warnings. Any conflict, or ``dry_run``, and nothing
    is written; the summary says what would have happened.

    Everything is checked before the write lock is taken; under it the service only
    verifies that no report moved meanwhile (planning again if one did) and writes a
    few set-based statements, so a 10,000-figure import holds the lock briefly.

    ``submit`` hands the one report the rows touch to review in the same transaction
    (:func:`~indicators.workflow.report_submit`); a refused submission raises
    :class:`~indicators.workflow.TransitionRefused` and saves nothing.
    """
    rows = list(rows)
    if len(rows) > MAX_IMPORT_ROWS:
        raise TooManyRows(len(rows))
    plan = plan_import(rows, user, dry_run=dry_run)
    if plan.summary.conflicts or dry_run:
        return plan.summary
    prepared = store.prepare(plan.to_write, user=user, source=source)
    with transaction.atomic():  # the write lock: a row lock on PostgreSQL, the file on SQLite
        places = {(p.region.code, p.year) for p in plan.to_write}
        if submit:
            places |= set(plan.reports)
        reports = store.lock_reports(places)
        if _moved(plan, reports):
            plan = plan_import(rows, user)  # again, now that nobody can move them
            if plan.summary.conflicts:
                transaction.set_rollback(True)
                return plan.summary
            prepared = store.prepare(plan.to_write, user=user, source=source)
        store.write(prepared, reports)
        if submit:
            _submit(reports.values(), user)
        figures_written.send(
            figures_import,
            user=user,
            source=source,
            summary=plan.summary,
            places=sorted((p.region.code, p.year) for p in plan.to_write),
        )
    return plan.summary


def _moved(plan: Plan, reports: dict) -> bool:
    """Whether any report changed version or status between planning and locking."""
    for place, planned in plan.reports.items():
        report = reports.get(place)
        if report is not None and (report.version, report.status) != planned.state:
            return True
    return False


def _submit(reports, user: User) -> None:
    # Imported here: the workflow builds on this package's refusals.
    from ..workflow import report_submit

    for report in reports:
        report.refresh_from_db(fields=["version", "status"])
        report_submit(report=report, user=user)
