"""Reads for scoring: the towns, their figures (this year and last) and targets.

Four queries whatever the number of towns and items. Figures of every status are
read so that a page can say "尚未审核"; the engine scores approved ones only.
"""

from indicators.models import DataValue, Indicator, Region, Status, Target

from .engine import Figure, Inputs, Town
from .spec import Scheme


def catalogue_indicators(county: Region | None = None) -> dict[str, Indicator]:
    """The indicators a scheme may name, by code, in report order. With ``county``, those
    that count there: the installation's, and those scoped to the county or a region
    above it. Retired ones stay: the scheme's check refuses them for their years."""
    indicators = Indicator.objects.in_report_order()
    if county is not None:
        indicators = indicators.in_scope_of(county)
    return {indicator.code: indicator for indicator in indicators}


def indicators_in_use(county: Region, year: int) -> list[Indicator]:
    """What an item may point at in ``year``: counting in the county, and not retired."""
    return list(Indicator.objects.in_report_order().for_region_year(county, year))


def scoring_inputs(
    county: Region, year: int, scheme: Scheme, indicators: dict[str, Indicator]
) -> Inputs:
    codes = sorted({item.indicator for item in scheme.items})
    towns = [
        Town(code, name)
        for code, name in Region.objects.within(county)
        .towns()
        .existing_in(year)
        .values_list("code", "name")
    ]
    rows = (
        DataValue.objects.within(county)
        .years(year - 1, year)
        .filter(indicator_id__in=codes)
        .values_list("indicator_id", "report__region_id", "report__year", "report__status", "value")
        .order_by()
    )
    figures = {
        (code, town, at): Figure(value, status == Status.APPROVED)
        for code, town, at, status, value in rows
    }
    targets = {
        (code, region): value
        for code, region, _year, value in Target.objects.for_dashboard(county, year, year).filter(
            indicator_id__in=codes
        )
    }
    return Inputs(
        year=year,
        towns=towns,
        figures=figures,
        targets=targets,
        indicators={code: indicators[code] for code in codes if code in indicators},
    )
