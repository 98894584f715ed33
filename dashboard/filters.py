"""What a dashboard page shows, read from its URL so that a view can be shared as a link.

Parameters: ``region`` (12-digit code of a province, prefecture or county; ``county``
is the older name, still read), ``town`` (12-digit code), ``year``, ``from`` and ``to``
(the trend's years) and ``unapproved=1``. A malformed parameter is a Chinese 400,
an unknown region a 404; a missing one falls back to a sensible default; "include
unapproved" from someone not allowed to see unapproved figures is ignored, and the page
says so.
"""

from dataclasses import dataclass
from datetime import date
from functools import wraps
from urllib.parse import urlencode

from django.shortcuts import render
from django.utils.translation import gettext as _

from indicators.accounts.access import can_see_unapproved
from indicators.divisions.reads import region_coded
from indicators.models import FIRST_YEAR, LAST_YEAR, Level, Region
from indicators.reads.picker import (
    AREA_LEVELS,
    REGIONAL_LEVELS,
    default_area,
    may_compare,
    with_choices,
)
from indicators.reads.summary_rows import summary_years

# How many years a trend shows when the URL does not say.
DEFAULT_SPAN = 15
TRUE_WORDS = {"1", "true", "on", "yes"}


class BadFilter(Exception):
    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.message = message
        self.status = status


class NoCounty(BadFilter):
    """Nothing to show yet: no county has any report."""


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


@dataclass(frozen=True)
class Filters:
    # The page's area: a county, prefecture or province.
    area: Region
    year: int
    first_year: int
    last_year: int
    include_unapproved: bool = False
    may_include_unapproved: bool = False
    refused_unapproved: bool = False  # asked for unapproved figures without the right
    town: Region | None = None
    data_years: tuple[int, ...] = ()  # years with any report in the county
    choices: tuple[Region, ...] = ()  # the region picker's provinces, prefectures, counties

    @property
    def level(self) -> str:
        return self.area.level

    @property
    def query_years(self) -> tuple[int, int]:
        """The years to read: the trend's, plus the chosen year and the one before it."""
        return min(self.first_year, self.year - 1), max(self.last_year, self.year)

    @property
    def trend_years(self) -> list[int]:
        return list(range(self.first_year, self.last_year + 1))

    def params(self, **changes) -> dict[str, str]:
        params = {
            "county" if self.area.level == Level.COUNTY else "region": self.area.code,
            "year": str(self.year),
            "from": str(self.first_year),
            "to": str(self.last_year),
        }
        if self.include_unapproved:
            params["unapproved"] = "1"
        for key, value in changes.items():
            if value is None:
                params.pop(key, None)
            else:
                params[key] = str(value)
        return params

    def query(self, **changes) -> str:
        """The query string of this view, with some parameters changed (None removes one)."""
        return urlencode(self.params(**changes))


# Chinese input methods type digits full-width; read them as the ASCII digits they mean.
FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def _digits(raw: str) -> str | None:
    """``raw`` as ASCII digits, or None.

    ``str.isdigit`` alone also accepts "²", "①" or Arabic-Indic digits, which
    ``int()`` refuses or the database never stores: only 0-9 (full-width too) pass.
    """
    raw = raw.strip().translate(FULL_WIDTH_DIGITS)
    return raw if raw.isascii() and raw.isdigit() else None


def shown(raw: str) -> str:
    """A short, printable echo of what the URL said, for the message."""
    return "".join(c if c.isprintable() else "\ufffd" for c in raw.strip()[:20])


def region_code(raw: str, what: str, status: int = 400) -> str:
    """A 12-digit region code from the URL; anything else never reaches the database
    (PostgreSQL refuses a NUL byte in a string with an error, not an empty result)."""
    code = _digits(raw)
    if code is None or len(code) != 12:
        raise BadFilter(
            _("%(what)s代码应为12位数字，收到“%(raw)s”。") % {"what": what, "raw": shown(raw)},
            status,
        )
    return code


def _year(raw: str | None, name: str) -> int | None:
    if raw is None or raw.strip() == "":
        return None
    digits = _digits(raw)
    if digits is None or len(digits) > 4 or not FIRST_YEAR <= int(digits) <= LAST_YEAR:
        raise BadFilter(
            _("参数 %(name)s 应为 %(first)s 至 %(last)s 之间的年份，收到“%(raw)s”。")
            % {"name": name, "first": FIRST_YEAR, "last": LAST_YEAR, "raw": shown(raw)}
        )
    return int(digits)


def region_named(code: str, what: str) -> Region:
    region = region_coded(code)
    if region is None:
        raise BadFilter(_("找不到%(what)s：%(code)s。") % {"what": what, "code": code}, 404)
    return region


def _area_of(user, code: str, what: str) -> tuple[Region, tuple[Region, ...]]:
    region, choices = with_choices(user, code)
    if region is None:
        raise BadFilter(_("找不到%(what)s：%(code)s。") % {"what": what, "code": code}, 404)
    return region, choices


@dataclass(frozen=True)
class ReportYear:
    year: int
    reports: int  # towns with figures this year
    approved: int  # of those, approved
    towns: int  # towns in the area that year


def default_year(years: list[ReportYear], *, include_unapproved: bool) -> int:
    """The latest year whose figures the visitor sees for every town of the county.

    The public sees approved figures only: a year with one approved town would show
    a county "total" of that one town. Else the latest year with any figure shown,
    else the latest with any report, else last year.
    """

    def seen(row: ReportYear) -> int:
        return row.reports if include_unapproved else row.approved

    complete = [row.year for row in years if row.towns and seen(row) >= row.towns]
    partial = [row.year for row in years if seen(row)]
    every = [row.year for row in years]
    for candidates in (complete, partial, every):
        if candidates:
            return max(candidates)
    return date.today().year - 1


def _area(get, user) -> tuple[Region, tuple[Region, ...]]:
    """The region the URL asks for: ``region`` (any level down to county) or ``county``."""
    name = "region" if get.get("region") else "county"
    what = _("区域") if name == "region" else _("县")
    area, choices = _area_of(user, region_code(get[name], what), what)
    if area.level not in AREA_LEVELS:
        raise BadFilter(_("%(name)s 不是县级区划。") % {"name": area.display_name})
    if area.level in REGIONAL_LEVELS and not may_compare(user, area):
        raise BadFilter(
            _("您的账户只能查看本辖区的数字，不能查看%(name)s。") % {"name": area.display_name},
            403,
        )
    return area, choices


def _place(get, user, town: Region | None) -> tuple[Region, tuple[Region, ...]]:
    """The page's area and the picker's choices; a town's page is about its county."""
    if get.get("region") or get.get("county"):
        area, choices = _area(get, user)
        if town is not None and area.level in REGIONAL_LEVELS and area.contains(town):
            # A town's own page is about its county, whichever region the link came from.
            area, choices = _area_of(user, town.code[:6].ljust(12, "0"), _("县"))
    elif town is not None:
        area, choices = _area_of(user, town.code[:6].ljust(12, "0"), _("县"))
    else:
        area, choices = default_area(user)
        if area is None:
            raise NoCounty(_("还没有任何县的数据。请先导入区划和数字（或运行 seed_demo）。"), 404)
    if town is not None and not area.contains(town):
        raise BadFilter(
            _("%(town)s 不属于 %(county)s。")
            % {"town": town.display_name, "county": area.display_name}
        )
    return area, choices


def _span(get, years: list[ReportYear], include: bool) -> tuple[int, int, int]:
    """The page's year and the trend's first and last years."""
    year = _year(get.get("year"), "year")
    first, last = _year(get.get("from"), "from"), _year(get.get("to"), "to")
    if year is None:
        year = default_year(years, include_unapproved=include)
    if last is None:
        last = year
    if first is None:
        first = max(years[0].year if years else year, last - DEFAULT_SPAN + 1)
    return (year, *sorted((first, last)))


def parse_filters(request, *, town: Region | None = None) -> Filters:
    """The filters of a dashboard page; ``town`` is the town a town page is about."""
    get = request.GET
    if town is None and get.get("town"):
        town = region_named(region_code(get["town"], _("乡镇")), _("乡镇"))
    if town is not None and town.level != Level.TOWN:
        raise BadFilter(_("%(name)s 不是乡镇。") % {"name": town.display_name})
    area, choices = _place(get, request.user, town)
    asked = get.get("unapproved", "").strip().lower() in TRUE_WORDS
    allowed = can_see_unapproved(request.user, town or area)
    years = [ReportYear(**row) for row in summary_years(area)]
    year, first, last = _span(get, years, asked and allowed)
    return Filters(
        area=area,
        year=year,
        first_year=first,
        last_year=last,
        include_unapproved=asked and allowed,
        may_include_unapproved=allowed,
        refused_unapproved=asked and not allowed,
        town=town,
        data_years=tuple(range(years[0].year, years[-1].year + 1)) if years else (),
        choices=choices,
    )
