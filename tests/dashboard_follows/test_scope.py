"""An indicator with a scope counts only inside that region's subtree."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser

from indicators.accounts.access import visible_indicators
from indicators.models import Level, Region, Status
from tests import factories


@pytest.fixture
def own(county, output):
    """The county's own indicator, for its towns only."""
    return factories.IndicatorFactory(
        code="county_own_tourists", section=output.section, name="本县游客人次", scope=county
    )


@pytest.fixture
def town_own(county, output):
    return factories.IndicatorFactory(
        code="town_own_grain",
        section=output.section,
        name="一镇粮食产量",
        scope=factories.town(county, 1, "甲镇"),
    )


def test_a_county_indicator_counts_for_the_county_and_its_towns_only(
    county, other_county, own, output
):
    province = Region(code="880000000000", name="省", level=Level.PROVINCE)
    prefecture = Region(code="888800000000", name="市", level=Level.PREFECTURE)
    town = factories.town(county, 2)
    anonymous = AnonymousUser()
    assert own in visible_indicators(anonymous, county)
    assert own in visible_indicators(anonymous, town)
    assert own not in visible_indicators(anonymous, other_county)
    assert own not in visible_indicators(anonymous, factories.town(other_county, 1))
    assert own not in visible_indicators(anonymous, province)
    assert own not in visible_indicators(anonymous, prefecture)
    # Without a region (the catalogue, the API's lists): readable somewhere, listed.
    assert own in visible_indicators(anonymous)
    # An installation-wide indicator counts everywhere.
    assert output in visible_indicators(anonymous, province)


def test_the_scope_costs_no_query_more(county, own, django_assert_num_queries):
    with django_assert_num_queries(1):
        list(visible_indicators(AnonymousUser(), county))


def test_a_county_indicator_shows_on_its_own_county_pages_only(
    client, county, other_county, own, output
):
    for town in (factories.town(county, 1), factories.town(other_county, 1)):
        factories.seed_figures({(town, 2024): {output.code: Decimal(5)}}, status=Status.APPROVED)
    factories.seed_figures(
        {(factories.town(county, 1), 2024): {own.code: Decimal(7)}}, status=Status.APPROVED
    )
    mine = client.get("/", {"county": county.code, "year": 2024}).content.decode()
    assert 'data-indicator="county_own_tourists"' in mine
    other = client.get("/", {"county": other_county.code, "year": 2024}).content.decode()
    assert "本县游客人次" not in other
    # Nor can another county's page be opened on it.
    response = client.get(f"/indicators/{own.code}/", {"county": other_county.code})
    assert response.status_code == 404


def test_a_town_indicator_shows_on_that_towns_page_only(client, county, town_own, output):
    town_a = town_own.scope
    town_b = factories.town(county, 2, "乙镇")
    factories.seed_figures(
        {
            (town_a, 2024): {output.code: Decimal(5), town_own.code: Decimal(9)},
            (town_b, 2024): {output.code: Decimal(6)},
        },
        status=Status.APPROVED,
    )
    own_page = client.get(f"/towns/{town_a.code}/", {"year": 2024}).content.decode()
    assert "一镇粮食产量" in own_page
    other_page = client.get(f"/towns/{town_b.code}/", {"year": 2024}).content.decode()
    assert "一镇粮食产量" not in other_page
    assert "工业产值" in other_page
