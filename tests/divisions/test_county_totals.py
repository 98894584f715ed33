"""The headline of 撤并乡镇: merging two towns from 2026 leaves every earlier year's
county totals exactly as they were, in the summaries and in the API."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from indicators.accounts.tokens import token_issue
from indicators.derived.summaries import summaries_rebuild
from indicators.divisions import NewRegion, name_in, region_move, region_rename, regions_merge
from indicators.models import RegionSummary

from .conftest import YEARS

pytestmark = pytest.mark.django_db


def summary_rows() -> list[tuple]:
    return list(
        RegionSummary.objects.order_by("region", "indicator_id", "year").values_list(
            "region",
            "indicator_id",
            "year",
            "towns",
            "total",
            "low",
            "high",
            "approved",
            "approved_total",
            "approved_low",
            "approved_high",
        )
    )


def aggregates(client: APIClient, region: str) -> list[dict]:
    cache.clear()
    response = client.get(f"/api/v1/aggregates/?region={region}&year_min=2016&year_max=2025")
    assert response.status_code == 200, response.content
    return response.json()


@pytest.fixture
def api(admin):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_issue(user=admin)}")
    return client


def test_merging_two_towns_from_2026_leaves_every_earlier_county_total_unchanged(
    admin, county, county_towns, past_figures, api
):
    rows_before = summary_rows()
    county_years = {row[2] for row in rows_before if row[0] == county.code}
    assert county_years == set(YEARS)
    public_before = aggregates(APIClient(), county.code)
    admin_before = aggregates(api, county.code)
    assert {item["year"] for item in admin_before} == set(YEARS)
    assert all(item["towns"] == 4 for item in admin_before)

    regions_merge(
        admin,
        county_towns[:2],
        target=NewRegion("888801201000", "合并镇"),
        year=2026,
        reason="撤并乡镇",
    )

    assert summary_rows() == rows_before
    assert aggregates(api, county.code) == admin_before
    assert aggregates(APIClient(), county.code) == public_before
    # Nothing needed recomputing: a rebuild from every figure gives the same rows.
    summaries_rebuild()
    assert summary_rows() == rows_before


def test_moving_a_town_to_another_county_leaves_both_counties_past_totals(
    admin, county, county_towns, other_county, past_figures, api
):
    before = summary_rows()
    other_before = aggregates(api, other_county.code)
    region_move(
        admin, county_towns[0], parent=other_county, code="888802150000", year=2026, reason="划转"
    )
    assert summary_rows() == before
    assert aggregates(api, other_county.code) == other_before == []
    # The moved town's own figures stay readable under its old code.
    town_figures = aggregates(api, county_towns[0].code)
    assert {item["year"] for item in town_figures} == set(YEARS)


def test_after_a_rename_the_2019_figures_carry_the_2019_name(
    admin, county_towns, past_figures, api
):
    town = county_towns[0]
    before = aggregates(api, town.code)
    region_rename(admin, town, name="青山街道", year=2021, reason="撤镇设街道")
    town.refresh_from_db()
    assert name_in(town, 2019) == "测试1镇"
    assert name_in(town, 2021) == "青山街道"
    assert aggregates(api, town.code) == before
