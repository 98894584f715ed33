"""Every list endpoint's query count is fixed, whatever the amount of data."""

from decimal import Decimal

import pytest

from indicators.models import Status, Target
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["small", "larger"])
def data(request, catalogue, county, admin_user):
    """One town and year, or 12 towns × 10 years × every indicator (about 5,500 values)."""
    towns, years = (1, [2024]) if request.param == "small" else (12, range(2015, 2025))
    towns = [factories.town(county, number) for number in range(1, towns + 1)]
    factories.seed_figures(
        {(town, year): dict.fromkeys(catalogue, 1) for town in towns for year in years},
        status=Status.APPROVED,
    )
    Target.objects.bulk_create(
        Target(indicator=indicator, region=town, year=2024, value=Decimal(2))
        for town in towns
        for indicator in catalogue.values()
    )
    return county


URLS = [
    "/api/v1/sections/",
    "/api/v1/indicators/?section=industry",
    "/api/v1/regions/?within=888801000000",
    "/api/v1/values/?page_size=1000",
    "/api/v1/values/?region=888801000000&indicator=raw_coal_output,street_lights&year_min=2016",
    "/api/v1/targets/?page_size=1000",
    "/api/v1/aggregates/?region=888801000000",
]


@pytest.mark.parametrize("url", URLS)
def test_anonymous_lists_take_a_fixed_number_of_queries(
    anonymous, data, url, django_assert_max_num_queries
):
    with django_assert_max_num_queries(5):
        response = anonymous.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("url", URLS)
def test_token_lists_take_a_fixed_number_of_queries(
    client_for, clerk, data, url, django_assert_max_num_queries
):
    client = client_for(clerk)
    # 9: the first read of a data version also counts its rows (later ones take the
    # count from the cache, keyed by the data stamps), and its token is checked twice:
    # by the kept answers' middleware, which finds nothing kept, then by the view.
    with django_assert_max_num_queries(9):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("url", ["/api/v1/values/?format=csv", "/api/v1/targets/?format=csv"])
def test_a_csv_export_is_one_streamed_query(anonymous, data, url, django_assert_max_num_queries):
    # + the audit entry of the download: the chain's head, the insert
    with django_assert_max_num_queries(5):
        response = anonymous.get(url)
        b"".join(response.streaming_content)


def test_a_304_skips_reading_the_page(anonymous, data, django_assert_max_num_queries):
    etag = anonymous.get("/api/v1/values/")["ETag"]
    with django_assert_max_num_queries(1):
        assert anonymous.get("/api/v1/values/", HTTP_IF_NONE_MATCH=etag).status_code == 304


@pytest.mark.parametrize("indicators", [5, 40])
def test_a_bulk_write_costs_queries_per_report_not_per_value(
    client_for, admin_user, catalogue, county, indicators, django_assert_max_num_queries
):
    towns = [factories.town(county, number) for number in (1, 2)]
    codes = list(catalogue)[:indicators]
    rows = [
        {"indicator": code, "region": town.code, "year": year, "value": 1}
        for town in towns
        for year in (2023, 2024)
        for code in codes
    ]
    client = client_for(admin_user)
    with django_assert_max_num_queries(45):
        created = client.post("/api/v1/values/bulk/", {"values": rows}, format="json")
    with django_assert_max_num_queries(45):
        client.post(
            "/api/v1/values/bulk/", {"values": [{**r, "value": 2} for r in rows]}, format="json"
        )
    assert created.json()["created"] == 4 * indicators
