"""What the entry pages read: a town's report of a year with its figures, and the
towns of a county for the progress page.

The pages (dashboard/entry/) call these and run no query themselves. Every read
here is a fixed number of queries, whatever the number of figures or towns.
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.utils import timezone

from indicators.catalogue.years import current_year
from indicators.divisions.names import named_as_in, with_name_in
from indicators.figures.rules import Finding, check_figures, load_rules
from indicators.figures.stale import changes_since
from indicators.models import (
    DataValue,
    Indicator,
    Level,
    Region,
    Report,
    ReportTransition,
    Target,
)


def town_report(code: str, year: int) -> Report | None:
    """The town's report of the year, with its region; an unsaved draft when nobody
    has saved one yet; None when no town has this code. Two queries."""
    region = Region.objects.filter(code=code, level=Level.TOWN).first()
    if region is None:
        return None
    return _report_of(region, year)


def report_now(report: Report) -> Report:
    """The report as it stands now, after a write was tried: one query."""
    return _report_of(report.region, report.year)


def _report_of(region: Region, year: int) -> Report:
    report = Report.objects.filter(region=region, year=year).first()
    if report is None:
        return Report(region=region, year=year)
    report.region = region
    return report


def year_in_progress(region: Region) -> int:
    """The year the entry and progress pages open on: never one that has not begun,
    nor one after the region ended (merged, split, retired)."""
    year = current_year()
    if region.retired_from is not None and region.retired_from <= year:
        year = region.retired_from - 1
    return Report.objects.within(region).year_in_progress(until=year) or year


def entry_indicators(region: Region, year: int) -> list[Indicator]:
    """What the catalogue asks of this town this year (not retired, in its scope),
    in report order, with their sections: the fields of the entry form."""
    return list(Indicator.objects.for_region_year(region, year).in_report_order())


def indicators_in_report_order() -> dict[str, Indicator]:
    """Every indicator of the catalogue by code, in report order: one query."""
    return {indicator.code: indicator for indicator in Indicator.objects.in_report_order()}


@dataclass
class EntryData:
    """Everything the entry page shows of one town-year besides the form."""

    indicators: list[Indicator]
    saved: dict[str, DataValue]
    previous: dict[str, Decimal]
    targets: dict[str, Decimal]
    transitions: list[ReportTransition]
    findings: list[Finding]


def entry_figures(report: Report, indicators: list[Indicator]) -> EntryData:
    """The saved figures of ``report``, last year's, the targets, the review steps and
    the rules' findings on them, for the ``indicators`` of :func:`entry_indicators`."""
    saved = (
        {v.indicator_id: v for v in report.values.select_related("changed_by")} if report.pk else {}
    )
    previous = dict(
        DataValue.objects.filter(report__region=report.region, report__year=report.year - 1)
        .values_list("indicator_id", "value")
        .order_by()
    )
    targets = dict(
        Target.objects.filter(region=report.region, year=report.year)
        .values_list("indicator_id", "value")
        .order_by()
    )
    findings = check_figures(
        {code: value.value for code, value in saved.items()},
        previous,
        {code: value.comment for code, value in saved.items()},
        {code for code, value in saved.items() if value.comment_outdated},
        rules=load_rules(indicators),
    )
    return EntryData(indicators, saved, previous, targets, report_steps(report), findings)


def report_steps(report: Report) -> list[ReportTransition]:
    """The report's review steps, oldest first, with who took them; none for a draft
    nobody saved."""
    return list(report.transitions.select_related("user")) if report.pk else []


def changes_by_others(report: Report, since: int, mine: set[str]) -> list[dict]:
    """Figures others set or removed in the report after version ``since``, leaving
    out the indicators in ``mine`` (the ones this user's own write set); each as
    :func:`~indicators.figures.stale.changes_since` gives it."""
    report = report_now(report)
    if not report.pk:
        return []
    return [c for c in changes_since(report, since) if c["indicator"] not in mine]


def removals(report: Report, codes: set[str]) -> dict[str, tuple[str, datetime]]:
    """Indicator code → (who, when) of the latest removal of each of these figures
    of the report: one query."""
    if not report.pk or not codes:
        return {}
    found = (
        DataValue.history.filter(report_id=report.pk, history_type="-", indicator_id__in=codes)
        .select_related("history_user")
        .order_by("history_date")
    )
    return {
        record.indicator_id: (_name(record.history_user), timezone.localtime(record.history_date))
        for record in found
    }


def _name(user) -> str:
    return (user.first_name or user.username) if user else "—"


def county_by_code(code: str) -> Region | None:
    return Region.objects.filter(code=code, level=Level.COUNTY).first()


def default_county(region: Region | None, *, admin: bool) -> Region | None:
    """The county a user's progress page opens on: their own, the county of their
    town or village, the first of their prefecture; the first of all for an
    administrator without a region."""
    if region is None:
        return Region.objects.counties().first() if admin else None
    if region.level == Level.COUNTY:
        return region
    if region.level in (Level.TOWN, Level.VILLAGE):
        return county_by_code(region.code[:6] + "000000")
    return Region.objects.within(region).counties().first()


def county_towns(county: Region, year: int, *, within: Region | None = None) -> list[Region]:
    """The towns of the county that existed in ``year`` (a town merged away is not
    offered after), only those under ``within`` when given, each named as it was
    that year (page data, never saved)."""
    towns = Region.objects.within(county).towns()
    if within is not None:
        towns = towns.within(within)
    return named_as_in(with_name_in(towns.existing_in(year), year))
