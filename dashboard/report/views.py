"""The annual work report of a town or county: the page, and the Word download."""

import io

from django.http import FileResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from indicators.accounts import access
from indicators.audit.events import export_recorded
from indicators.catalogue.years import current_year
from indicators.divisions import name_in
from indicators.divisions.reads import region_coded
from indicators.maps.report import report_maps
from indicators.models import FIRST_YEAR, Level, Region
from indicators.reports import DOCX_TYPE, TemplateError, build_report, report_docx
from indicators.reports.editing import may_edit_template
from indicators.reports.facts import may_edit_facts
from indicators.reports.html import page_parts
from indicators.reports.reads import town_report_status

from ..filters import BadFilter, dashboard_page, region_code
from .broken import template_problem
from .page import links_for, missing_list


def report_region(raw: str) -> Region:
    """A town or county from the address: a Chinese 400 or 404 otherwise."""
    region = region_coded(region_code(raw, _("区划"), 404))
    if region is None:
        raise BadFilter(_("找不到区划：%(code)s。") % {"code": raw}, 404)
    if region.level not in (Level.TOWN, Level.COUNTY):
        raise BadFilter(
            _("%(name)s 没有年度工作报告：只有镇和县有。") % {"name": region.display_name}
        )
    return region


def report_year(year: int) -> int:
    """A year that has begun: nobody reports on one that has not."""
    last = current_year()
    if not FIRST_YEAR <= year <= last:
        raise BadFilter(
            _("年度应在 %(first)s 至 %(last)s 之间。") % {"first": FIRST_YEAR, "last": last}
        )
    return year


@dashboard_page
def report_page(request, code: str, year: int):
    region, year = report_region(code), report_year(year)
    try:
        report = build_report(request.user, region, year)
    except TemplateError as error:
        return template_problem(request, region, year, error)
    links = links_for(request.user, report)
    may_edit = may_edit_facts(request.user, region)
    editor = may_edit or links.may_open_entry
    status = town_report_status(region, year) if region.level == Level.TOWN else None
    context = {
        "report": report,
        "region": region,
        "region_name": name_in(region, year),  # a renamed town's name of that year
        "year": year,
        "status": status,
        "parts": with_maps(
            page_parts(report, links.figure, editor=editor),
            report_maps(request.user, region, year),
        ),
        "editor": editor,
        "may_edit_facts": may_edit,
        "may_edit_template": may_edit_template(request.user, region),
        "missing": missing_list(report, links),
        "may_open_entry": links.may_open_entry,
        "restricted": not access.covers(request.user, region),
        "county_code": region.code[:6].ljust(12, "0"),
        "previous_year": year - 1 if year > FIRST_YEAR else None,
        "next_year": year + 1 if year < current_year() else None,
    }
    return render(request, "report/report.html", context)


def with_maps(parts: list[dict], maps: dict) -> list[dict]:
    """Each part with its section's map (indicators.maps.report), if it has one."""
    for item in parts:
        item["map"] = maps.get(item["part"].code)
    return parts


def docx_response(report, maps: dict | None = None) -> FileResponse:
    """The Word file as an attachment named after the report's title."""
    return FileResponse(
        io.BytesIO(report_docx(report, maps)),
        as_attachment=True,
        filename=f"{report.title}.docx",
        content_type=DOCX_TYPE,
    )


@dashboard_page
def report_word(request, code: str, year: int):
    region, year = report_region(code), report_year(year)
    try:
        report = build_report(request.user, region, year)
    except TemplateError as error:
        return template_problem(request, region, year, error)
    response = docx_response(report, report_maps(request.user, region, year))
    export_recorded(request, what=f"report-{region.code}-{year}", fmt="docx")
    return response
