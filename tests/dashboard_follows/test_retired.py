"""A retired indicator: its earlier years stay on the dashboards and in the API; a
page about a year from its retirement on lists no row of gaps for it."""

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from indicators.models import Indicator, Status
from tests import factories

from .conftest import CODE


@pytest.fixture
def retired(county, output):
    """工业产值 reported 2024 and 2025, retired from 2026; 用电量 goes on."""
    power = factories.IndicatorFactory(code="power_use", section=output.section, name="用电量")
    town = factories.town(county, 1)
    factories.seed_figures(
        {
            (town, 2024): {CODE: Decimal(11), power.code: Decimal(3)},
            (town, 2025): {CODE: Decimal(12), power.code: Decimal(4)},
            (town, 2026): {power.code: Decimal(5)},
        },
        status=Status.APPROVED,
    )
    Indicator.objects.filter(code=CODE).update(retired_from=2026)
    return town


def get(client, url, county, **params):
    response = client.get(url, {"county": county.code, **params})
    assert response.status_code == 200
    return response.content.decode()


def test_pages_of_earlier_years_keep_it(client, county, retired):
    html = get(client, "/", county, year=2025)
    assert f'data-indicator="{CODE}"' in html
    section = get(client, "/sections/follows/", county, year=2025)
    assert f"trend-{CODE}" in section


def test_a_page_from_its_retirement_on_lists_no_row_of_gaps(client, county, retired):
    for url in ("/", "/sections/follows/", f"/towns/{retired.code}/", "/bigscreen/", "/maps/"):
        html = get(client, url, county, year=2026)
        assert f'data-indicator="{CODE}"' not in html, url
        assert f"trend-{CODE}" not in html, url
        assert "工业产值" not in html, url


def test_its_own_page_keeps_its_earlier_years(client, county, retired):
    html = get(client, f"/indicators/{CODE}/", county, year=2026, **{"from": 2024})
    assert "12.00" in html


def test_the_api_reads_its_earlier_figures(county, retired):
    api = APIClient()
    answer = api.get("/api/v1/values/", {"indicator": CODE, "region": county.code})
    assert answer.status_code == 200
    years = sorted(row["year"] for row in answer.json()["results"])
    assert years == [2024, 2025]
    listed = api.get("/api/v1/indicators/").json()
    assert CODE in [row["code"] for row in listed]
