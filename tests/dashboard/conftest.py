from decimal import Decimal

import pytest

from indicators.models import Status, Target
from tests import factories

FIRST_YEAR = 2020


def fill_county(county, catalogue, *, towns: int, years: int, status=Status.APPROVED):
    """A county whose towns reported every indicator for ``years`` years from 2020,
    written through the write service (:func:`tests.factories.seed_figures`).

    Town n's figure for year y is n * 10 + (y - 2020): easy to find on a page.
    Targets: each town aims at its figure + 1; the county at the sum of those.
    """
    targets_of_county: dict = {}
    regions = [factories.town(county, number) for number in range(1, towns + 1)]
    figures, targets = {}, []
    for town in regions:
        number = int(town.code[6:9]) - 100
        for year in range(FIRST_YEAR, FIRST_YEAR + years):
            figure = Decimal(number * 10 + year - FIRST_YEAR)
            figures[(town.code, year)] = {code: figure for code in catalogue}
            for indicator in catalogue.values():
                targets.append(
                    Target(indicator=indicator, region=town, year=year, value=figure + 1)
                )
                key = (indicator.code, year)
                targets_of_county[key] = targets_of_county.get(key, 0) + figure + 1
    targets += [
        Target(indicator_id=code, region=county, year=year, value=value)
        for (code, year), value in targets_of_county.items()
    ]
    factories.seed_figures(figures, status=status)
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
