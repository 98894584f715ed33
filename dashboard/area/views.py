"""An area's pages (a county, prefecture or province): parse the URL's filters, read
once, render (or download one of the page's tables)."""

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from indicators.accounts import access
from indicators.audit.events import export_recorded
from indicators.catalogue.reads import section_named, sections_in_order
from indicators.models import Level
from indicators.reads.area import readable_indicator

from ..downloads import FORMATS, table_response
from ..filters import (
    BadFilter,
    NoCounty,
    dashboard_page,
    parse_filters,
    region_code,
    region_named,
)
from . import pages
from .blocks import VIEWS


def _respond(request, template: str, context: dict, stem: str):
    """The page, or with ?export=csv|xlsx&table=<key> one of its tables as a file."""
    fmt = request.GET.get("export")
    if not fmt:
        return render(request, template, context)
    if fmt not in FORMATS:
        raise BadFilter(_("下载格式只能是 csv 或 xlsx。"))
    table = context["tables"].get(request.GET.get("table", ""))
    if table is None:
        raise BadFilter(_("本页没有这个表格。"), 404)
    export_recorded(request, what=f"{stem}-{table.key}", fmt=fmt, rows=len(table.rows))
    return table_response(table, fmt, f"{stem}-{table.key}")


def _view(request) -> str:
    view = request.GET.get("view", "towns")
    return view if view in VIEWS else "towns"


def _not_found(what: str, code: str) -> BadFilter:
    return BadFilter(_("找不到%(what)s：%(code)s。") % {"what": what, "code": code}, 404)


def _refuse_hidden(context: dict, what: str, code: str) -> None:
    """A page of which the visitor may read nothing is answered as an unknown code: a
    403 would tell that a non-public section or indicator of that code exists."""
    if not context["data"].indicators:
        raise _not_found(what, code)


def _stem(filters, *parts) -> str:
    """A download's name: what it is, the area (but a county's own pages' names stay
    short, as before there were other levels) and the year."""
    area = [] if filters.area.level == Level.COUNTY else [filters.area.code]
    return "-".join(str(part) for part in (*parts, *area, filters.year))


@dashboard_page
def overview(request):
    try:
        filters = parse_filters(request)
    except NoCounty as empty:
        # A fresh installation: the landing page shows what will be counted.
        return indicators(request, note=empty.message)
    context = {"filters": filters, **pages.overview_page(request.user, filters)}
    return _respond(request, "dashboard/overview.html", context, _stem(filters, "overview"))


@dashboard_page
def sections(request):
    """The first report section; its page has tabs for the others."""
    query = request.GET.urlencode()
    first = sections_in_order().first()
    if first is None:
        raise BadFilter(_("指标目录为空，请先运行 load_catalogue。"), 404)
    url = f"/sections/{first.code}/"
    return redirect(f"{url}?{query}" if query else url)


@dashboard_page
def section(request, code: str):
    section = section_named(code)
    if section is None:
        raise _not_found(_("报告部分"), code)
    filters = parse_filters(request)
    context = pages.section_page(request.user, filters, section, view=_view(request))
    _refuse_hidden(context, _("报告部分"), code)
    context.update(filters=filters, all_sections=sections_in_order())
    return _respond(request, "dashboard/section.html", context, _stem(filters, code))


@dashboard_page
def towns(request):
    filters = parse_filters(request)
    context = {"filters": filters, **pages.towns_page(request.user, filters)}
    stem = _stem(filters, "towns" if filters.area.level == Level.COUNTY else "children")
    return _respond(request, "dashboard/towns.html", context, stem)


@dashboard_page
def town(request, code: str):
    town = region_named(region_code(code, _("乡镇"), 404), _("乡镇"))
    if town.level != Level.TOWN:
        raise BadFilter(_("%(name)s 不是乡镇。") % {"name": town.display_name})
    filters = parse_filters(request, town=town)
    context = {"filters": filters, **pages.town_page(request.user, filters, town)}
    return _respond(request, "dashboard/town.html", context, f"{town.code}-{filters.year}")


def indicators(request, note: str = ""):
    """The catalogue: what the annual report counts.

    Only the indicators whose figures the visitor may read: an anonymous visitor
    does not learn the names of non-public indicators or sections.
    """
    indicators = list(access.visible_indicators(request.user))
    by_section = {}
    for indicator in indicators:
        by_section.setdefault(indicator.section_id, []).append(indicator)
    sections = [
        (section, by_section[section.code])
        for section in sections_in_order()
        if section.code in by_section
    ]
    return render(
        request,
        "dashboard/indicators.html",
        {"sections": sections, "indicator_count": len(indicators), "note": note},
    )


@dashboard_page
def indicator(request, code: str):
    # An indicator the visitor may read nowhere is answered as an unknown one: a 403
    # would tell that a non-public indicator of that code exists.
    indicator = readable_indicator(request.user, code)
    if indicator is None:
        raise _not_found(_("指标"), code)
    filters = parse_filters(request)
    context = pages.indicator_page(request.user, filters, indicator, view=_view(request))
    _refuse_hidden(context, _("指标"), code)
    context["filters"] = filters
    return _respond(request, "dashboard/indicator.html", context, _stem(filters, code))
