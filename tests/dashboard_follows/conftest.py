"""A county whose towns 甲镇 and 乙镇 merge into 丙镇 from 2026, and its figures.

Five towns report 2016–2025 (approved); then 甲镇 and 乙镇 are retired from 2026, 丙镇
set up from 2026 and a merge recorded, as the division tools do it; 2026's figures
are 丙镇's, 丁镇's and 戊镇's.
"""

from decimal import Decimal

import pytest

from indicators.models import ChangeKind, Level, Region, RegionChange, Status
from tests import factories

FIRST, MERGE, LAST = 2016, 2026, 2026
CODE = "ind_follow_output"


@pytest.fixture
def output(db):
    section = factories.SectionFactory(code="follows", short_name="经济发展")
    return factories.IndicatorFactory(code=CODE, section=section, name="工业产值")


def figure(number: int, year: int) -> Decimal:
    return Decimal(number * 10 + year - FIRST)


@pytest.fixture
def five_towns(county):
    names = ["甲镇", "乙镇", "丁镇", "戊镇"]
    return [factories.town(county, number, name) for number, name in enumerate(names, 1)]


@pytest.fixture
def before_merge(five_towns, output):
    """Figures of 2016–2025 of the four towns, approved."""
    factories.seed_figures(
        {
            (town.code, year): {CODE: figure(number, year)}
            for number, town in enumerate(five_towns, 1)
            for year in range(FIRST, MERGE)
        },
        status=Status.APPROVED,
    )
    return five_towns


def merge(county, first: Region, second: Region) -> Region:
    """甲镇 and 乙镇 become 丙镇 from 2026, through the ORM as the division tools do."""
    Region.objects.filter(code__in=[first.code, second.code]).update(retired_from=MERGE)
    merged = Region.objects.create(
        code=f"{county.code[:6]}105000",
        name="丙镇",
        level=Level.TOWN,
        parent=county,
        active_from=MERGE,
    )
    RegionChange.objects.create(
        kind=ChangeKind.MERGE,
        year=MERGE,
        sources=[first.code, second.code],
        targets=[merged.code],
        reason="撤并乡镇",
    )
    return merged


@pytest.fixture
def merged(county, before_merge):
    """The merge, then 2026's figures of 丙镇 (甲 + 乙), 丁镇 and 戊镇, approved."""
    town_a, town_b, town_d, town_e = before_merge
    town_c = merge(county, town_a, town_b)
    factories.seed_figures(
        {
            (town_c.code, LAST): {CODE: figure(1, LAST) + figure(2, LAST)},
            (town_d.code, LAST): {CODE: figure(3, LAST)},
            (town_e.code, LAST): {CODE: figure(4, LAST)},
        },
        status=Status.APPROVED,
    )
    return {"a": town_a, "b": town_b, "c": town_c, "d": town_d, "e": town_e}
