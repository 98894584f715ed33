from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from indicators.accounts import access
from indicators.catalogue.years import current_year
from indicators.divisions import name_in, named_as_in, with_name_in
from indicators.figures import (
    ImportSummary,
    Problem,
    figures_import,
    region_year_refusals,
    write_refusal,
)
from indicators.figures.rules import listed_rules
from indicators.models import Indicator, Level, Region, Report, Role, Source, Status
from indicators.reads.history import report_history
from indicators.reads.progress import county_progress
from indicators.workflow.transitions import (
    TransitionRefused,
    figures_submit,
    report_approve,
    report_reopen,
    report_return,
    report_submit,
)

from .addresses import (
    NotFound,
    OutsideRights,
    answers_not_found,
    query_year,
    region_code,
    report_year,
)
from .forms import EntryForm, TransitionForm, comment_name, value_name
from .merge import field_conflicts, merged_data
from .rows import entry_sections, latest_reason, load_entry

REFUSAL_STATUS = {
    "forbidden": 403,
    "locked": 409,
    "submitted": 409,
    "wrong_status": 409,
    "stale": 409,
    "region_not_in_year": 409,
}
# Conflicts about the comment rather than the figure are shown next to the comment.
COMMENT_CODES = {"comment_without_value"}
TRANSITIONS = {
    "submit": report_submit,
    "approve": report_approve,
    "return": report_return,
    "reopen": report_reopen,
}


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


def readable_report(request, town: str, year: int) -> Report:
    """The town's report of the year, if this user may read it (else a 403 page)."""
    report = _report(town, year)
    if not access.can_read_report(request.user, report):
        raise OutsideRights()
    return report


def year_in_progress(region: Region) -> int:
    """The year the entry and progress pages open on: never one that has not begun,
    nor one after the region ended (merged, split, retired)."""
    year = current_year()
    if region.retired_from is not None and region.retired_from <= year:
        year = region.retired_from - 1
    return Report.objects.within(region).year_in_progress(until=year) or year


def ended_refusal(report: Report) -> Problem | None:
    """Why the town takes no figures of the report's year, when it did not exist then."""
    return region_year_refusals([(report.region, report.year)]).get((report.region_id, report.year))


@login_required
def entry_index(request):
    """Town staff go to their town's year in progress; others to the county's progress."""
    profile = access.profile_of(request.user)
    if profile and profile.region and profile.region.level == Level.TOWN:
        year = year_in_progress(profile.region)
        return redirect("entry:report", town=profile.region.code, year=year)
    return redirect("entry:progress")


def _render_entry(
    request,
    report,
    data,
    form,
    *,
    status=200,
    conflicts=(),
    merged=None,
    refusal=None,
    reason="",
    missing=(),
):
    user = request.user
    # A town that did not exist that year shows its page, read only, and says why.
    ended = ended_refusal(report)
    refusal = refusal or ended
    # Submitted or approved figures cannot be changed here: an unexplained warning
    # is no longer the town's to settle, so it is not announced as pending.
    settled = report.status in (Status.SUBMITTED, Status.APPROVED)
    if refusal is not None and getattr(refusal, "findings", None):
        # Findings of figures typed but not saved: shown on their rows like saved ones.
        known = {(f.rule, f.indicator) for f in data.findings}
        data.findings += [f for f in refusal.findings if (f.rule, f.indicator) not in known]
    names = {indicator.code: indicator.display_name for indicator in data.indicators}
    context = {
        "report": report,
        "town_name": name_in(report.region, report.year),  # a renamed town's name then
        "form": form,
        "sections": entry_sections(data, form, conflicts),
        "filled": len(data.saved),
        "total": len(data.indicators),
        "transitions": data.transitions,
        "last_reason": latest_reason(data.transitions),
        "open_findings": [] if settled else [f for f in data.findings if f.is_open],
        "editable": ended is None and access.can_edit(user, report),
        "can_submit": ended is None and access.can_submit(user, report),
        "can_approve": report.pk and access.can_approve(user, report),
        "can_return": report.pk and access.can_return(user, report),
        "can_reopen": report.pk and access.can_reopen(user, report),
        "conflicts": conflicts,
        "merged": merged,
        "refusal": refusal,
        "reason": reason,
        "missing": missing,
        "refusal_findings": [
            (f.indicator, names.get(f.indicator, f.indicator), f.message)
            for f in getattr(refusal, "findings", [])
        ],
    }
    return render(request, "entry/report.html", context, status=status)


@login_required
@answers_not_found
def report_entry(request, town: str, year: int):
    report = readable_report(request, town, year)
    data = load_entry(report)
    if request.method != "POST":
        initial = EntryForm.initial_for(report.version, data.indicators, data.saved)
        return _render_entry(
            request, report, data, EntryForm(initial=initial, indicators=data.indicators)
        )

    form = EntryForm(request.POST, indicators=data.indicators)
    # The service checks again under its lock; asked here to answer at once, and
    # with the right status, before anything is parsed in vain.
    refused = ended_refusal(report) or write_refusal(
        request.user, report.region, year, report if report.pk else None
    )
    if refused is not None or not form.is_valid():
        status = REFUSAL_STATUS.get(refused.code, 400) if refused else 400
        return _render_entry(request, report, data, form, status=status, refusal=refused)
    # The confirmation's own button says yes to an incomplete report; it submits too.
    confirmed = bool(request.POST.get("confirm_incomplete"))
    submit = request.POST.get("action") == "submit" or confirmed
    if submit and not confirmed and access.can_submit(request.user, report):
        missing = form.missing()
        if missing:
            # Nothing is saved yet: the page again with the typing and the list to confirm.
            return _render_entry(request, report, data, form, missing=missing)
    try:
        summary = _save(request, report, form, submit=submit)
        stale = summary.conflicts_with("stale")
        merged = []
        if stale and not field_conflicts(form, stale[0].details["changed"]):
            # Nobody else touched what this user changed: keep both, as of now.
            merged = stale[0].details["changed"]
            summary = _save(
                request, report, form, submit=submit, version=stale[0].details["version"]
            )
    except TransitionRefused as refused:
        report.refresh_from_db()
        status = REFUSAL_STATUS.get(refused.code, 400)
        return _render_entry(
            request, report, load_entry(report), form, status=status, refusal=refused
        )
    if summary.conflicts:
        return _render_conflicts(request, report, form, summary)
    _tell_saved(request, summary, merged, data.indicators, submit=submit)
    return redirect("entry:report", town=town, year=year)


def _save(request, report, form, *, submit: bool, version: int | None = None) -> ImportSummary:
    """The touched figures through the one write path; a bare submission when none."""
    rows = form.rows(report.region_id, report.year, version)
    if rows:
        write = figures_submit if submit else figures_import
        return write(rows=rows, user=request.user, source=Source.FORM)
    if submit and report.pk:
        expected = form.cleaned_data["version"] if version is None else version
        report_submit(report=report, user=request.user, expected_version=expected)
    return ImportSummary()


def _tell_saved(request, summary, merged, indicators, *, submit: bool) -> None:
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
    if merged:
        names = {indicator.code: indicator.display_name for indicator in indicators}
        messages.info(
            request,
            _(
                "在您打开页面之后，%(who)s 修改了 %(n)s 项（%(names)s）；"
                "这些修改已保留，与您的修改合并。"
            )
            % {
                "who": "、".join(sorted({change["changed_by"] for change in merged})),
                "n": len(merged),
                "names": "、".join(names.get(c["indicator"], c["indicator"]) for c in merged),
            },
        )


def _render_conflicts(request, report, form, summary: ImportSummary) -> HttpResponse:
    """Nothing was saved: say why, next to each field, and keep everything typed.

    From a stale page where both sides changed the same figure, the form comes back
    on the current version with the other figures merged, and each such figure shows
    both values for the user to pick.
    """
    report = Report.objects.filter(pk=report.pk).first() or report
    data = load_entry(report)
    stale = summary.conflicts_with("stale")
    if stale:
        conflicts = field_conflicts(form, stale[0].details["changed"])
        again = EntryForm(merged_data(form, report.version, data.saved), indicators=data.indicators)
        again.is_valid()
        return _render_entry(request, report, data, again, status=409, conflicts=conflicts)
    refusal = next((c for c in summary.conflicts if c.code in REFUSAL_STATUS), None)
    if refusal is not None:
        status = REFUSAL_STATUS[refusal.code]
        return _render_entry(request, report, data, form, status=status, refusal=refusal)
    rows = form.rows(report.region_id, report.year)
    for conflict in summary.conflicts:
        code = rows[conflict.index].indicator
        on_comment = conflict.code in COMMENT_CODES or "comment" in (conflict.details or {})
        form.add_error(comment_name(code) if on_comment else value_name(code), conflict.message)
    messages.error(
        request,
        _("有 %(n)s 处填写有误，已在对应位置标出，全部内容都没有保存。")
        % {"n": len(summary.conflicts)},
    )
    return _render_entry(request, report, data, form, status=400)


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
        # The page again with the figures and status as they are now; the reason
        # typed is kept, so that acting again is a deliberate, informed choice.
        report.refresh_from_db()
        data = load_entry(report)
        initial = EntryForm.initial_for(report.version, data.indicators, data.saved)
        return _render_entry(
            request,
            report,
            data,
            EntryForm(initial=initial, indicators=data.indicators),
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
    report = readable_report(request, town, year)
    indicators = {indicator.code: indicator for indicator in Indicator.objects.in_report_order()}
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


def county_scope(request) -> tuple[Region, list[Region], int]:
    """The county, the towns of it this user may see, and the year, from ?county= and ?year=.

    County officials see every town; town staff their own town only. Shared by the
    progress page and the county's Excel template.
    """
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
            raise OutsideRights(_("您没有权限查看这个县的填报进度。"))
        towns = towns.within(profile.region)
    raw_year = request.GET.get("year")
    year = query_year(raw_year) if raw_year else report_year(year_in_progress(county))
    # Only the towns that existed that year: a town merged away is not offered after;
    # each named as it was that year (page data, never saved).
    return county, named_as_in(with_name_in(towns.existing_in(year), year)), year


@login_required
@answers_not_found
def progress(request):
    """The first page a county official opens: where each town's figures stand."""
    county, towns, year = county_scope(request)
    rows = county_progress(county, year, towns)
    context = {
        "by_status": _status_counts(rows),
        "county": county,
        "county_name": name_in(county, year),
        "year": year,
        "years": range(year - 3, min(year + 2, current_year() + 1)),
        "rows": rows,
        "is_county": access.role_of(request.user) in (Role.COUNTY, Role.ADMIN),
    }
    return render(request, "entry/progress.html", context)


def _status_counts(rows) -> list[tuple[str, int]]:
    counts = Counter(row.status if row.report else "" for row in rows)
    order = [Status.APPROVED, Status.SUBMITTED, Status.RETURNED, Status.DRAFT, ""]
    return [(status, counts[status]) for status in order if counts[status]]


def rules(request):
    """Every plausibility rule of the catalogue, and the built-in bounds check, in words."""
    return render(request, "entry/rules.html", {"rules": listed_rules()})
