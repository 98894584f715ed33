"""If-Match on the bulk writes: the ETag of the list read, or a 412 and nothing written."""

import pytest

from indicators.models import DataValue, Target
from tests import factories

pytestmark = pytest.mark.django_db

BULK = "/api/v1/values/bulk/"


@pytest.fixture
def clerk_api(client_for, clerk, figures):
    return client_for(clerk)


def lights(town, value: str, year: int = 2025) -> dict:
    return {"indicator": "street_lights", "region": town.code, "year": year, "value": value}


def stored_lights(town) -> list:
    return list(
        DataValue.objects.filter(
            report__region=town, report__year=2025, indicator="street_lights"
        ).values_list("value", flat=True)
    )


def test_a_write_with_the_etag_just_read_goes_through(clerk_api, figures):
    town = figures["towns"][0]
    etag = clerk_api.get(f"/api/v1/values/?region={town.code}")["ETag"]
    response = clerk_api.post(
        BULK, {"values": [lights(town, "5")]}, format="json", HTTP_IF_MATCH=etag
    )
    assert response.status_code == 200
    assert stored_lights(town) == [5]


def test_a_stale_if_match_is_a_412_and_nothing_is_written(clerk_api, figures):
    town = figures["towns"][0]
    etag = clerk_api.get(f"/api/v1/values/?region={town.code}")["ETag"]
    assert clerk_api.post(BULK, {"values": [lights(town, "5")]}, format="json").status_code == 200
    response = clerk_api.post(
        BULK, {"values": [lights(town, "6")]}, format="json", HTTP_IF_MATCH=etag
    )
    assert response.status_code == 412
    error = response.json()["error"]
    assert (error["status"], error["code"]) == (412, "stale")
    assert "未写入" in error["message"]
    assert stored_lights(town) == [5]


def test_a_stale_if_match_on_a_dry_run_is_a_412_too(clerk_api, figures):
    town = figures["towns"][0]
    etag = clerk_api.get("/api/v1/values/")["ETag"]
    clerk_api.post(BULK, {"values": [lights(town, "5")]}, format="json")
    response = clerk_api.post(
        f"{BULK}?dry_run=true", {"values": [lights(town, "6")]}, format="json", HTTP_IF_MATCH=etag
    )
    assert response.status_code == 412


def test_the_etag_of_the_whole_list_guards_a_write_anywhere(clerk_api, figures):
    town = figures["towns"][0]
    etag = clerk_api.get("/api/v1/values/?page_size=1")["ETag"]
    response = clerk_api.post(
        BULK, {"values": [lights(town, "7")]}, format="json", HTTP_IF_MATCH=etag
    )
    assert response.status_code == 200


def test_a_write_elsewhere_in_the_province_stales_a_regions_etag(
    clerk_api, admin_user, client_for, figures
):
    town, neighbour = figures["towns"][0], figures["towns"][1]
    etag = clerk_api.get(f"/api/v1/values/?region={town.code}")["ETag"]
    written = client_for(admin_user).post(BULK, {"values": [lights(neighbour, "3")]}, format="json")
    assert written.json()["created"] == 1
    response = clerk_api.post(
        BULK, {"values": [lights(town, "8")]}, format="json", HTTP_IF_MATCH=etag
    )
    assert response.status_code == 412


def test_a_write_in_another_province_leaves_a_regions_etag_current(
    clerk_api, admin_user, client_for, figures
):
    town = figures["towns"][0]
    far = factories.town(factories.county("777701000000", "远县"), 1)
    etag = clerk_api.get(f"/api/v1/values/?region={town.code}")["ETag"]
    written = client_for(admin_user).post(BULK, {"values": [lights(far, "3")]}, format="json")
    assert written.json()["created"] == 1
    response = clerk_api.post(
        BULK, {"values": [lights(town, "8")]}, format="json", HTTP_IF_MATCH=etag
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    "header", ['W/"abc"', "garbage", '""', '"0123456789abcdef0123456789abcdef"']
)
def test_a_weak_malformed_or_unknown_tag_never_matches(clerk_api, figures, header):
    town = figures["towns"][0]
    response = clerk_api.post(
        BULK, {"values": [lights(town, "9")]}, format="json", HTTP_IF_MATCH=header
    )
    assert response.status_code == 412
    assert stored_lights(town) == []


def test_a_star_matches_whatever_the_version(clerk_api, figures):
    town = figures["towns"][0]
    response = clerk_api.post(
        BULK, {"values": [lights(town, "9")]}, format="json", HTTP_IF_MATCH="*"
    )
    assert response.status_code == 200


def test_one_current_tag_among_several_is_enough(clerk_api, figures):
    town = figures["towns"][0]
    etag = clerk_api.get(f"/api/v1/values/?region={town.code}")["ETag"]
    response = clerk_api.post(
        BULK, {"values": [lights(town, "9")]}, format="json", HTTP_IF_MATCH=f'"nope", {etag}'
    )
    assert response.status_code == 200


def test_a_write_slipping_in_between_the_check_and_the_write_is_rolled_back(
    clerk_api, clerk, figures, monkeypatch
):
    """Another write commits after If-Match was checked: this one must not land on it."""
    from indicators.api import bulk
    from indicators.figures import figures_import
    from indicators.models import Source

    town = figures["towns"][0]
    etag = clerk_api.get(f"/api/v1/values/?region={town.code}")["ETag"]

    def racing_import(**kwargs):
        figures_import(
            rows=bulk.rows_from_body({"values": [lights(town, "1")]}), user=clerk, source=Source.API
        )
        return figures_import(**kwargs)

    monkeypatch.setattr(bulk, "figures_import", racing_import)
    response = clerk_api.post(
        BULK, {"values": [lights(town, "2")]}, format="json", HTTP_IF_MATCH=etag
    )
    assert response.status_code == 412
    assert stored_lights(town) == []


def test_targets_honour_if_match_too(client_for, county_official, towns, catalogue):
    client = client_for(county_official)
    etag = client.get("/api/v1/targets/")["ETag"]
    row = {"indicator": "street_lights", "region": towns[0].code, "year": 2025, "value": "50"}
    assert client.post("/api/v1/targets/bulk/", {"values": [row]}, format="json").status_code == 200
    response = client.post(
        "/api/v1/targets/bulk/",
        {"values": [{**row, "value": "60"}]},
        format="json",
        HTTP_IF_MATCH=etag,
    )
    assert response.status_code == 412
    assert list(Target.objects.values_list("value", flat=True)) == [50]
