"""Reads for the dashboard pages, each a fixed number of queries.

``dashboard_data`` gathers, for one county and a span of years, everything a page
needs into plain dictionaries: the towns, the indicators the user may see, each
town's figures with their report status, the county figures under each indicator's
aggregation rule, the targets and the report statuses. The count of queries does
not grow with towns, years or indicators.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, OuterRef

from indicators.accounts.access import visible_indicators, visible_values
from indicators.divisions import (
    TreeChange,
    changes_within,
    named_as_in,
    starts_or_ends_within,
    with_name_in,
)
from indicators.models import DataValue, Indicator, Region, Report, Section, Status, Target
from indicators.models.regions import existing_between
from indicators.reads.aggregates import Aggregate, aggregate_values


@dataclass(frozen=True)
class Figure:
    value: Decimal
    status: str

    @property
    def approved(self) -> bool:
        return self.status == Status.APPROVED


@dataclass
class DashboardData:
    county: Region
    towns: list[Region]
    sections: list[Section]
    indicators: list[Indicator]
    first_year: int
    last_year: int
    # (indicator, town, year) -> the town's figure
    values: dict[tuple[str, str, int], Figure] = field(default_factory=dict)
    # (indicator, year) -> the county's figure
    county_values: dict[tuple[str, int], Aggregate] = field(default_factory=dict)
    # (indicator, region, year) -> target, for the county and its towns
    targets: dict[tuple[str, str, int], Decimal] = field(default_factory=dict)
    # (town, year) -> report status
    statuses: dict[tuple[str, int], str] = field(default_factory=dict)
    # Every town existing in some year of the span (``towns``: those of the page's
    # year), for what spans years: trend lines, towns × years tables.
    all_towns: list[Region] = field(default_factory=list)
    # Merges, splits and moves of the county's towns within the span, oldest first.
    changes: list[TreeChange] = field(default_factory=list)

    @property
    def years(self) -> list[int]:
        return list(range(self.first_year, self.last_year + 1))

    def town_count(self, year: int) -> int:
        """How many towns the county has in ``year``: what a complete county figure adds up."""
        return sum(1 for town in self.all_towns if town.exists_in(year))

    def indicators_of(self, section: Section) -> list[Indicator]:
        return [i for i in self.indicators if i.section_id == section.code]


def dashboard_values(user, *, include_unapproved: bool):
    """The figures the user may read on a dashboard: approved only unless asked and allowed."""
    values = visible_values(user, DataValue.objects.all())
    return values if include_unapproved else values.approved()


def counties_with_reports():
    """Counties that have at least one town report: the county picker's choices."""
    return Region.objects.counties().filter(
        Exists(Report.objects.filter(region__parent=OuterRef("pk")))
    )


def dashboard_data(
    user,
    *,
    county: Region,
    first_year: int,
    last_year: int,
    include_unapproved: bool,
    section: Section | None = None,
    indicator: Indicator | None = None,
    town_values: bool = True,
    town: Region | None = None,
    county_values: bool = True,
    year: int | None = None,
) -> DashboardData:
    """Everything a dashboard page shows for ``county``, in at most six queries.

    ``towns`` are the towns that exist in ``year`` (the page's year; default
    ``last_year``), named as they were then; ``all_towns`` every town existing in
    some year of the span. Where a town was set up or retired within the span, a
    seventh query reads the changes of the division tree (``changes``).

    ``section`` or ``indicator`` narrow the indicators; ``town_values=False`` skips
    the towns' own figures (and targets) when a page shows only county figures;
    ``town`` reads only that town's figures and targets, for its profile;
    indicators retired by ``year`` are left out unless ``indicator`` asks for one;
    ``county_values=False`` skips adding up the county's figures (a query over every
    figure of the county's towns) on pages that show none.
    """
    year = last_year if year is None else year
    # The page of one indicator keeps it after its retirement: its earlier years.
    # A town's page lists what counts there: not another town's own indicators, nor
    # non-public ones the visitor may not read in that town.
    indicators = visible_indicators(user, town or county, year=None if indicator else year)
    if section is not None:
        indicators = indicators.filter(section=section)
    if indicator is not None:
        indicators = indicators.filter(code=indicator.code)
    indicators = list(indicators)
    sections = list({i.section_id: i.section for i in indicators}.values())
    codes = [i.code for i in indicators]
    towns = Region.objects.within(county).towns().filter(existing_between(first_year, last_year))
    all_towns = named_as_in(with_name_in(towns, year))
    data = DashboardData(
        county=county,
        towns=[town for town in all_towns if town.exists_in(year)],
        all_towns=all_towns,
        sections=sections,
        indicators=indicators,
        first_year=first_year,
        last_year=last_year,
    )
    # Naming the county's reports lets SQLite drive the join from the report, through
    # the (report, indicator) unique index, instead of scanning every town's figures
    # of each indicator in the whole database: 4x faster for the demo county beside a
    # 40-town one. Still one query: the reports are a subquery.
    reports = Report.objects.within(county).filter(year__gte=first_year, year__lte=last_year)
    values = dashboard_values(user, include_unapproved=include_unapproved).filter(
        report__in=reports.values("pk")
    )
    if town_values:
        rows = values.for_dashboard(town or county, first_year, last_year, codes)
        data.values = {
            (code, town, year): Figure(value, status) for code, town, year, status, value in rows
        }
    years = {"first_year": first_year, "last_year": last_year}
    if county_values:
        data.county_values = {
            (row.indicator, row.year): row
            for row in aggregate_values(values, region=county, indicators=indicators, **years)
        }
    targets = Target.objects.for_dashboard(county, first_year, last_year)
    if not town_values:
        targets = targets.filter(region=county)
    elif town is not None:
        targets = targets.filter(region__in=[county, town])
    wanted = set(codes)
    data.targets = {
        (code, region, year): value for code, region, year, value in targets if code in wanted
    }
    if starts_or_ends_within(all_towns, first_year, last_year):
        names = {town.code: town.display_name for town in all_towns}
        data.changes = changes_within(county, first_year, last_year, names)
    data.statuses = {
        (region, year): status
        for region, year, status in Report.objects.within(county)
        .filter(year__gte=first_year, year__lte=last_year)
        .values_list("region_id", "year", "status")
    }
    return data
