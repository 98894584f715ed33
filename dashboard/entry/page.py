"""The entry page of a town's year, drawn from data read once the request's outcome
is known (a GET, or a POST that did not save)."""

from django.http import HttpResponse
from django.shortcuts import render

from indicators.accounts import access
from indicators.divisions import name_in
from indicators.figures import Problem, region_year_refusals
from indicators.models import Report, Status
from indicators.reads.entry import EntryData

from .forms import EntryForm
from .merge import FieldConflict
from .rows import entry_sections, latest_reason


def ended_refusal(report: Report) -> Problem | None:
    """Why the town takes no figures of the report's year, when it did not exist then.
    No query when it did."""
    return region_year_refusals([(report.region, report.year)]).get((report.region_id, report.year))


def render_entry(
    request,
    report: Report,
    data: EntryData,
    form: EntryForm,
    *,
    status: int = 200,
    conflicts: list[FieldConflict] = (),
    refusal=None,
    reason: str = "",
    missing=(),
) -> HttpResponse:
    """``refusal`` is a :class:`~indicators.figures.Problem`, a service conflict or a
    refused workflow step: anything with a ``code`` and a ``message``."""
    # A town that did not exist that year shows its page, read only, and says why.
    ended = ended_refusal(report)
    refusal = refusal or ended
    refused = _refused_findings(data, refusal)  # before the rows: they show them too
    context = {
        "report": report,
        "town_name": name_in(report.region, report.year),  # a renamed town's name then
        "form": form,
        "sections": entry_sections(data, form, conflicts),
        "filled": len(data.saved),
        "total": len(data.indicators),
        "transitions": data.transitions,
        "last_reason": latest_reason(data.transitions),
        "open_findings": _open_findings(report, data),
        "conflicts": conflicts,
        "refusal": refusal,
        "reason": reason,
        "missing": missing,
        "refusal_findings": refused,
        **_may(request.user, report, ended),
    }
    return render(request, "entry/report.html", context, status=status)


def _refused_findings(data: EntryData, refusal) -> list[tuple[str, str, str]]:
    """(code, name, message) of the findings a refusal names (a submission held back
    by figures without a comment). Those of figures typed but not saved join the
    page's findings, to show on their rows like saved ones."""
    findings = getattr(refusal, "findings", None) or []
    known = {(f.rule, f.indicator) for f in data.findings}
    data.findings += [f for f in findings if (f.rule, f.indicator) not in known]
    names = {indicator.code: indicator.display_name for indicator in data.indicators}
    return [(f.indicator, names.get(f.indicator, f.indicator), f.message) for f in findings]


def _open_findings(report: Report, data: EntryData) -> list:
    # Submitted or approved figures cannot be changed here: an unexplained warning
    # is no longer the town's to settle, so it is not announced as pending.
    if report.status in (Status.SUBMITTED, Status.APPROVED):
        return []
    return [finding for finding in data.findings if finding.is_open]


def _may(user, report: Report, ended: Problem | None) -> dict[str, bool]:
    """Which controls the page offers this user: a reading of rights for the page,
    not the decision of a write, which the services take again when asked."""
    saved = report.pk is not None
    return {
        "editable": ended is None and access.can_edit(user, report),
        "can_submit": ended is None and access.can_submit(user, report),
        "can_approve": saved and access.can_approve(user, report),
        "can_return": saved and access.can_return(user, report),
        "can_reopen": saved and access.can_reopen(user, report),
    }
