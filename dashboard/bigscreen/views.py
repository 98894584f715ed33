"""The 大屏 page: the dashboards' filters and read, laid out for a wall screen."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from ..filters import BadFilter, dashboard_page, parse_filters
from ..maps.wall import wall_map
from .assessment import assessment_panel
from .options import parse_options
from .screen import screen_page


@dashboard_page
def screen(request):
    options = parse_options(request)
    filters = parse_filters(request)
    context = screen_page(request.user, filters, options)
    if not context["slides"]:
        raise BadFilter(_("这部分数字不对公众公开，请登录后查看。"), 403)
    context.update(filters=filters, options=options)
    context["assessment"] = assessment_panel(request.user, filters.area, filters.year)
    context["map"] = wall_map(filters)
    return render(request, "bigscreen/screen.html", context)
