"""Every change to what a list answers moves its data stamp, and so its ETag; a change
elsewhere does not. The count comes from the cache until the data moves."""

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators.derived.stamps import EVERYWHERE, stamp_moved, stamps_read
from indicators.divisions.regions_csv import load_regions
from indicators.figures import FigureRow, figures_import
from indicators.figures.targets import targets_import
from indicators.models import (
    DataStamp,
    Indicator,
    Region,
    Report,
    Section,
    Source,
    StampKind,
    Status,
)
from indicators.workflow.transitions import report_approve, reports_approve
from tests import factories
from tests.factories import reports_set_status

from .conftest import put_figures

pytestmark = pytest.mark.django_db

VALUES = "/api/v1/values/?year=2024"
TARGETS = "/api/v1/targets/"


@pytest.fixture
def world(figures, catalogue, county_official, admin_user):
    """The conftest figures, a submitted report of the first town, a county target."""
    submitted = put_figures(figures["towns"][0], 2023, "submitted", {"street_lights": 4}, catalogue)
    rows = [FigureRow("street_lights", figures["towns"][0].parent_id, 2026, "900")]
    targets_import(rows=rows, user=county_official)
    return {**figures, "submitted": submitted}


def etag(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response["ETag"]


def test_a_figure_written_through_the_service_moves_the_values_etag(anonymous, world, admin_user):
    town = world["towns"][1]
    row = FigureRow("street_lights", town.code, 2024, "21")
    # An approved report is locked: reopen it the way a county would, then write.
    reports_set_status(Report.objects.filter(region=town, year=2024), Status.DRAFT)
    before = etag(anonymous, VALUES)
    figures_import(rows=[row], user=admin_user, source=Source.API)
    assert etag(anonymous, VALUES) != before


def test_a_target_written_moves_the_targets_etag_not_the_values_one(
    anonymous, world, county_official
):
    values, targets = etag(anonymous, VALUES), etag(anonymous, TARGETS)
    rows = [FigureRow("street_lights", world["towns"][0].code, 2026, "77")]
    targets_import(rows=rows, user=county_official)
    assert etag(anonymous, TARGETS) != targets
    assert etag(anonymous, VALUES) == values


def test_an_approval_moves_the_etag_and_shows_the_figure_to_anonymous_callers(
    anonymous, world, county_official
):
    url = "/api/v1/values/?year=2023"
    first = anonymous.get(url)
    assert first.json()["count"] == 0
    report_approve(report=world["submitted"], user=county_official)
    again = anonymous.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert again.json()["count"] == 1


def test_a_set_based_approval_moves_the_etag_too(anonymous, world, county_official):
    url = "/api/v1/values/?year=2023"
    first = anonymous.get(url)
    reports_approve(reports=[world["submitted"]], user=county_official)
    again = anonymous.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert (again.status_code, again.json()["count"]) == (200, 1)


@pytest.mark.parametrize("model", [Indicator, Section])
def test_hiding_an_indicator_or_section_moves_every_etag(anonymous, world, model):
    values, targets = anonymous.get(VALUES), etag(anonymous, TARGETS)
    hidden = model.objects.get(pk="industry" if model is Section else "raw_coal_output")
    hidden.is_public = False
    hidden.save()  # as the admin saves it
    after = anonymous.get(VALUES)
    assert after["ETag"] != values["ETag"]
    assert after.json()["count"] < values.json()["count"]
    assert etag(anonymous, TARGETS) != targets


def test_renaming_a_town_moves_the_etag(anonymous, world):
    before = etag(anonymous, VALUES)
    town = Region.objects.get(pk=world["towns"][0].pk)
    town.name = "新名镇"
    town.save()
    response = anonymous.get(VALUES)
    assert response["ETag"] != before
    assert "新名镇" in response.content.decode()


def test_a_write_in_another_province_keeps_a_province_lists_etag(anonymous, world, catalogue):
    url = "/api/v1/values/?region=888801000000"
    before = etag(anonymous, url)
    elsewhere = factories.town(factories.county("770101000000", "远方县"), 1, "远方镇")
    put_figures(elsewhere, 2024, "approved", {"street_lights": 1}, catalogue)
    assert etag(anonymous, url) == before
    assert etag(anonymous, "/api/v1/values/") != etag(anonymous, url)


def test_callers_with_the_same_scope_share_an_etag_and_the_query_order_does_not_matter(
    anonymous, client_for, clerk, world
):
    a = etag(anonymous, "/api/v1/values/?year=2024&indicator=street_lights")
    b = etag(anonymous, "/api/v1/values/?indicator=street_lights&year=2024")
    assert a == b
    assert etag(client_for(clerk), "/api/v1/values/?year=2024&indicator=street_lights") != a


def test_the_count_is_computed_once_per_data_version(
    anonymous, world, django_assert_num_queries, admin_user
):
    url = "/api/v1/values/?page_size=2"
    cold = anonymous.get(url)
    with django_assert_num_queries(2):  # the stamps and the page; the count is cached
        warm = anonymous.get(url + "&page=2")
    assert warm.json()["count"] == cold.json()["count"] == 7
    put_figures(
        world["towns"][2],
        2022,
        "approved",
        {"street_lights": 3},
        {"street_lights": Indicator.objects.get(pk="street_lights")},
    )
    assert anonymous.get(url).json()["count"] == 8


def test_stamp_moved_creates_then_counts_up(db):
    stamp_moved(StampKind.VALUES, ["88", "77"])
    stamp_moved(StampKind.VALUES, ["88"])
    rows = dict(DataStamp.objects.filter(kind="values").values_list("province", "version"))
    assert rows == {"77": 1, "88": 2}
    stamp_moved(StampKind.VALUES, [EVERYWHERE])
    read = stamps_read(StampKind.VALUES, ["88"])
    assert [(p, v) for p, v, _t in read.rows] == [("*", 1), ("88", 2)]
    assert read.changed_at is not None
    assert stamps_read(StampKind.TARGETS).rows == ()


def test_a_bulk_write_through_the_api_moves_the_etag(client_for, admin_user, world):
    client = client_for(admin_user)
    url = "/api/v1/values/?year=2025"
    first = client.get(url)
    row = {"indicator": "street_lights", "region": world["towns"][0].code, "year": 2025}
    client.post("/api/v1/values/bulk/", {"values": [{**row, "value": "5"}]}, format="json")
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert [item["value"] for item in again.json()["results"]] == ["1234.50", "5"]
    assert Decimal(again.json()["results"][1]["value"]) == 5


def test_renaming_a_town_from_a_regions_file_moves_the_etag(anonymous, world):
    town = world["towns"][0]
    before = etag(anonymous, VALUES)
    load_regions(f"code,name,level,parent_code\n{town.code},改名镇,town,{town.parent_id}\n")
    assert etag(anonymous, VALUES) != before


def test_a_first_page_that_holds_everything_needs_no_count(anonymous, world):
    with CaptureQueriesContext(connection) as captured:
        first = anonymous.get("/api/v1/values/?year=2024")
    assert first.json()["count"] == 7
    assert not [q for q in captured.captured_queries if "COUNT(" in q["sql"].upper()]
    cache.clear()  # else the count learnt above is reused
    with CaptureQueriesContext(connection) as captured:
        paged = anonymous.get("/api/v1/values/?year=2024&page_size=5")
    assert paged.json()["count"] == 7
    assert [q for q in captured.captured_queries if "COUNT(" in q["sql"].upper()]


def test_an_approval_moves_the_aggregates_etag_and_their_towns(anonymous, world, county_official):
    county = world["towns"][0].parent_id
    url = f"/api/v1/aggregates/?region={county}&indicator=street_lights&year_min=2023&year_max=2023"
    first = anonymous.get(url)
    assert first.status_code == 200
    assert anonymous.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    report_approve(report=world["submitted"], user=county_official)
    again = anonymous.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert [row["towns"] for row in again.json()] != [row["towns"] for row in first.json()]
