"""Dashboard pages: parse the URL's filters, read once, render (or download a table)."""

from functools import wraps

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from indicators.accounts import access
from indicators.audit.events import export_recorded
from indicators.models import Level, Region, Section

from . import pages, province
from .downloads import FORMATS, table_response
from .filters import BadFilter, NoCounty, parse_filters, region_code

VIEWS = ("towns", "county")


def dashboard_page(view):
    """A bad URL parameter becomes a Chinese message with its status, never a 500."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except BadFilter as problem:
            return render(
                request,
                "dashboard/problem.html",
                {"message": problem.message},
                status=problem.status,
            )

    return wrapper


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


def _get(model, code: str, what: str):
    found = getattr(model, "objects", model).filter(pk=code).first()
    if found is None:
        raise BadFilter(_("找不到%(what)s：%(code)s。") % {"what": what, "code": code}, 404)
    return found


def _refuse_hidden(context: dict, what: str, code: str) -> None:
    """A page of which the visitor may read nothing is answered as an unknown code: a
    403 would tell that a non-public section or indicator of that code exists."""
    if not context["data"].indicators:
        raise BadFilter(_("找不到%(what)s：%(code)s。") % {"what": what, "code": code}, 404)


@dashboard_page
def overview(request):
    try:
        filters = parse_filters(request)
    except NoCounty as empty:
        # A fresh installation: the landing page shows what will be counted.
        return indicators(request, note=empty.message)
    if filters.is_regional:
        context = {"filters": filters, **province.overview_page(request.user, filters)}
        stem = f"overview-{filters.county.code}-{filters.year}"
        return _respond(request, "dashboard/province_overview.html", context, stem)
    context = {"filters": filters, **pages.overview_page(request.user, filters)}
    return _respond(request, "dashboard/overview.html", context, f"overview-{filters.year}")


@dashboard_page
def sections(request):
    """The first report section; its page has tabs for the others."""
    query = request.GET.urlencode()
    first = Section.objects.order_by("number").first()
    if first is None:
        raise BadFilter(_("指标目录为空，请先运行 load_catalogue。"), 404)
    url = f"/sections/{first.code}/"
    return redirect(f"{url}?{query}" if query else url)


@dashboard_page
def section(request, code: str):
    section = _get(Section, code, _("报告部分"))
    filters = parse_filters(request)
    if filters.is_regional:
        context = province.section_page(request.user, filters, section)
        _refuse_hidden(context, _("报告部分"), code)
        context.update(filters=filters, all_sections=Section.objects.order_by("number"))
        stem = f"{code}-{filters.county.code}-{filters.year}"
        return _respond(request, "dashboard/province_section.html", context, stem)
    context = pages.section_page(request.user, filters, section, view=_view(request))
    _refuse_hidden(context, _("报告部分"), code)
    context.update(filters=filters, all_sections=Section.objects.order_by("number"))
    return _respond(request, "dashboard/section.html", context, f"{code}-{filters.year}")


@dashboard_page
def towns(request):
    filters = parse_filters(request)
    if filters.is_regional:
        context = {"filters": filters, **province.towns_page(request.user, filters)}
        stem = f"children-{filters.county.code}-{filters.year}"
        return _respond(request, "dashboard/province_towns.html", context, stem)
    context = {"filters": filters, **pages.towns_page(request.user, filters)}
    return _respond(request, "dashboard/towns.html", context, f"towns-{filters.year}")


@dashboard_page
def town(request, code: str):
    town = _get(Region, region_code(code, _("乡镇"), 404), _("乡镇"))
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
    sections = {}
    for indicator in indicators:
        sections.setdefault(indicator.section_id, []).append(indicator)
    sections = {
        section.code: (section, sections[section.code])
        for section in Section.objects.filter(code__in=sections).order_by("number")
    }
    return render(
        request,
        "dashboard/indicators.html",
        {"sections": sections.values(), "indicator_count": len(indicators), "note": note},
    )


@dashboard_page
def indicator(request, code: str):
    # An indicator the visitor may read nowhere is answered as an unknown one: a 403
    # would tell that a non-public indicator of that code exists.
    visible = access.visible_indicators(request.user).select_related("section")
    indicator = _get(visible, code, _("指标"))
    filters = parse_filters(request)
    if filters.is_regional:
        context = province.indicator_page(request.user, filters, indicator)
        _refuse_hidden(context, _("指标"), code)
        context["filters"] = filters
        stem = f"{code}-{filters.county.code}-{filters.year}"
        return _respond(request, "dashboard/province_indicator.html", context, stem)
    context = pages.indicator_page(request.user, filters, indicator, view=_view(request))
    _refuse_hidden(context, _("指标"), code)
    context["filters"] = filters
    return _respond(request, "dashboard/indicator.html", context, f"{code}-{filters.year}")
