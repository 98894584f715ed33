"""The entry form of a town's year: shown, saved, submitted.

A save makes one service call with what was typed; the services check rights,
locks, the figures and staleness, and :mod:`.outcomes` turns their answer into the
page. Everything read goes through :mod:`indicators.reads.entry`.
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from indicators.accounts import access
from indicators.figures import FigureRow, ImportSummary, figures_import
from indicators.models import Level, Report, Source
from indicators.reads import entry
from indicators.workflow.transitions import TransitionRefused, figures_submit, report_submit

from .addresses import NotFound, OutsideRights, answers_not_found, region_code, report_year
from .forms import EntryForm
from .outcomes import conflicts_page, refused_page, tell_saved
from .page import render_entry
from .progress import county_scope as county_scope  # dashboard/jobs imports it from here


def readable_report(request, town: str, year: int) -> Report:
    """The town's report of the year (an unsaved draft when nobody has saved yet), if
    this user may read it: a 404 page for no such town or year, else a 403 page.

    A read check for showing the page; a write is decided by the service."""
    missing = _("找不到这个镇。")
    report_year(year)
    report = entry.town_report(region_code(town, missing), year)
    if report is None:
        raise NotFound(missing)
    if not access.can_read_report(request.user, report):
        raise OutsideRights()
    return report


@login_required
def entry_index(request):
    """Town staff go to their town's year in progress; others to the county's progress."""
    region = access.own_region(request.user)
    if region is not None and region.level == Level.TOWN:
        year = entry.year_in_progress(region)
        return redirect("entry:report", town=region.code, year=year)
    return redirect("entry:progress")


@login_required
@answers_not_found
def report_entry(request, town: str, year: int):
    report = readable_report(request, town, year)
    indicators = entry.entry_indicators(report.region, report.year)
    if request.method != "POST":
        data = entry.entry_figures(report, indicators)
        initial = EntryForm.initial_for(report.version, indicators, data.saved)
        return render_entry(
            request, report, data, EntryForm(initial=initial, indicators=indicators)
        )
    return _save(request, report, EntryForm(request.POST, indicators=indicators))


def _save(request, report: Report, form: EntryForm):
    if not form.is_valid():  # the page's own hidden fields: a broken or tampered page
        data = entry.entry_figures(report, form.indicators)
        return render_entry(request, report, data, form, status=400)
    # The confirmation's own button says yes to an incomplete report; it submits too.
    confirmed = bool(request.POST.get("confirm_incomplete"))
    submit = confirmed or request.POST.get("action") == "submit"
    missing = form.missing() if submit and not confirmed else []
    if missing:
        # Nothing is saved yet: the page again with the typing and the list to confirm.
        data = entry.entry_figures(report, form.indicators)
        return render_entry(request, report, data, form, missing=missing)
    rows = form.rows(report.region_id, report.year)
    try:
        summary = _write(request, report, rows, form, submit=submit)
    except TransitionRefused as refused:
        return refused_page(request, report, form, refused)
    if summary.conflicts:
        return conflicts_page(request, report, form, rows, summary)
    merged = _others_meanwhile(report, form, rows, summary)
    submitted = submit and bool(rows or report.pk)
    tell_saved(request, summary, merged, form.indicators, submitted=submitted)
    return redirect("entry:report", town=report.region_id, year=report.year)


def _write(
    request, report: Report, rows: list[FigureRow], form: EntryForm, *, submit: bool
) -> ImportSummary:
    """The one service call: the touched figures saved (and submitted, in one
    transaction), or a bare submission of the figures the page showed."""
    if rows:
        write = figures_submit if submit else figures_import
        return write(rows=rows, user=request.user, source=Source.FORM)
    if submit and report.pk:
        version = form.cleaned_data["version"]
        report_submit(report=report, user=request.user, expected_version=version)
    return ImportSummary()


def _others_meanwhile(
    report: Report, form: EntryForm, rows: list[FigureRow], summary: ImportSummary
) -> list[dict]:
    """The figures others changed since the page's version, kept beside this save: read
    only when the service saw a later version than the page did."""
    shown = form.cleaned_data["version"]
    seen = summary.versions.get((report.region_id, report.year))
    if seen is None or seen <= shown:
        return []
    return entry.changes_by_others(report, shown, {row.indicator for row in rows})
