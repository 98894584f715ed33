"""Reads for the province and prefecture pages: a region and its child regions compared.

Figures come from the region summaries (:mod:`indicators.derived.summaries`), never from the
towns' figures, so a province of 2,000 towns costs the same few queries and rows as
a prefecture of 200: the count of queries does not grow with regions, towns, years
or indicators.

Visibility is the dashboards' (:mod:`indicators.accounts.access`): the summaries hold the
aggregates of every figure and of the approved ones, which are exactly what a
visitor sees of a region they cover (with or without unapproved figures) or of any
region as the public (approved figures of public indicators).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, IntegerField, Max, OuterRef, Q, Subquery
from django.db.models.functions import Substr

from indicators.accounts.access import covers, is_admin, profile_of, visible_indicators
from indicators.derived.summaries import SUMMARY_LEVELS
from indicators.models import Indicator, Level, Region, RegionSummary, Section, Target
from indicators.models.regions import existing_between, existing_in_outer
from indicators.reads.aggregates import Aggregate, combine

# The level a region's page compares: a province its prefectures, a prefecture its counties.
CHILD_LEVEL = {Level.PROVINCE: Level.PREFECTURE, Level.PREFECTURE: Level.COUNTY}


@dataclass
class RegionalData:
    region: Region
    children: list[Region]
    sections: list[Section]
    indicators: list[Indicator]
    first_year: int
    last_year: int
    year: int
    # (indicator, region, year) -> the region's or a child's figure
    values: dict[tuple[str, str, int], Aggregate] = field(default_factory=dict)
    # (indicator, region, year) -> target, for the region and its children
    targets: dict[tuple[str, str, int], Decimal] = field(default_factory=dict)
    # region -> its towns, for the region and each child
    towns: dict[str, int] = field(default_factory=dict)
    # region -> towns with figures in ``year`` / with approved figures
    reports: dict[str, int] = field(default_factory=dict)
    approved: dict[str, int] = field(default_factory=dict)

    @property
    def years(self) -> list[int]:
        return list(range(self.first_year, self.last_year + 1))

    @property
    def child_level(self) -> str:
        return CHILD_LEVEL[self.region.level]

    def indicators_of(self, section: Section) -> list[Indicator]:
        return [i for i in self.indicators if i.section_id == section.code]


# A summary row as read: (indicator, region, year, approved towns, then towns, sum,
# min and max over either every figure or the approved ones).
SUMMARY_FIELDS = {
    True: ("towns", "total", "low", "high"),
    False: ("approved", "approved_total", "approved_low", "approved_high"),
}


def summary_rows(queryset, include_unapproved: bool):
    """Summary rows as tuples, over every figure or the approved ones only."""
    return queryset.values_list(
        "indicator_id", "region", "year", "approved", *SUMMARY_FIELDS[include_unapproved]
    ).order_by()


def summary_aggregates(rows, by_code: dict[str, Indicator]) -> list[Aggregate]:
    """The figures a visitor sees from :func:`summary_rows`; none where no town counts."""
    return [
        Aggregate(
            indicator=code,
            region=region,
            year=year,
            value=combine(by_code[code], total, low, high, towns),
            towns=towns,
            approved=approved,
        )
        for code, region, year, approved, towns, total, low, high in rows
        if towns
    ]


def _per_child(queryset, code_field: str, digits: int, **counts):
    """``queryset`` counted per child region (the ``digits``-long prefix of ``code_field``)."""
    return (
        queryset.annotate(child=Substr(code_field, 1, digits))
        .order_by()
        .values("child")
        .annotate(count=Count("pk"), **counts)
    )


def regional_data(
    user,
    *,
    region: Region,
    year: int,
    first_year: int,
    last_year: int,
    include_unapproved: bool,
    section: Section | None = None,
    indicator: Indicator | None = None,
    child_years: bool = False,
    figures: bool = True,
) -> RegionalData:
    """Everything a province or prefecture page shows, in six queries.

    The region's figures cover ``first_year``..``last_year``; its children's only
    ``year`` and the year before unless ``child_years`` (a trend per child).
    ``figures=False`` reads only the regions and how many towns reported (three).
    """
    # A page about ``year`` lists neither its retired indicators (but the page of
    # one indicator keeps its earlier years) nor the regions that no longer exist.
    indicators = (
        visible_indicators(user, region, year=None if indicator else year)
        if figures
        else Indicator.objects.none()
    )
    if section is not None:
        indicators = indicators.filter(section=section)
    if indicator is not None:
        indicators = indicators.filter(code=indicator.code)
    indicators = list(indicators)
    by_code = {i.code: i for i in indicators}
    child_level = CHILD_LEVEL[region.level]
    data = RegionalData(
        region=region,
        children=list(
            Region.objects.within(region)
            .filter(level=child_level)
            .filter(existing_between(year, year))
        ),
        sections=list({i.section_id: i.section for i in indicators}.values()),
        indicators=indicators,
        first_year=first_year,
        last_year=last_year,
        year=year,
    )
    low, high = region.bounds
    child_span = (first_year, last_year) if child_years else (year - 1, year)
    rows = RegionSummary.objects.filter(indicator_id__in=by_code).filter(
        Q(region=region.code, year__gte=first_year, year__lte=last_year)
        | Q(
            level=child_level,
            region__gte=low,
            region__lte=high,
            year__gte=child_span[0],
            year__lte=child_span[1],
        )
    )
    for figure in summary_aggregates(summary_rows(rows, include_unapproved), by_code):
        data.values[(figure.indicator, figure.region, figure.year)] = figure
    codes = [region.code, *(child.code for child in data.children)]
    data.targets = {
        (code, place, when): value
        for code, place, when, value in Target.objects.filter(
            region_id__in=codes,
            indicator_id__in=by_code,
            year__gte=min(first_year, year - 1),
            year__lte=max(last_year, year),
        ).values_list("indicator_id", "region_id", "year", "value")
    }
    digits = SUMMARY_LEVELS[child_level]
    existing = Region.objects.within(region).towns().filter(existing_between(year, year))
    for row in _per_child(existing, "code", digits):
        data.towns[row["child"].ljust(12, "0")] = row["count"]
    data.towns[region.code] = sum(data.towns.values())
    # Towns that reported (and were approved) per region: the most towns any
    # indicator adds up, read from the summaries rather than 30,000 reports.
    reported = (
        RegionSummary.objects.filter(year=year)
        .filter(Q(region=region.code) | Q(level=child_level, region__gte=low, region__lte=high))
        .order_by()
        .values("region")
        .annotate(reports=Max("towns"), approved=Max("approved"))
    )
    for row in reported:
        data.reports[row["region"]] = row["reports"]
        data.approved[row["region"]] = row["approved"]
    return data


def summary_years(region: Region) -> list[dict]:
    """Each year with figures in ``region``: towns that reported, were approved, and the
    region's towns in that year; oldest first, one query (the summaries', not 30,000
    reports')."""
    towns = (
        Region.objects.within(region)
        .towns()
        .filter(existing_in_outer())
        .order_by()
        .values("level")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return list(
        RegionSummary.objects.filter(region=region.code)
        .order_by()
        .values("year")
        .annotate(
            reports=Max("towns"),
            approved=Max("approved"),
            towns=Subquery(towns, output_field=IntegerField()),
        )
        .order_by("year")
    )


def may_compare(user, region: Region) -> bool:
    """Whether the user may open a province or prefecture page of ``region``.

    Everyone may read the public's approved figures anywhere, but an official sees
    the regions of their own account: a county or town official their county (as
    its county page), a province or prefecture official their subtree.
    """
    profile = None if is_admin(user) else profile_of(user)
    if profile is None or profile.region is None:
        return True
    return profile.region.level in CHILD_LEVEL and covers(user, region)


def picker_filter(user) -> Q:
    """Provinces, prefectures and counties with figures that the region picker offers.

    A county or town official is offered their county only; a province or prefecture
    official their subtree; everyone else every region with figures. A condition on
    regions, so that a page reads its own region and the choices in one query.
    """
    levels = (Level.PROVINCE, Level.PREFECTURE, Level.COUNTY)
    pickable = Q(Exists(RegionSummary.objects.filter(region=OuterRef("code"))), level__in=levels)
    profile = None if is_admin(user) else profile_of(user)
    own = profile.region if profile is not None else None
    if own is None:
        return pickable
    if own.level in (Level.TOWN, Level.VILLAGE, Level.COUNTY):
        return pickable & Q(code=own.code[:6].ljust(12, "0"))
    low, high = own.bounds
    return pickable & Q(code__gte=low, code__lte=high)
