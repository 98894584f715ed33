"""The one write path of figures, and the write half of every workflow move.

The entry form, the API, Excel and the seeds call :func:`figures_import`; the
workflow (:mod:`indicators.workflow.transitions`) checks a move and calls :func:`reports_move`.
Both own their consequences (stamps, summaries, the audit entry) through
:func:`~.effects.consequences`, in their transaction; no signal receiver writes.
"""

import gc
from collections.abc import Iterable
from contextlib import contextmanager
from functools import partial

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..audit.events import figures_recorded, move_recorded, moves_recorded
from ..models import Report, ReportTransition, Source, StampKind, Status
from . import store
from .effects import consequences, provinces_of
from .plan import Plan, plan_import
from .refusals import WriteRefused
from .rows import MAX_IMPORT_ROWS, FigureRow
from .summary import ImportSummary

# Reports per statement, for callers that batch reports the way the store does.
CHUNK = store.CHUNK


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
) -> ImportSummary:
    """Set figures across towns and years, all or nothing, keeping history.

    In this order: each row's shape; the figure, read as people type it
    (:func:`~indicators.figures.validation.clean_figure`); the user's rights and the
    report's lock (:func:`~indicators.figures.refusals.write_refusal`); duplicates and
    the version the caller read (``FigureRow.version``); then the plausibility rules,
    whose findings come back as warnings. Any conflict, or ``dry_run``, and nothing
    is written; the summary says what would have happened.

    Everything is checked before the write lock is taken; under it the service only
    verifies that no report moved meanwhile (planning again if one did) and writes a
    few set-based statements, so a 10,000-figure import holds the lock briefly.

    In the same transaction, and in the lock order of :func:`~.effects.consequences`:
    the reports' versions, the data stamps, the region summaries and the audit entry.
    To save and submit at once, the workflow's
    :func:`~indicators.workflow.transitions.figures_submit` calls this inside its own transaction.
    """
    rows = list(rows)
    if len(rows) > MAX_IMPORT_ROWS:
        raise TooManyRows(len(rows))
    with collector_paused():
        return _import(rows, user, source, dry_run)


@contextmanager
def collector_paused():
    """Python's cycle collector held off for one import, and run as usual afterwards.

    An import makes tens of thousands of small objects (rows, changes, outcomes,
    statement parameters), freed by reference counting, not by the collector; but
    every 700 of them start a young collection, and now and then a full one walks
    every live object of the process: 0.25 s inside one 10,000-figure import
    (cProfile, ``bench/bench_bulk.py``). The size of an import is bounded
    (``MAX_IMPORT_ROWS``), and so is what waits for the collector meanwhile.
    """
    if not gc.isenabled():  # already paused: by an outer import, or by the caller
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _import(rows: list[FigureRow], user: User, source: Source, dry_run: bool) -> ImportSummary:
    """:func:`figures_import` of rows already counted."""
    plan = plan_import(rows, user, dry_run=dry_run, source=source)
    if plan.summary.conflicts or dry_run:
        return plan.summary
    prepared = store.prepare(plan.to_write, user=user, source=source)
    with transaction.atomic():  # the write lock: a row lock on PostgreSQL, the file on SQLite
        places = {(p.region.code, p.year) for p in plan.to_write}
        reports = store.lock_reports(places)
        if _moved(plan, reports):
            plan = plan_import(rows, user, source=source)  # again, now that nobody can move them
            if plan.summary.conflicts:
                transaction.set_rollback(True)
                return plan.summary
            prepared = store.prepare(plan.to_write, user=user, source=source)
        store.write(prepared, reports)
        written = sorted((p.region.code, p.year) for p in plan.to_write)
        consequences(
            kind=StampKind.VALUES,
            stamped=provinces_of(written),
            summarised=written,
            record=partial(
                figures_recorded, user=user, source=source, summary=plan.summary, places=written
            ),
        )
    return plan.summary


def _moved(plan: Plan, reports: dict) -> bool:
    """Whether any report changed version or status between planning and locking."""
    for place, planned in plan.reports.items():
        report = reports.get(place)
        if report is not None and (report.version, report.status) != planned.state:
            return True
    return False


@transaction.atomic
def reports_move(
    *, reports: list[Report], user: User, to_status: str, reason: str = "", many: bool = False
) -> list[Report]:
    """Move reports the workflow has checked and locked to ``to_status``: one recorded
    transition each, their versions and status (:func:`store.reports_advance`), the
    stamps, the summaries of a move into or out of approved, and one audit entry
    (``many``: one listing the reports, as a set-based move records).

    The workflow's checks (rights, status, comments) come first, in
    :mod:`indicators.workflow.transitions`; this is only the write. The reports given are updated
    in place and returned.
    """
    if not reports:
        return reports
    reason = (reason or "").strip()
    moved = [(report, report.status) for report in reports]
    ReportTransition.objects.bulk_create(
        [
            ReportTransition(
                report=report, from_status=status, to_status=to_status, user=user, reason=reason
            )
            for report, status in moved
        ],
        batch_size=store.CHUNK,
    )
    now = timezone.now()
    store.reports_advance([report.pk for report in reports], now=now, status=to_status)
    for report in reports:
        report.status, report.version, report.updated_at = to_status, report.version + 1, now
    places = [(report.region_id, report.year) for report in reports]
    if many:
        record = partial(moves_recorded, user=user, moved=moved, to_status=to_status, reason=reason)
    else:
        report, from_status = moved[0]
        record = partial(
            move_recorded,
            user=user,
            report=report,
            from_status=from_status,
            to_status=to_status,
            reason=reason,
        )
    consequences(
        kind=StampKind.VALUES,
        # A status shows on every row, and decides what anonymous callers see.
        stamped=provinces_of(places),
        # Only a move into or out of "approved" changes what the summaries hold.
        summarised=[
            place
            for place, (_report, status) in zip(places, moved, strict=True)
            if Status.APPROVED in (status, to_status)
        ],
        record=record,
    )
    return reports


@transaction.atomic
def subtree_figures_drop(*, low: str, high: str) -> int:
    """Remove every report and figure of the towns whose codes lie in [low, high]
    (the synthetic province of ``seed_scale --replace``), with their stamps and
    summaries; returns the number of reports removed.

    Not a user's write: no audit entry, no rights check. Approved figures cannot be
    removed through :func:`figures_import`, and the fixture must go whole.
    """
    places = store.subtree_drop(low, high)
    consequences(kind=StampKind.VALUES, stamped=provinces_of(places), summarised=places)
    return len(places)
