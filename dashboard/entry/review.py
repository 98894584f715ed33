"""The county's review of a town's year, and the history of its figures."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from indicators.reads import entry
from indicators.reads.history import report_history
from indicators.workflow.transitions import (
    TransitionRefused,
    report_approve,
    report_reopen,
    report_return,
    report_submit,
)

from .addresses import answers_not_found
from .forms import EntryForm, TransitionForm
from .outcomes import REFUSAL_STATUS
from .page import render_entry
from .views import readable_report

TRANSITIONS = {
    "submit": report_submit,
    "approve": report_approve,
    "return": report_return,
    "reopen": report_reopen,
}


@require_POST
@login_required
@answers_not_found
def report_transition(request, town: str, year: int):
    report = readable_report(request, town, year)
    form = TransitionForm(request.POST)
    if not report.pk or not form.is_valid():
        messages.error(request, _("无法执行此操作。"))
        return redirect("entry:report", town=town, year=year)
    action = form.cleaned_data["action"]
    try:
        TRANSITIONS[action](
            report=report,
            user=request.user,
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
        )
    except TransitionRefused as refused:
        return _refused(request, report, refused, form.cleaned_data["reason"])
    done = {
        "submit": _("已提交审核。"),
        "approve": _("已审核通过，数字已锁定。"),
        "return": _("已退回，镇里会看到退回理由。"),
        "reopen": _("已重新打开，镇里可以修改数字。"),
    }
    messages.success(request, done[action])
    return redirect("entry:report", town=town, year=year)


def _refused(request, report, refused: TransitionRefused, reason: str):
    """The page again with the figures and status as they are now; the reason typed
    is kept, so that acting again is a deliberate, informed choice."""
    report = entry.report_now(report)
    indicators = entry.entry_indicators(report.region, report.year)
    data = entry.entry_figures(report, indicators)
    initial = EntryForm.initial_for(report.version, indicators, data.saved)
    return render_entry(
        request,
        report,
        data,
        EntryForm(initial=initial, indicators=indicators),
        status=REFUSAL_STATUS.get(refused.code, 400),
        refusal=refused,
        reason=reason,
    )


@login_required
@answers_not_found
def report_history_page(request, town: str, year: int):
    report = readable_report(request, town, year)
    indicators = entry.indicators_in_report_order()
    code = request.GET.get("indicator") or None
    if code not in indicators:
        code = None
    changes = report_history(report, indicators, code) if report.pk else []
    context = {
        "report": report,
        "changes": changes,
        # Rows written before a unit conversion keep the unit they were entered in.
        "other_units": any(change.old_unit or change.new_unit for change in changes),
        "indicator": indicators.get(code) if code else None,
        "transitions": entry.report_steps(report) if not code else [],
    }
    return render(request, "entry/history.html", context)
