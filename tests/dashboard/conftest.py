from decimal import Decimal

import pytest

from indicators.models import DataValue, Report, Source, Status, Target
from tests import factories

FIRST_YEAR = 2020


def fill_county(county, catalogue, *, towns: int, years: int, status=Status.APPROVED):
    """A county whose towns reported every indicator for ``years`` years from 2020.

    Town n's figure for year y is n * 10 + (y - 2020): easy to find on a page.
    Targets: each town aims at its figure + 1; the county at the sum of those.
    """
    targets_of_county: dict = {}
    regions = [factories.town(county, number) for number in range(1, towns + 1)]
    reports = Report.objects.bulk_create(
        Report(region=town, year=FIRST_YEAR + offset, status=status, version=1)
        for town in regions
        for offset in range(years)
    )
    values, targets = [], []
    for report in reports:
        number = int(report.region_id[6:9]) - 100
        for indicator in catalogue.values():
            figure = Decimal(number * 10 + report.year - FIRST_YEAR)
            values.append(
                DataValue(report=report, indicator=indicator, value=figure, source=Source.SEED)
            )
            targets.append(
                Target(
                    indicator=indicator, region=report.region, year=report.year, value=figure + 1
                )
            )
            key = (indicator.code, report.year)
            targets_of_county[key] = targets_of_county.get(key, 0) + figure + 1
    targets += [
        Target(indicator_id=code, region=county, year=year, value=value)
        for (code, year), value in targets_of_county.items()
    ]
    DataValue.objects.bulk_create(values)
    Target.objects.bulk_create(targets)
    return regions


@pytest.fixture
def small_county(county, catalogue):
    """3 towns × 2 years, all approved."""
    return fill_county(county, catalogue, towns=3, years=2)


@pytest.fixture
def large_county(county, catalogue):
    """12 towns × 8 years, all approved."""
    return fill_county(county, catalogue, towns=12, years=8)
