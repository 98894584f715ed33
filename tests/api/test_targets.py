from decimal import Decimal

import pytest

from indicators.models import Target

from .conftest import results

pytestmark = pytest.mark.django_db

URL = "/api/v1/targets/bulk/"


def target_row(region, value="50", year=2026, **extra):
    return {
        "indicator": "street_lights",
        "region": region.code,
        "year": year,
        "value": value,
        **extra,
    }


def test_a_county_official_sets_targets_for_the_county_and_a_town(
    client_for, county_official, towns, catalogue
):
    client = client_for(county_official)
    body = {"values": [target_row(towns[0].parent), target_row(towns[0], "8")]}
    dry = client.post(f"{URL}?dry_run=true", body, format="json")
    assert (dry.json()["created"], Target.objects.count()) == (2, 0)
    real = client.post(URL, body, format="json")
    assert real.json()["created"] == 2
    listed = client.get("/api/v1/targets/?indicator=street_lights")
    assert [(item["region"], item["value"]) for item in results(listed)] == [
        (towns[0].parent_id, "50"),
        (towns[0].code, "8"),
    ]


def test_targets_change_and_are_removed_with_history(client_for, county_official, towns, catalogue):
    client = client_for(county_official)
    client.post(URL, {"values": [target_row(towns[0])]}, format="json")
    changed = client.post(URL, {"values": [target_row(towns[0], "60")]}, format="json")
    removed = client.post(URL, {"values": [target_row(towns[0], None)]}, format="json")
    assert (changed.json()["updated"], removed.json()["deleted"]) == (1, 1)
    history = Target.history.order_by("history_date")
    assert [(h.history_type, h.value) for h in history] == [
        ("+", Decimal(50)),
        ("~", Decimal(60)),
        ("-", Decimal(60)),
    ]
    assert {h.history_user for h in history} == {county_official}


def test_a_bad_target_writes_nothing(client_for, county_official, towns, catalogue):
    body = {"values": [target_row(towns[0]), target_row(towns[1], "lots")]}
    response = client_for(county_official).post(URL, body, format="json")
    assert response.status_code == 409
    assert not Target.objects.exists()


def test_targets_filter_by_region_subtree_and_years(anonymous, catalogue, towns, other_county):
    from tests.factories import TargetFactory, town

    lights = catalogue["street_lights"]
    TargetFactory(indicator=lights, region=towns[0], year=2024)
    TargetFactory(indicator=lights, region=towns[1], year=2026)
    TargetFactory(indicator=lights, region=town(other_county, 1), year=2024)
    county = towns[0].parent_id
    assert anonymous.get(f"/api/v1/targets/?region={county}").json()["count"] == 2
    assert anonymous.get(f"/api/v1/targets/?region={county}&year_max=2025").json()["count"] == 1
    assert anonymous.get("/api/v1/targets/?year=2024").json()["count"] == 2
    assert anonymous.get("/api/v1/targets/?region=bad").status_code == 400


def test_non_public_targets_are_read_only_inside_the_users_subtree(
    client_for, anonymous, clerk, catalogue, towns, other_county
):
    from tests.factories import TargetFactory

    TargetFactory(indicator=catalogue["petitions_handled"], region=other_county, value=456)
    TargetFactory(indicator=catalogue["petitions_handled"], region=towns[0], value=123)
    TargetFactory(indicator=catalogue["street_lights"], region=other_county, value=7)

    def codes(client, region):
        response = client.get("/api/v1/targets/", {"region": region.code})
        return sorted(row["indicator"] for row in response.json()["results"])

    assert codes(client_for(clerk), other_county) == ["street_lights"]
    assert codes(client_for(clerk), towns[0]) == ["petitions_handled"]
    assert codes(anonymous, towns[0]) == []
