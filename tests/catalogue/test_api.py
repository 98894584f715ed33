"""The catalogue through the API: the same rules and messages as the pages, for a
管理员's token; JSON errors with the field; versions, their differences, the TOML."""

import pytest
from rest_framework.test import APIClient

from indicators.accounts.tokens import token_issue
from indicators.models import CatalogueVersion, Indicator
from tests.factories import seed_figures

from .conftest import FARMLAND, snapshot

pytestmark = pytest.mark.django_db


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {token_issue(user=user)}")
    return client


def test_an_administrator_adds_an_indicator_that_the_list_shows_at_once(catalogue, admin_user):
    client = api(admin_user)
    listed = client.get("/api/v1/indicators/")
    response = client.post(
        "/api/v1/indicators/", {**FARMLAND, "reason": "新县的农业指标"}, format="json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["indicator"]["code"] == "farmland_built"
    assert (body["indicator"]["scope"], body["indicator"]["retired_from"]) == (None, None)
    assert body["version"]["reason"] == "新县的农业指标"
    again = client.get("/api/v1/indicators/", HTTP_IF_NONE_MATCH=listed["ETag"])
    assert again.status_code == 200 and again["ETag"] != listed["ETag"]
    assert "farmland_built" in [item["code"] for item in again.json()]
    schema = client.get("/api/v1/schema/?format=json").json()
    assert "/api/v1/catalogue/versions/" in schema["paths"]


def test_a_refusal_is_a_400_with_the_field_and_nothing_changes(catalogue, admin_user):
    before = snapshot()
    response = api(admin_user).post(
        "/api/v1/indicators/",
        {**FARMLAND, "code": "raw_coal_output", "reason": "重复"},
        format="json",
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert (error["code"], error["field"]) == ("duplicate_code", "code")
    assert error["message"] == "已有代码为“raw_coal_output”的指标。"
    assert snapshot() == before


@pytest.mark.parametrize(
    "body",
    [
        ["not", "an", "object"],
        {"name": ["x"], "reason": "r"},
        {"min_value": {"a": 1}, "reason": "r"},
        {"decimals": "1.5", "reason": "r"},
        {"reason": 7},
        {"conversion": [], "unit": "x", "reason": "r"},
        {"confirm_outside": "yes", "reason": "r"},
        {"scope": 123, "reason": "r"},
        {"retired_from": True, "reason": "r"},
    ],
)
def test_nonsense_is_a_400_never_a_500(catalogue, admin_user, body):
    response = api(admin_user).patch("/api/v1/indicators/street_lights/", body, format="json")
    assert response.status_code == 400, response.json()
    assert response.json()["error"]["message"]


def test_a_unit_change_through_the_api_converts_with_history(catalogue, towns, admin_user):
    seed_figures({(towns[0], 2024): {"road_investment": "12345"}})
    client = api(admin_user)
    refused = client.patch(
        "/api/v1/indicators/road_investment/", {"unit": "亿元", "reason": "改"}, format="json"
    )
    assert refused.json()["error"]["code"] == "unit_needs_conversion"
    response = client.patch(
        "/api/v1/indicators/road_investment/",
        {"unit": "亿元", "decimals": 4, "conversion": "0.0001", "reason": "改用亿元"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["indicator"]["max_value"] == "100.0000"
    values = client.get("/api/v1/values/?indicator=road_investment").json()["results"]
    assert [(v["value"], v["unit"]) for v in values] == [("1.2345", "亿元")]


def test_narrowing_bounds_through_the_api_lists_the_figures_outside(catalogue, towns, admin_user):
    seed_figures({(towns[0], 2024): {"street_lights": 150}})
    client = api(admin_user)
    response = client.patch(
        "/api/v1/indicators/street_lights/", {"max_value": 100, "reason": "收窄"}, format="json"
    )
    error = response.json()["error"]
    assert (response.status_code, error["code"], error["field"]) == (
        400,
        "bounds_exclude_figures",
        "max_value",
    )
    assert error["details"] == [
        {"region": towns[0].code, "region_name": towns[0].name, "year": 2024, "value": "150"}
    ]
    confirmed = client.patch(
        "/api/v1/indicators/street_lights/",
        {"max_value": 100, "reason": "收窄", "confirm_outside": True},
        format="json",
    )
    assert confirmed.status_code == 200


def test_retiring_and_restoring_through_the_api(catalogue, admin_user):
    client = api(admin_user)
    url = "/api/v1/indicators/street_lights/retire/"
    response = client.post(url, {"from_year": 2027, "reason": "不再统计"}, format="json")
    assert response.status_code == 200
    assert response.json()["indicator"]["retired_from"] == 2027
    assert client.get("/api/v1/indicators/street_lights/").json()["retired_from"] == 2027
    assert client.post(url, {"reason": "缺年份"}, format="json").status_code == 400
    restored = client.post(url, {"from_year": None, "reason": "恢复"}, format="json")
    assert restored.json()["indicator"]["retired_from"] is None


def test_only_an_administrator_writes(catalogue, clerk, county_official):
    for client, status in ((api(), 401), (api(clerk), 403), (api(county_official), 403)):
        before = snapshot()
        responses = [
            client.post("/api/v1/indicators/", {**FARMLAND, "reason": "r"}, format="json"),
            client.patch(
                "/api/v1/indicators/street_lights/", {"name": "x", "reason": "r"}, format="json"
            ),
            client.post(
                "/api/v1/indicators/street_lights/retire/",
                {"from_year": 2027, "reason": "r"},
                format="json",
            ),
            client.get("/api/v1/catalogue/versions/"),
            client.get("/api/v1/catalogue/toml/"),
        ]
        assert [r.status_code for r in responses] == [status] * 5
        assert all(r.json()["error"]["message"] for r in responses)
        assert snapshot() == before


def test_an_unknown_indicator_is_a_404(catalogue, admin_user):
    response = api(admin_user).patch("/api/v1/indicators/nope/", {"reason": "r"}, format="json")
    assert response.status_code == 404


def test_versions_their_differences_and_the_toml(catalogue, admin_user):
    client = api(admin_user)
    first = CatalogueVersion.objects.get()
    client.post("/api/v1/indicators/", {**FARMLAND, "reason": "加"}, format="json")
    client.patch(
        "/api/v1/indicators/farmland_built/", {"unit": "万亩", "reason": "改单位"}, format="json"
    )
    listed = client.get("/api/v1/catalogue/versions/").json()
    assert [v["reason"] for v in listed["results"]][:2] == ["改单位", "加"]
    latest = listed["results"][0]["id"]
    detail = client.get(f"/api/v1/catalogue/versions/{latest}/").json()
    assert detail["changes"][0]["fields"] == [
        {"field": "unit", "label": "单位", "before": "亩", "after": "万亩"},
        # The sentence's XX follows the unit, in the same change.
        {
            "field": "source_sentence",
            "label": "报告原文",
            "before": "建成高标准农田XX亩",
            "after": "建成高标准农田XX万亩",
        },
    ]
    assert 'unit = "万亩"' in detail["snapshot"]
    diff = client.get(f"/api/v1/catalogue/diff/?from={first.pk}&to={latest}").json()
    assert [(e["kind"], e["code"]) for e in diff["added"]] == [("indicator", "farmland_built")]
    assert client.get("/api/v1/catalogue/diff/?from=abc&to=1").status_code == 400
    assert client.get("/api/v1/catalogue/diff/?from=1").status_code == 400
    assert client.get("/api/v1/catalogue/diff/?from=1&to=99999").status_code == 404
    toml = client.get("/api/v1/catalogue/toml/")
    assert toml["Content-Type"].startswith("application/toml")
    assert 'code = "farmland_built"' in toml.content.decode()
    assert Indicator.objects.get(code="farmland_built").unit == "万亩"
