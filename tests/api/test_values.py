from datetime import timedelta

import pytest
from django.utils import timezone

from indicators.models import Status
from tests import factories

from .conftest import keys, results

pytestmark = pytest.mark.django_db


def test_a_value_carries_codes_names_unit_status_and_exact_digits(anonymous, figures):
    town = figures["towns"][0]
    response = anonymous.get(f"/api/v1/values/?region={town.code}&indicator=raw_coal_output")
    [item] = results(response)
    assert item["value"] == "100.25"
    assert (item["indicator"], item["region"], item["region_name"]) == (
        "raw_coal_output",
        town.code,
        town.name,
    )
    assert (item["year"], item["unit"], item["status"]) == (2024, "万吨", "approved")
    assert item["updated_at"]


def test_an_integer_indicator_has_no_decimals_and_trailing_zeros_are_kept(
    client_for, figures, admin_user
):
    response = client_for(admin_user).get("/api/v1/values/?indicator=street_lights&year=2024")
    assert [item["value"] for item in results(response)] == ["10", "20", "30"]
    drafts = client_for(admin_user).get("/api/v1/values/?year=2025")
    assert [item["value"] for item in results(drafts)] == ["1234.50"]


def test_a_county_includes_its_towns_and_nothing_else(anonymous, figures):
    county = figures["towns"][0].parent_id
    response = anonymous.get(f"/api/v1/values/?region={county}&indicator=raw_coal_output")
    assert {item["region"] for item in results(response)} == {t.code for t in figures["towns"]}


def test_several_indicators_separated_by_commas(anonymous, figures):
    response = anonymous.get("/api/v1/values/?indicator=raw_coal_output,street_lights")
    assert response.json()["count"] == 7


def test_section_year_and_status_filters(admin_user, client_for, figures):
    client = client_for(admin_user)
    assert client.get("/api/v1/values/?section=urbanisation").json()["count"] == 3
    assert client.get("/api/v1/values/?section=party").json()["count"] == 0
    assert client.get("/api/v1/values/?section=industry").json()["count"] == 5
    assert client.get("/api/v1/values/?year=2025").json()["count"] == 1
    assert client.get("/api/v1/values/?year_min=2025").json()["count"] == 1
    assert client.get("/api/v1/values/?year_max=2024").json()["count"] == 7
    assert client.get("/api/v1/values/?status=draft").json()["count"] == 1


def test_updated_since_returns_only_recent_changes_including_status_changes(
    admin_user, client_for, figures
):
    client = client_for(admin_user)
    later = timezone.now() + timedelta(seconds=1)
    since = later.isoformat().replace("+00:00", "Z")
    assert client.get("/api/v1/values/", {"updated_since": since}).json()["count"] == 0
    changed = {(figures["towns"][0], 2025): {"raw_coal_output": "1234.75"}}
    factories.seed_figures(changed, at=later + timedelta(seconds=1))
    assert client.get("/api/v1/values/", {"updated_since": since}).json()["count"] == 1
    moved = {(figures["elsewhere"], 2024): {}}
    factories.seed_figures(moved, status=Status.SUBMITTED, at=later + timedelta(1))
    assert client.get("/api/v1/values/", {"updated_since": since}).json()["count"] == 2


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("indicator=raw_coal_output,nope", "indicator"),
        ("section=nope", "section"),
        ("region=123456789012", "region"),
        ("year=twenty", "year"),
        ("year=1900", "year"),
        ("status=done", "status"),
        ("updated_since=yesterday", "updated_since"),
        ("updated_since=0001-01-01T00:00:00%2B14:00", "updated_since"),
        ("indicator=a%25s", "indicator"),
        ("section=%25d%25s", "section"),
        ("page_size=1001", "page_size"),
        ("page_size=0", "page_size"),
    ],
)
def test_bad_filters_are_a_400_that_names_the_parameter(anonymous, figures, query, field):
    response = anonymous.get(f"/api/v1/values/?{query}")
    assert response.status_code == 400
    error = response.json()["error"]
    assert (error["status"], error["code"]) == (400, "invalid")
    assert field in error["details"]


def test_pages_are_stable_and_count_everything(anonymous, figures):
    first = anonymous.get("/api/v1/values/?page_size=3")
    second = anonymous.get("/api/v1/values/?page_size=3&page=2")
    assert first.json()["count"] == 7
    assert len(set(keys(first)) | set(keys(second))) == 6
    assert keys(first) == keys(anonymous.get("/api/v1/values/?page_size=3"))
    assert [k[1] for k in keys(first) + keys(second)] == sorted(
        k[1] for k in keys(first) + keys(second)
    )


def test_a_page_past_the_end_is_a_json_404(anonymous, figures):
    response = anonymous.get("/api/v1/values/?page=99")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_a_page_holds_up_to_1000_values(anonymous, figures):
    response = anonymous.get("/api/v1/values/?page_size=1000")
    assert response.status_code == 200
    assert len(results(response)) == 7
