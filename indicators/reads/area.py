"""One read for every dashboard level: an area (county, prefecture or province) and the
places one level down (its towns, counties or prefectures), in a fixed number of queries.

The area's own figures come from the region summaries (:mod:`indicators.derived.summaries`,
kept by the write in its transaction), never from adding up its towns' figures on each
request. A child's figure is a town's own figure where the children are towns, else the
child region's summary. Both are :class:`~indicators.reads.aggregates.Aggregate`: a
figure with the towns it adds up and how many of those are approved (a town's own figure
adds up one town), so every page, table and chart reads one shape at every level.

Visibility is the dashboards' (:mod:`indicators.accounts.access`). The summaries hold the
aggregate of every figure and of the approved ones; that is exactly what a visitor sees
of an indicator that is public, or of any indicator in an area the visitor covers. The
one other case, a non-public indicator on the county page of a town's official (they
read their own town's figures of it, not the other towns'), is added up from the figures
the visitor may read, as before the summaries.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Max, Q

from indicators.accounts.access import covers, visible_indicators, visible_values
from indicators.derived.summaries import SUMMARY_LEVELS
from indicators.divisions.history import TreeChange, changes_within, starts_or_ends_within
from indicators.divisions.names import named_as_in, with_name_in
from indicators.models import (
    DataValue,
    Indicator,
    Level,
    Region,
    RegionSummary,
    Report,
    Section,
    Status,
    Target,
)
from indicators.models.regions import existing_between
from indicators.reads.aggregates import Aggregate, aggregate_values
from indicators.reads.summary_rows import per_child, summary_aggregates, summary_rows

# The level one step down from an area: what its pages compare.
AREA_CHILD_LEVEL = {
    Level.PROVINCE: Level.PREFECTURE,
    Level.PREFECTURE: Level.COUNTY,
    Level.COUNTY: Level.TOWN,
}


@dataclass
class AreaData:
    area: Region
    # The places one level down that exist in ``year``, named as they were then;
    # ``all_children`` every one existing in some year of the span (a merged town's
    # line ends, the new town's starts).
    children: list[Region]
    all_children: list[Region]
    sections: list[Section]
    indicators: list[Indicator]
    first_year: int
    last_year: int
    year: int
    # (indicator, place, year) -> the area's or a child's figure
    values: dict[tuple[str, str, int], Aggregate] = field(default_factory=dict)
    # (indicator, place, year) -> target, for the area and its children
    targets: dict[tuple[str, str, int], Decimal] = field(default_factory=dict)
    # (town, year) -> report status, where the children are towns
    statuses: dict[tuple[str, int], str] = field(default_factory=dict)
    # place -> towns existing in ``year``, for the area and each child
    towns: dict[str, int] = field(default_factory=dict)
    # place -> towns with figures in ``year`` / with approved figures
    reports: dict[str, int] = field(default_factory=dict)
    approved: dict[str, int] = field(default_factory=dict)
    # Merges, splits and moves of the area's towns within the span, oldest first.
    changes: list[TreeChange] = field(default_factory=list)

    @property
    def years(self) -> list[int]:
        return list(range(self.first_year, self.last_year + 1))

    @property
    def child_level(self) -> str:
        return AREA_CHILD_LEVEL[self.area.level]

    @property
    def of_towns(self) -> bool:
        """Whether the children are towns (a county's page) rather than regions."""
        return self.area.level == Level.COUNTY

    def indicators_of(self, section: Section) -> list[Indicator]:
        return [i for i in self.indicators if i.section_id == section.code]

    def area_values(self) -> dict[tuple[str, int], Aggregate]:
        """The area's own figures by (indicator, year)."""
        area = self.area.code
        return {(code, year): f for (code, place, year), f in self.values.items() if place == area}

    def figure(self, indicator: str, place: str, year: int) -> Aggregate | None:
        return self.values.get((indicator, place, year))

    def town_total(self, place: str, year: int) -> int:
        """The towns ``place`` has in ``year``: what a complete figure adds up.

        A county counts its towns' lifetimes, so each year has its own total (a merge
        leaves fewer); a region above counts the page's year."""
        if self.of_towns and place == self.area.code:
            return sum(1 for town in self.all_children if town.exists_in(year))
        if self.of_towns:
            return 1
        return self.towns.get(place, 0)


def area_data(
    user,
    *,
    area: Region,
    year: int,
    first_year: int,
    last_year: int,
    include_unapproved: bool,
    section: Section | None = None,
    indicator: Indicator | None = None,
    town: Region | None = None,
    children: bool = True,
    child_span: tuple[int, int] | None = None,
    totals: bool = True,
) -> AreaData:
    """Everything a dashboard page shows for ``area``, in at most seven queries.

    ``section`` or ``indicator`` narrow the indicators; indicators retired by ``year``
    are left out unless ``indicator`` asks for one (its page keeps its earlier years).
    ``children=False`` skips the children's figures and targets (a page of the area's
    figures only), ``child_span`` reads theirs only in those years (a page of one
    year); ``town`` reads only that town's, for its profile; ``totals=False`` skips
    the area's own figures. Unapproved figures are read only where asked and the
    visitor covers the area.
    """
    # Unapproved figures only of an area the visitor covers, whatever the caller asks.
    include_unapproved = include_unapproved and covers(user, town or area)
    figures = children or totals
    indicators = _indicators(user, town or area, year, section, indicator) if figures else []
    data = AreaData(
        area=area,
        children=[],
        all_children=[],
        sections=list({i.section_id: i.section for i in indicators}.values()),
        indicators=indicators,
        first_year=first_year,
        last_year=last_year,
        year=year,
    )
    _read_children(data)
    by_code = {i.code: i for i in indicators}
    span = child_span or (first_year, last_year)
    if children and data.of_towns:
        _read_town_figures(data, user, by_code, include_unapproved, town, span)
    _read_summaries(
        data,
        user,
        by_code,
        include_unapproved,
        totals=totals,
        child_span=span if children and not data.of_towns else None,
    )
    if figures:
        _read_targets(data, by_code, children=children, town=town)
    _read_reporting(data)
    return data


def readable_indicator(user, code: str) -> Indicator | None:
    """The indicator of ``code`` with its section, if the user may read it anywhere."""
    return visible_indicators(user).select_related("section").filter(pk=code).first()


def _indicators(user, place: Region, year: int, section, indicator) -> list[Indicator]:
    indicators = visible_indicators(user, place, year=None if indicator else year)
    if section is not None:
        indicators = indicators.filter(section=section)
    if indicator is not None:
        indicators = indicators.filter(code=indicator.code)
    return list(indicators)


def _read_children(data: AreaData) -> None:
    """The children existing in the span, named as in the page's year (one query), and
    the changes of the division tree that touch them (one more, only if there are)."""
    span = existing_between(data.first_year, data.last_year)
    places = Region.objects.within(data.area).filter(span, level=data.child_level)
    data.all_children = named_as_in(with_name_in(places, data.year))
    data.children = [child for child in data.all_children if child.exists_in(data.year)]
    if data.of_towns and starts_or_ends_within(data.all_children, data.first_year, data.last_year):
        names = {town.code: town.display_name for town in data.all_children}
        data.changes = changes_within(data.area, data.first_year, data.last_year, names)


def _read_summaries(data, user, by_code, include_unapproved, *, totals, child_span) -> None:
    """The area's figures and its child regions' in ``child_span``, from the summaries,
    in one query. A non-public indicator the visitor reads only in part of the area
    (their own town) is added up from the figures they may read instead."""
    covered = covers(user, data.area)
    shared = [
        code
        for code, indicator in by_code.items()
        if covered or (indicator.is_public and indicator.section.is_public)
    ]
    wanted = Q()
    if totals:
        wanted |= Q(region=data.area.code, year__gte=data.first_year, year__lte=data.last_year)
    if child_span is not None:
        low, high = data.area.bounds
        wanted |= Q(
            level=data.child_level,
            region__gte=low,
            region__lte=high,
            year__gte=child_span[0],
            year__lte=child_span[1],
        )
    figures = []
    if shared and wanted:
        rows = RegionSummary.objects.filter(wanted, indicator_id__in=shared)
        figures = summary_aggregates(summary_rows(rows, include_unapproved), by_code)
    own = [by_code[code] for code in by_code if code not in shared]
    if own and totals:
        figures += aggregate_values(
            _dashboard_values(user, include_unapproved),
            region=data.area,
            indicators=own,
            first_year=data.first_year,
            last_year=data.last_year,
        )
    for figure in figures:
        data.values[(figure.indicator, figure.region, figure.year)] = figure


def _dashboard_values(user, include_unapproved: bool):
    """The figures the user may read on a dashboard: approved only unless asked and allowed."""
    values = visible_values(user, DataValue.objects.all())
    return values if include_unapproved else values.approved()


def _read_town_figures(data, user, by_code: dict, include_unapproved: bool, town, span) -> None:
    """Each town's own figure: one adding up one town, approved or not.

    Naming the area's reports lets SQLite drive the join from the report, through the
    (report, indicator) unique index, instead of scanning every town's figures of each
    indicator in the database. Still one query: the reports are a subquery.
    """
    first, last = span
    reports = Report.objects.within(town or data.area).filter(year__gte=first, year__lte=last)
    rows = (
        _dashboard_values(user, include_unapproved)
        .filter(report__in=reports.values("pk"))
        .for_dashboard(town or data.area, first, last, list(by_code))
    )
    for code, place, when, status, value in rows:
        approved = int(status == Status.APPROVED)
        data.values[(code, place, when)] = Aggregate(code, place, when, value, 1, approved)


def _read_targets(data: AreaData, by_code: dict, *, children: bool, town) -> None:
    places = [data.area.code]
    if town is not None:
        places.append(town.code)
    elif children:
        places += [child.code for child in data.all_children]
    rows = Target.objects.filter(
        region_id__in=places,
        indicator_id__in=by_code,
        year__gte=min(data.first_year, data.year - 1),
        year__lte=max(data.last_year, data.year),
    ).values_list("indicator_id", "region_id", "year", "value")
    data.targets = {(code, place, when): value for code, place, when, value in rows}


def _read_reporting(data: AreaData) -> None:
    """Where reporting stands: each town's statuses over the span (a county), or how
    many towns of each child reported and were approved in the year (from the
    summaries rather than 30,000 reports), and how many towns each has."""
    if data.of_towns:
        data.statuses = {
            (place, when): status
            for place, when, status in Report.objects.within(data.area)
            .filter(year__gte=data.first_year, year__lte=data.last_year)
            .values_list("region_id", "year", "status")
        }
        for town in data.children:
            status = data.statuses.get((town.code, data.year))
            data.towns[town.code] = 1
            data.reports[town.code] = int(status is not None)
            data.approved[town.code] = int(status == Status.APPROVED)
        data.towns[data.area.code] = len(data.children)
        data.reports[data.area.code] = sum(data.reports.values())
        data.approved[data.area.code] = sum(data.approved.values())
        return
    digits = SUMMARY_LEVELS[data.child_level]
    existing = (
        Region.objects.within(data.area).towns().filter(existing_between(data.year, data.year))
    )
    for row in per_child(existing, "code", digits):
        data.towns[row["child"].ljust(12, "0")] = row["count"]
    data.towns[data.area.code] = sum(data.towns.values())
    low, high = data.area.bounds
    reported = (
        RegionSummary.objects.filter(year=data.year)
        .filter(
            Q(region=data.area.code) | Q(level=data.child_level, region__gte=low, region__lte=high)
        )
        .order_by()
        .values("region")
        .annotate(reports=Max("towns"), approved=Max("approved"))
    )
    for row in reported:
        data.reports[row["region"]] = row["reports"]
        data.approved[row["region"]] = row["approved"]
