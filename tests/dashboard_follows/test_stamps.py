"""A change of the catalogue or the division tree moves the API's stamps (ETags)."""

import pytest

from indicators.derived.stamps import stamps_read
from indicators.models import (
    CatalogueRule,
    ChangeKind,
    RegionChange,
    RegionName,
    RuleKind,
    StampKind,
)
from tests import factories


def version() -> str:
    return stamps_read(StampKind.VALUES).key()


@pytest.fixture
def town(county):
    return factories.town(county, 1)


def test_a_past_name_moves_the_stamps(town):
    before = version()
    name = RegionName.objects.create(region=town, name="旧名", until_year=2019)
    assert version() != before
    moved = version()
    name.delete()
    assert version() != moved


def test_a_change_of_the_tree_moves_the_stamps(town):
    before = version()
    RegionChange.objects.create(
        kind=ChangeKind.MERGE, year=2026, sources=[town.code], targets=[], reason="撤并"
    )
    assert version() != before


def test_a_rule_moves_the_stamps(db):
    indicator = factories.IndicatorFactory()
    before = version()
    CatalogueRule.objects.create(
        code="jump", kind=RuleKind.CHANGE_LIMIT, limit_percent=30, title="变化过大"
    )
    assert version() != before
    assert indicator.pk


def test_an_api_etag_moves_with_a_region_change(town, client):
    url = f"/api/v1/values/?region={town.code}"
    first = client.get(url)["ETag"]
    RegionName.objects.create(region=town, name="旧名", until_year=2019)
    assert client.get(url)["ETag"] != first
