from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from indicators import access
from indicators.history import report_history
from indicators.models import Indicator, Level, Region, Report, Role, Status
from indicators.progress import county_progress
from indicators.rules import RULES
from indicators.services import StaleReport, report_for
from indicators.workflow import (
    TransitionRefused,
    edit_refusal,
    report_approve,
    report_edit,
    report_reopen,
    report_return,
    report_submit,
)

from .addresses import NotFound, answers_not_found, query_year, region_code, report_year
from .forms import EntryForm, TransitionForm, shown_name
from .rows import entry_sections, load_entry, stale_changes

REFUSAL_STATUS = {"forbidden": 403, "wrong_status": 409, "stale": 409}
TRANSITIONS = {
    "submit": report_submit,
    "approve": report_approve,
    "return": report_return,
    "reopen": report_reopen,
}


def _forbidden(request, message: str | None = None) -> HttpResponse:
    message = message or _("您没有权限查看这个镇的数字。")
    return render(request, "entry/forbidden.html", {"message": message}, status=403)


def _report(town: str, year: int) -> Report:
    """The town's report for the year; an unsaved draft when nobody has saved yet."""
    missing = _("找不到这个镇。")
    report_year(year)
    region = Region.objects.filter(code=region_code(town, missing), level=Level.TOWN).first()
    if region is None:
        raise NotFound(missing)
    report = Report.objects.filter(region=region, year=year).first()
    if report is None:
        return Report(region=region, year=year)
    report.region = region
    return report


def year_in_progress(region: Region) -> int:
    return Report.objects.within(region).year_in_progress() or timezone.localdate().year


@login_required
def entry_index(request):
    """Town staff go to their town's year in progress; others to the county's progress."""
    profile = access.profile_of(request.user)
    if profile and profile.region and profile.region.level == Level.TOWN:
        year = year_in_progress(profile.region)
        return redirect("entry:report", town=profile.region.code, year=year)
    return redirect("entry:progress")


def _render_entry(request, report, data, form, *, status=200, stale=None, refusal=None, reason=""):
    user = request.user
    editable = access.can_edit(user, report)
    if refusal is not None and refusal.findings:
        # Findings of figures typed but not saved: shown on their rows like saved ones.
        known = {(f.rule, f.indicator) for f in data.findings}
        data.findings += [f for f in refusal.findings if (f.rule, f.indicator) not in known]
    names = {indicator.code: indicator.display_name for indicator in data.indicators}
    context = {
        "report": report,
        "form": form,
        "sections": entry_sections(
            data, form, {change.indicator.code: change.current for change in stale or []}
        ),
        "filled": sum(1 for code in data.saved),
        "total": len(data.indicators),
        "transitions": data.transitions,
        "open_findings": [f for f in data.findings if f.is_open],
        "editable": editable,
        "can_submit": access.can_submit(user, report),
        "can_approve": report.pk and access.can_approve(user, report),
        "can_return": report.pk and access.can_return(user, report),
        "can_reopen": report.pk and access.can_reopen(user, report),
        "stale": stale,
        "refusal": refusal,
        "reason": reason,
        "refusal_findings": [
            (f.indicator, names.get(f.indicator, f.indicator), f.message)
            for f in getattr(refusal, "findings", [])
        ],
    }
    return render(request, "entry/report.html", context, status=status)


@login_required
@answers_not_found
def report_entry(request, town: str, year: int):
    report = _report(town, year)
    if not access.can_read_report(request.user, report):
        return _forbidden(request)
    data = load_entry(report)
    if request.method != "POST":
        initial = EntryForm.initial_for(report.version, data.indicators, data.saved)
        return _render_entry(request, report, data, EntryForm(initial=initial, **_kw(data)))

    form = EntryForm(request.POST, **_kw(data))
    # Checked again under lock when saving; here so nothing is created or parsed in vain.
    refused = edit_refusal(request.user, report)
    if refused is not None:
        status = REFUSAL_STATUS.get(refused.code, 400)
        return _render_entry(request, report, data, form, status=status, refusal=refused)
    if not form.is_valid():
        messages.error(
            request,
            _("有 %(n)s 处填写有误，已在对应位置标出，全部内容都没有保存。")
            % {"n": len(form.errors)},
        )
        return _render_entry(request, report, data, form, status=400)
    submit = request.POST.get("action") == "submit"
    report = report if report.pk else report_for(region=report.region, year=year)
    try:
        summary = report_edit(
            report=report,
            changes=form.changes(),
            user=request.user,
            expected_version=form.cleaned_data["version"],
            submit=submit,
        )
    except StaleReport as stale:
        return _render_stale(request, stale, form)
    except TransitionRefused as refused:
        report.refresh_from_db()
        return _render_entry(
            request,
            report,
            load_entry(report),
            form,
            status=REFUSAL_STATUS.get(refused.code, 400),
            refusal=refused,
        )
    if submit:
        messages.success(request, _("已保存并提交审核。"))
    elif summary.changed:
        messages.success(
            request,
            _("已保存：新增 %(created)s 项，修改 %(updated)s 项，清空 %(deleted)s 项。")
            % {"created": summary.created, "updated": summary.updated, "deleted": summary.deleted},
        )
    else:
        messages.info(request, _("没有改动，无需保存。"))
    return redirect("entry:report", town=town, year=year)


def _kw(data) -> dict:
    return {"indicators": data.indicators, "saved": set(data.saved)}


def _render_stale(request, stale: StaleReport, form: EntryForm) -> HttpResponse:
    """Refuse the save, show what changed, and keep what the user typed.

    The form now carries the current version and values, so saving again is a
    deliberate choice to overwrite what the other person saved.
    """
    report = stale.report
    data = load_entry(report)
    changes = stale_changes(report, data.indicators, form.shown(), stale.changed)
    fresh = request.POST.copy()
    fresh["version"] = str(report.version)
    for indicator in data.indicators:
        saved = data.saved.get(indicator.code)
        fresh[shown_name(indicator.code)] = indicator.format_value(saved.value) if saved else ""
    again = EntryForm(fresh, **_kw(data))
    again.is_valid()
    return _render_entry(request, report, data, again, status=409, stale=changes or [])


@require_POST
@login_required
@answers_not_found
def report_transition(request, town: str, year: int):
    report = _report(town, year)
    if not access.can_read_report(request.user, report):
        return _forbidden(request)
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
        # The page again with the figures and status as they are now; the reason
        # typed is kept, so that acting again is a deliberate, informed choice.
        report.refresh_from_db()
        data = load_entry(report)
        initial = EntryForm.initial_for(report.version, data.indicators, data.saved)
        return _render_entry(
            request,
            report,
            data,
            EntryForm(initial=initial, **_kw(data)),
            status=REFUSAL_STATUS.get(refused.code, 400),
            refusal=refused,
            reason=form.cleaned_data["reason"],
        )
    done = {
        "submit": _("已提交审核。"),
        "approve": _("已审核通过，数字已锁定。"),
        "return": _("已退回，镇里会看到退回理由。"),
        "reopen": _("已重新打开，镇里可以修改数字。"),
    }
    messages.success(request, done[action])
    return redirect("entry:report", town=town, year=year)


@login_required
@answers_not_found
def report_history_page(request, town: str, year: int):
    report = _report(town, year)
    if not access.can_read_report(request.user, report):
        return _forbidden(request)
    indicators = {indicator.code: indicator for indicator in Indicator.objects.in_report_order()}
    code = request.GET.get("indicator") or None
    if code not in indicators:
        code = None
    context = {
        "report": report,
        "changes": report_history(report, indicators, code) if report.pk else [],
        "indicator": indicators.get(code) if code else None,
        "transitions": report.transitions.select_related("user") if report.pk and not code else [],
    }
    return render(request, "entry/history.html", context)


def _default_county(user) -> Region | None:
    profile = access.profile_of(user)
    region = profile.region if profile else None
    if region is None:
        return Region.objects.counties().first() if access.is_admin(user) else None
    if region.level == Level.COUNTY:
        return region
    if region.level in (Level.TOWN, Level.VILLAGE):
        return Region.objects.filter(code=region.code[:6] + "000000", level=Level.COUNTY).first()
    return Region.objects.within(region).counties().first()


@login_required
@answers_not_found
def progress(request):
    """The first page a county official opens: where each town's figures stand."""
    code = request.GET.get("county")
    missing = _("找不到这个县。")
    county = (
        Region.objects.filter(code=region_code(code, missing), level=Level.COUNTY).first()
        if code
        else _default_county(request.user)
    )
    if county is None:
        raise NotFound(missing)
    towns = Region.objects.within(county).towns()
    if not access.covers(request.user, county):
        profile = access.profile_of(request.user)
        if not (profile and profile.region and county.contains(profile.region)):
            return _forbidden(request, _("您没有权限查看这个县的填报进度。"))
        towns = towns.within(profile.region)
    raw_year = request.GET.get("year")
    year = query_year(raw_year) if raw_year else report_year(year_in_progress(county))
    rows = county_progress(county, year, list(towns))
    context = {
        "by_status": _status_counts(rows),
        "county": county,
        "year": year,
        "years": range(year - 3, year + 2),
        "rows": rows,
        "is_county": access.role_of(request.user) in (Role.COUNTY, Role.ADMIN),
    }
    return render(request, "entry/progress.html", context)


def _status_counts(rows) -> list[tuple[str, int]]:
    counts = Counter(row.status if row.report else "" for row in rows)
    order = [Status.APPROVED, Status.SUBMITTED, Status.RETURNED, Status.DRAFT, ""]
    return [(status, counts[status]) for status in order if counts[status]]


def rules(request):
    """Every plausibility rule of the registry, in words."""
    return render(request, "entry/rules.html", {"rules": RULES})
