"""What the 大屏 shows, from one ``dashboard_data`` read, as the overview page does.

One slide per report section: the county's headline figures with the change from
last year (the overview's table rows), the towns ranked on one indicator (the
section page's comparison chart), and the section's targets, laggards first. Below
the slides, how far the year's reporting has come. Every figure is one the
dashboards show, from the same read and the same helpers.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from indicators.accounts import access
from indicators.models import Indicator, Level, Section, Status
from indicators.reads.selectors import DashboardData, dashboard_data

from .. import charts, pages
from ..filters import BadFilter, Filters
from ..tables import Number, overview_table
from .goals import Goal, section_goals
from .options import ScreenOptions
from .wall import CROWDED, EXTREMES, wall_chart

# The steps of a year's reporting, furthest first; NONE: no report yet.
STEPS = (Status.APPROVED, Status.SUBMITTED, Status.RETURNED, Status.DRAFT)
NONE = "none"
# As many targets as fit the panel at 1920×1080; laggards first, so those left off
# are the ones best met.
GOALS_SHOWN = 6
# Columns of overview_table's rows.
VALUE, DELTA, PERCENT, NOTE = 2, 4, 5, 10


@dataclass(frozen=True)
class Headline:
    indicator: Indicator
    value: Number
    delta: Number
    percent: Number
    note: str
    spark: charts.Spark


@dataclass
class Slide:
    section: Section
    number: int
    headlines: list[Headline]
    ranked: Indicator | None
    chart: pages.Chart | None
    goals: list[Goal] = field(default_factory=list)
    more_goals: int = 0  # targets met best, left off the screen


@dataclass(frozen=True)
class Segment:
    status: str
    label: str
    towns: int
    width: str  # percent of the county's towns, for the bar
    offset: str  # percent before this segment: where its part of the bar starts


def _read(user, filters: Filters) -> DashboardData:
    first, last = filters.query_years
    return dashboard_data(
        user,
        county=filters.county,
        first_year=first,
        last_year=last,
        include_unapproved=filters.include_unapproved,
        year=filters.year,
    )


def _ranked_indicator(data: DashboardData, section: Section, year: int, chosen: str | None):
    """The chosen indicator when it is in this section; else the first one most towns reported."""
    indicators = data.indicators_of(section)
    for indicator in indicators:
        if indicator.code == chosen:
            return indicator

    def reporting(indicator: Indicator) -> int:
        aggregate = data.county_values.get((indicator.code, year))
        return aggregate.towns if aggregate else 0

    # max() keeps the first of equals: catalogue order breaks ties.
    return max(indicators, key=reporting, default=None)


def _ranking(data: DashboardData, filters: Filters, indicator: Indicator | None):
    if indicator is None:
        return None
    return wall_chart(
        f"compare-{indicator.code}",
        pages.town_bars(data, indicator, filters.year),
        unit=indicator.display_unit,
        target_name=_("目标"),
        filename=f"{indicator.code}-{filters.county.code}-{filters.year}",
    )


def _slide(data: DashboardData, filters: Filters, section: Section, number: int, chosen):
    table = overview_table(data, section, filters.year)
    indicators = data.indicators_of(section)
    headlines = []
    for indicator, row in zip(indicators, table.rows, strict=True):
        # The overview page's sparkline: the county's figures over the trend years.
        spark = charts.sparkline(
            *pages.county_trend(data, filters, indicator.code),
            label=pages.partial_label(),
        )
        headlines.append(
            Headline(indicator, row[VALUE], row[DELTA], row[PERCENT], row[NOTE], spark)
        )
    goals = section_goals(table, indicators)
    ranked = _ranked_indicator(data, section, filters.year, chosen)
    return Slide(
        section,
        number,
        headlines,
        ranked,
        _ranking(data, filters, ranked),
        goals[:GOALS_SHOWN],
        max(0, len(goals) - GOALS_SHOWN),
    )


def _progress(user, data: DashboardData, year: int) -> dict:
    """How many of the county's towns are at each step of the year's reporting.

    The workflow is internal (indicators.accounts.access.shown_status): signed-in users see
    every step, anonymous visitors only how many towns' figures are published.
    """
    statuses = [
        access.shown_status(user, data.statuses.get((town.code, year))) for town in data.towns
    ]
    total = len(statuses)
    internal = bool(user and user.is_authenticated)
    if internal:
        labels = dict(Status.choices)
        steps = [(status, labels[status]) for status in STEPS]
    else:
        steps = [(access.PUBLISHED, _("已发布"))]
    steps.append((NONE, _("未开始") if internal else _("未发布")))
    segments = []
    before = 0
    for status, label in steps:
        towns = sum(1 for shown in statuses if (shown or NONE) == status)
        width, offset = (f"{n * 100 / total:.2f}" if total else "0" for n in (towns, before))
        segments.append(Segment(str(status), str(label), towns, width, offset))
        before += towns
    approved = segments[0].towns
    return {
        "internal": internal,
        "towns": total,
        "approved": approved,
        # Sent upwards: waiting for review, or already approved.
        "reported": approved + segments[1].towns if internal else None,
        "segments": segments,
    }


def screen_page(user, filters: Filters, options: ScreenOptions) -> dict:
    if filters.county.level != Level.COUNTY:
        # A province's or prefecture's towns are hundreds of bars: the screen is a county's.
        raise BadFilter(
            _("大屏按县显示：%(name)s 不是县级区划，请用 county= 选择一个县。")
            % {"name": filters.county.display_name}
        )
    data = _read(user, filters)
    codes = {indicator.code for indicator in data.indicators}
    if options.indicator is not None and options.indicator not in codes:
        raise BadFilter(
            _("找不到%(what)s：%(code)s。") % {"what": _("指标"), "code": options.indicator}, 404
        )
    sections = [section.code for section in data.sections]
    if options.section is not None and options.section not in sections:
        raise BadFilter(
            _("找不到%(what)s：%(code)s。") % {"what": _("报告部分"), "code": options.section},
            404,
        )
    slides = [
        _slide(data, filters, section, number, options.indicator)
        for number, section in enumerate(data.sections, start=1)
    ]
    first = sections.index(options.section) if options.section else 0
    return {
        "data": data,
        "slides": slides,
        "first": first,
        "progress": _progress(user, data, filters.year),
        # Past this many towns the ranking shows the highest and the lowest, and says so.
        "crowded": len(data.towns) > CROWDED,
        "extremes": EXTREMES,
        "has_unapproved": any(
            headline.value.unapproved for slide in slides for headline in slide.headlines
        ),
    }
