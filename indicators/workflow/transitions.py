"""The review workflow of a town's figures for a year.

草稿 draft → 已提交 submitted (by the town's reviewer) → 已审核 approved (by a county
official), or → 退回 returned with a reason. Approved figures are locked until a
county official reopens them, with a reason, as a draft. Every move records who,
when and why. The entry form and the API both call these services; figures
themselves are written by :func:`indicators.figures.figures_import`.
"""

from collections.abc import Callable, Iterable

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from indicators.accounts import access
from indicators.catalogue.years import figure_years
from indicators.figures import FigureRow, ImportSummary, figures_import
from indicators.figures.refusals import WriteRefused
from indicators.figures.rules import (
    NO_FIGURES,
    Finding,
    check_figures,
    figures_by_report,
    load_rules,
    report_findings,
)
from indicators.figures.service import CHUNK, reports_move
from indicators.models import DataValue, Level, Region, Report, Source, Status


class TransitionRefused(WriteRefused):
    """A workflow step that must not happen. ``code`` is one of:

    ``forbidden`` (the user lacks the right), ``stale`` (the figures or the status
    changed since the user's page was loaded), ``wrong_status`` (not from this
    status), ``reason_required``, ``comment_required`` (a warning that blocks submission,
    e.g. a ±30% change, lacks a comment).
    """

    def __init__(self, code: str, message: str, *, findings: list[Finding] | None = None):
        super().__init__(code, message)
        self.findings = findings or []


def _checked(
    *,
    report: Report,
    user: User,
    from_statuses: Iterable[str],
    allowed: Callable[[User, Report], bool],
    expected_version: int | None = None,
) -> Report:
    """The report, locked, once the user's right, its version and its status allow the step.

    ``expected_version`` is the version of the page the user acted on: when the
    figures or the status changed since, the step is refused as ``stale``.
    """
    report = Report.objects.select_for_update().select_related("region").get(pk=report.pk)
    if not allowed(user, report):
        raise TransitionRefused(
            "forbidden", _("您没有权限对 %(report)s 年执行此操作。") % {"report": report}
        )
    if expected_version is not None and expected_version != report.version:
        raise TransitionRefused(
            "stale",
            _(
                "操作没有执行：在您打开页面之后，%(report)s 年的数字或状态已有变化。"
                "下面是现在的数字和状态，请核对后再操作。"
            )
            % {"report": report},
        )
    if report.status not in from_statuses:
        raise TransitionRefused(
            "wrong_status",
            _("%(report)s 年当前状态为“%(status)s”，不能执行此操作。")
            % {"report": report, "status": report.get_status_display()},
        )
    return report


def _move(
    *,
    report: Report,
    user: User,
    to_status: str,
    from_statuses: Iterable[str],
    allowed: Callable[[User, Report], bool],
    reason: str = "",
    reason_required: bool = False,
    expected_version: int | None = None,
) -> Report:
    """Check, then move the report, recording who and why.

    The version moves too (:func:`~indicators.figures.service.reports_move`, which
    also records the move and keeps stamps and summaries): a page opened before the
    step is stale afterwards, even when the figures are the same.
    """
    report = _checked(
        report=report,
        user=user,
        from_statuses=from_statuses,
        allowed=allowed,
        expected_version=expected_version,
    )
    reason = (reason or "").strip()
    if reason_required and not reason:
        raise TransitionRefused("reason_required", _("请填写理由。"))
    reports_move(reports=[report], user=user, to_status=to_status, reason=reason)
    return report


@transaction.atomic
def figures_submit(*, rows: Iterable[FigureRow], user: User, source: Source) -> ImportSummary:
    """Save figures and hand their town-year's report to review, all or nothing
    (the entry form's 保存并提交).

    The report is locked (created as a draft if nobody saved it yet) before the
    figures are written, so the write and the move take their locks in the one order
    of :func:`~indicators.figures.effects.consequences`. Any conflict, and nothing is
    saved or submitted; a refused submission raises :class:`TransitionRefused` and
    saves nothing either.
    """
    rows = list(rows)
    places = sorted({(row.region, row.year) for row in rows})
    if len(places) != 1:
        raise TransitionRefused("invalid", _("一次只能提交一个镇一个年度的数字。"))
    town, year = places[0]
    report = _report_locked(town, year)
    summary = figures_import(rows=rows, user=user, source=source)
    if summary.conflicts or report is None:
        transaction.set_rollback(True)
        return summary
    report_submit(report=report, user=user)
    return summary


def _report_locked(town: str, year: int) -> Report | None:
    """The town-year's report, locked until commit; a draft is created if missing.

    None for a place that cannot hold figures (the import then says why).
    """
    report = Report.objects.select_for_update().filter(region_id=town, year=year).first()
    if report is not None:
        return report
    if year not in figure_years() or not Region.objects.filter(code=town, level=Level.TOWN):
        return None
    Report.objects.get_or_create(region_id=town, year=year)
    return Report.objects.select_for_update().get(region_id=town, year=year)


@transaction.atomic
def report_submit(
    *, report: Report, user: User, reason: str = "", expected_version: int | None = None
) -> Report:
    """The town's reviewer hands the year's figures to the county for approval.

    Refused while a warning that blocks submission (a figure that changed more than
    ±30% from last year, one outside its bounds) has no comment.
    """
    editable = (Status.DRAFT, Status.RETURNED)
    report = _checked(
        report=report,
        user=user,
        from_statuses=editable,
        allowed=access.may_submit,
        expected_version=expected_version,
    )
    blocking = [finding for finding in report_findings(report) if finding.blocks_submit]
    if blocking:
        raise TransitionRefused(
            "comment_required",
            _("还有 %(n)s 个需要说明的数字没有备注（如比上年变化超过 30%%），请补充说明后再提交。")
            % {"n": len(blocking)},
            findings=blocking,
        )
    return _move(
        report=report,
        user=user,
        to_status=Status.SUBMITTED,
        from_statuses=editable,
        allowed=access.may_submit,
        reason=reason,
    )


@transaction.atomic
def report_approve(
    *, report: Report, user: User, reason: str = "", expected_version: int | None = None
) -> Report:
    """A county official approves submitted figures; they are locked from now on.

    With ``expected_version``, only the figures the official saw are approved.
    """
    return _move(
        report=report,
        user=user,
        to_status=Status.APPROVED,
        from_statuses=(Status.SUBMITTED,),
        allowed=access.can_review,
        reason=reason,
        expected_version=expected_version,
    )


@transaction.atomic
def report_return(
    *, report: Report, user: User, reason: str, expected_version: int | None = None
) -> Report:
    """A county official sends submitted figures back to the town, saying why."""
    return _move(
        report=report,
        user=user,
        to_status=Status.RETURNED,
        from_statuses=(Status.SUBMITTED,),
        allowed=access.can_review,
        reason=reason,
        reason_required=True,
        expected_version=expected_version,
    )


@transaction.atomic
def report_reopen(
    *, report: Report, user: User, reason: str, expected_version: int | None = None
) -> Report:
    """A county official unlocks approved figures for correction, as a draft, saying why."""
    return _move(
        report=report,
        user=user,
        to_status=Status.DRAFT,
        from_statuses=(Status.APPROVED,),
        allowed=access.can_review,
        reason=reason,
        reason_required=True,
        expected_version=expected_version,
    )


# Set-based transitions: the same checks, records and version moves as the services
# above, for many reports in a fixed number of statements (a seed or a county's
# batch approval), all or nothing; one audit entry per call.


def _chunks(items: list) -> Iterable[list]:
    """Reports per statement as the store takes them (well under SQLite's limit)."""
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def _checked_many(
    *,
    reports: Iterable[Report],
    user: User,
    from_statuses: Iterable[str],
    allowed: Callable[[User, Report], bool],
) -> list[Report]:
    """The reports, locked, once the user's right and each status allow the step."""
    ids = sorted({report.pk for report in reports})
    locked = [
        report
        for chunk in _chunks(ids)
        for report in Report.objects.select_for_update()
        .select_related("region")
        .filter(pk__in=chunk)
        .order_by("pk")
    ]
    for report in locked:
        if not allowed(user, report):
            raise TransitionRefused(
                "forbidden", _("您没有权限对 %(report)s 年执行此操作。") % {"report": report}
            )
        if report.status not in from_statuses:
            raise TransitionRefused(
                "wrong_status",
                _("%(report)s 年当前状态为“%(status)s”，不能执行此操作。")
                % {"report": report, "status": report.get_status_display()},
            )
    return locked


def _move_many(*, reports: list[Report], user: User, to_status: str, reason: str) -> list[Report]:
    """Move checked, locked reports through the write service, recorded in one entry."""
    return reports_move(reports=reports, user=user, to_status=to_status, reason=reason, many=True)


def _blocking_findings(reports: list[Report]) -> dict[int, list[Finding]]:
    """Report id → its findings that hold back submission, read in one query per chunk."""
    blocking = {}
    rules = load_rules()
    for chunk in _chunks(reports):
        towns = {report.region_id for report in chunk}
        years = {report.year for report in chunk}
        grouped = figures_by_report(DataValue.objects.for_rules_of(towns, years))
        for report in chunk:
            current = grouped.get((report.region_id, report.year), NO_FIGURES)
            previous = grouped.get((report.region_id, report.year - 1), NO_FIGURES)
            findings = check_figures(
                current.values, previous.values, current.comments, current.outdated, rules=rules
            )
            found = [finding for finding in findings if finding.blocks_submit]
            if found:
                blocking[report.pk] = found
    return blocking


@transaction.atomic
def reports_submit(*, reports: Iterable[Report], user: User, reason: str = "") -> list[Report]:
    """:func:`report_submit` for many reports at once, all or nothing.

    Refused, naming the first such report, when one lacks the right, the status, or
    a comment a blocking rule asks for. Recorded in one audit entry.
    """
    editable = (Status.DRAFT, Status.RETURNED)
    locked = _checked_many(
        reports=reports, user=user, from_statuses=editable, allowed=access.may_submit
    )
    blocking = _blocking_findings(locked)
    for report in locked:
        if report.pk in blocking:
            raise TransitionRefused(
                "comment_required",
                _(
                    "%(report)s 年还有 %(n)s 个需要说明的数字没有备注（如比上年变化超过 30%%），"
                    "请补充说明后再提交。"
                )
                % {"report": report, "n": len(blocking[report.pk])},
                findings=blocking[report.pk],
            )
    return _move_many(reports=locked, user=user, to_status=Status.SUBMITTED, reason=reason)


@transaction.atomic
def reports_approve(*, reports: Iterable[Report], user: User, reason: str = "") -> list[Report]:
    """:func:`report_approve` for many submitted reports at once, all or nothing."""
    locked = _checked_many(
        reports=reports, user=user, from_statuses=(Status.SUBMITTED,), allowed=access.can_review
    )
    return _move_many(reports=locked, user=user, to_status=Status.APPROVED, reason=reason)
