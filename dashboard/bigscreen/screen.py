"""What the 大屏 shows, from one ``area_data`` read, as the overview page does.

At every level (a county, prefecture or province), one slide per report section: the
area's headline figures with the change from last year (the overview's table rows),
its children ranked on one indicator (the section page's comparison chart), and the
section's targets, laggards first. Below the slides, how far the year's reporting
has come. Every figure is one the dashboards show, from the same read and helpers.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from indicators.accounts import access
from indicators.models import Indicator, Section, Status
from indicators.reads.area import AreaData

from .. import charts
from ..area.blocks import area_trend, child_bars, missing_label, partial_label
from ..area.pages import area_read
from ..area.section_rows import Headline as SectionHeadline
from ..area.tables import children_word, overview_table
from ..charts.embed import Chart
from ..filters import BadFilter, Filters
from .goals import Goal, section_goals
from .options import ScreenOptions
from .wall import crowded_note, wall_chart

# The steps of a year's reporting, furthest first; NONE: no report yet.
STEPS = (Status.APPROVED, Status.SUBMITTED, Status.RETURNED, Status.DRAFT)
NONE = "none"
# As many targets as fit the panel at 1920×1080; laggards first, so those left off
# are the ones best met.
GOALS_SHOWN = 6
# Columns of overview_table's rows.
VALUE, DELTA, PERCENT, NOTE = 2, 4, 5, 10


@dataclass(frozen=True)
class Headline(SectionHeadline):
    """A section's headline figure, with its sparkline: the screen has no cards."""

    spark: charts.Spark | None = None


@dataclass
class Slide:
    section: Section
    number: int
    headlines: list[Headline]
    ranked: Indicator | None
    chart: Chart | None
    goals: list[Goal] = field(default_factory=list)
    more_goals: int = 0  # targets met best, left off the screen


@dataclass(frozen=True)
class Segment:
    status: str
    label: str
    towns: int
    width: str  # percent of the county's towns, for the bar
    offset: str  # percent before this segment: where its part of the bar starts


def _read(user, filters: Filters) -> AreaData:
    """The area's figures over the trend's years, its children's in the page's year."""
    return area_read(user, filters, child_span=(filters.year, filters.year))


def _ranked_indicator(data: AreaData, section: Section, year: int, chosen: str | None):
    """The chosen indicator when it is in this section; else the first one most towns reported."""
    area = data.area.code
    indicators = data.indicators_of(section)
    for indicator in indicators:
        if indicator.code == chosen:
            return indicator

    def reporting(indicator: Indicator) -> int:
        aggregate = data.figure(indicator.code, area, year)
        return aggregate.towns if aggregate else 0

    # max() keeps the first of equals: catalogue order breaks ties.
    return max(indicators, key=reporting, default=None)


def _ranking(data: AreaData, filters: Filters, indicator: Indicator | None):
    if indicator is None:
        return None
    return wall_chart(
        f"compare-{indicator.code}",
        child_bars(data, indicator, filters.year),
        unit=indicator.display_unit,
        target_name=_("目标"),
        missing_label=missing_label(filters),
        filename=f"{indicator.code}-{filters.area.code}-{filters.year}",
        child_level=data.child_level,
    )


def _slide(data: AreaData, filters: Filters, section: Section, number: int, chosen):
    table = overview_table(data, section, filters.year)
    indicators = data.indicators_of(section)
    headlines = []
    for indicator, row in zip(indicators, table.rows, strict=True):
        # The overview page's sparkline: the county's figures over the trend years.
        spark = charts.sparkline(
            *area_trend(data, filters, indicator.code),
            label=partial_label(),
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


# Above a county the summaries tell how many towns entered figures and how many are
# approved, not each report's step: three steps there.
ENTERED = "entered"


def _segments(steps, counts: dict[str, int], total: int) -> list[Segment]:
    segments, before = [], 0
    for status, label in steps:
        towns = counts.get(status, 0)
        width, offset = (f"{n * 100 / total:.2f}" if total else "0" for n in (towns, before))
        segments.append(Segment(str(status), str(label), towns, width, offset))
        before += towns
    return segments


def _steps(data: AreaData, internal: bool) -> list[tuple[str, str]]:
    """The steps the bar shows, furthest first; the workflow's only to those inside."""
    if not internal:
        return [(access.PUBLISHED, _("已发布")), (NONE, _("未发布"))]
    if not data.of_towns:
        return [(Status.APPROVED, _("已审核")), (ENTERED, _("已填报未审核")), (NONE, _("未填报"))]
    labels = dict(Status.choices)
    return [*((status, labels[status]) for status in STEPS), (NONE, _("未开始"))]


def _town_counts(user, data: AreaData, year: int, internal: bool) -> dict[str, int]:
    """How many towns stand at each step: a county's from its towns' statuses; above a
    county, from the summaries (towns with figures, and approved ones)."""
    if not data.of_towns:
        area = data.area.code
        approved, entered = data.approved.get(area, 0), data.reports.get(area, 0)
        return {
            access.PUBLISHED: approved,
            Status.APPROVED: approved,
            ENTERED: entered - approved,
            NONE: data.towns.get(area, 0) - (entered if internal else approved),
        }
    counts: dict[str, int] = {}
    for town in data.children:
        shown = access.shown_status(user, data.statuses.get((town.code, year))) or NONE
        counts[shown] = counts.get(shown, 0) + 1
    return counts


def _progress(user, data: AreaData, year: int) -> dict:
    """How many of the area's towns are at each step of the year's reporting.

    The workflow is internal (indicators.accounts.access.shown_status): signed-in users see
    every step, anonymous visitors only how many towns' figures are published. Above a
    county, "sent upwards" is not known: the towns that entered figures are counted.
    """
    internal = bool(user and user.is_authenticated)
    total = data.towns.get(data.area.code, 0)
    counts = _town_counts(user, data, year, internal)
    segments = _segments(_steps(data, internal), counts, total)
    approved = segments[0].towns
    return {
        "internal": internal,
        "towns": total,
        "approved": approved,
        # Sent upwards (waiting for review, or already approved), or above a county
        # the towns that entered figures.
        "reported": approved + segments[1].towns if internal else None,
        "segments": segments,
    }


def screen_page(user, filters: Filters, options: ScreenOptions) -> dict:
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
        # Past CROWDED children the ranking shows the highest and the lowest, and says so.
        "crowded": crowded_note(data.child_level, len(data.children)),
        "children_word": children_word(data),
        "has_unapproved": any(
            headline.value.unapproved for slide in slides for headline in slide.headlines
        ),
    }
