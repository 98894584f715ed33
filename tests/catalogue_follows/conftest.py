"""A county's catalogue and divisions as an administrator changes them in the browser:
an indicator added, one retired, one for one county only, a town merged away."""

from decimal import Decimal

import pytest

from indicators.models import Aggregation, ChangeKind, Indicator, RegionChange, ValueType
from tests import factories

FARMLAND = "high_standard_farmland"


@pytest.fixture
def farmland(catalogue):
    """高标准农田建设 (亩, decimal, summed, 0–100,000), as the issue adds it."""
    return Indicator.objects.create(
        code=FARMLAND,
        section_id="industry",
        order=99,
        name="高标准农田建设",
        name_en="High-standard farmland built",
        unit="亩",
        unit_en="mu",
        value_type=ValueType.DECIMAL,
        decimals=1,
        min_value=Decimal(0),
        max_value=Decimal(100_000),
        higher_is_better=True,
        aggregation=Aggregation.SUM,
        source_sentence="新建高标准农田XXX亩",
    )


@pytest.fixture
def in_2027(monkeypatch):
    """The calendar in 2027, so that 2027 figures may be written at all."""
    monkeypatch.setattr("indicators.catalogue.years.current_year", lambda: 2027)


def retire(code: str, year: int) -> Indicator:
    indicator = Indicator.objects.get(code=code)
    indicator.retired_from = year
    indicator.save()
    return indicator


@pytest.fixture
def merged(towns):
    """测试1镇 merged into 测试2镇 from 2026, as the divisions tool records it."""
    gone, into = towns[0], towns[1]
    gone.retired_from = 2026
    gone.save()
    RegionChange.objects.create(
        kind=ChangeKind.MERGE,
        year=2026,
        sources=[gone.code, into.code],
        targets=[into.code],
        reason="撤并乡镇",
    )
    return gone


@pytest.fixture
def other_town(other_county):
    return factories.town(other_county, 1, "邻县1镇")
