"""The county's progress page, where each town's figures stand, and the rules page."""

from collections import Counter

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from indicators.accounts import access
from indicators.catalogue.years import current_year
from indicators.divisions import name_in
from indicators.figures.rules import listed_rules
from indicators.models import Region, Role, Status
from indicators.reads import entry
from indicators.reads.progress import county_progress

from .addresses import (
    NotFound,
    OutsideRights,
    answers_not_found,
    query_year,
    region_code,
    report_year,
)


def county_scope(request) -> tuple[Region, list[Region], int]:
    """The county, the towns of it this user may see, and the year, from ?county= and ?year=.

    County officials see every town; town staff their own town only. Shared by the
    progress page and the county's Excel template.
    """
    code = request.GET.get("county")
    missing = _("找不到这个县。")
    if code:
        county = entry.county_by_code(region_code(code, missing))
    else:
        county = entry.default_county(
            access.own_region(request.user), admin=access.is_admin(request.user)
        )
    if county is None:
        raise NotFound(missing)
    within = None
    if not access.covers(request.user, county):
        within = access.own_region(request.user)
        if not (within and county.contains(within)):
            raise OutsideRights(_("您没有权限查看这个县的填报进度。"))
    raw_year = request.GET.get("year")
    year = query_year(raw_year) if raw_year else report_year(entry.year_in_progress(county))
    return county, entry.county_towns(county, year, within=within), year


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
