import pytest

from indicators.models import Level, Section
from tests import factories

from .conftest import results

pytestmark = pytest.mark.django_db


def test_sections_come_in_report_order(anonymous, catalogue):
    response = anonymous.get("/api/v1/sections/")
    assert response.status_code == 200
    assert [item["code"] for item in results(response)][:2] == ["industry", "urbanisation"]


def test_anonymous_callers_do_not_see_a_private_section(anonymous, catalogue, clerk):
    Section.objects.filter(code="party").update(is_public=False)
    assert "party" not in [item["code"] for item in results(anonymous.get("/api/v1/sections/"))]
    assert anonymous.get("/api/v1/indicators/disciplinary_cases/").status_code == 404


def test_indicators_filter_by_section_and_carry_exact_bounds(anonymous, catalogue):
    response = anonymous.get("/api/v1/indicators/?section=industry")
    codes = {item["section"] for item in results(response)}
    assert codes == {"industry"}
    detail = anonymous.get("/api/v1/indicators/raw_coal_output/").json()
    assert (detail["unit"], detail["decimals"], detail["max_value"]) == ("万吨", 2, "10000.00")


def test_an_unknown_section_is_a_400_not_an_empty_list(anonymous, catalogue):
    response = anonymous.get("/api/v1/indicators/?section=nope")
    assert response.status_code == 400
    assert response.json()["error"]["details"] == {"section": ["未知的代码：nope。"]}


def test_regions_filter_by_level_parent_and_subtree(anonymous, towns, other_county):
    factories.town(other_county, 1)
    county_code = towns[0].parent_id
    within = anonymous.get(f"/api/v1/regions/?within={county_code}")
    assert [item["code"] for item in results(within)] == [county_code] + [t.code for t in towns]
    by_parent = anonymous.get(f"/api/v1/regions/?parent={county_code}&level={Level.TOWN}")
    assert [item["code"] for item in results(by_parent)] == [t.code for t in towns]
    detail = anonymous.get(f"/api/v1/regions/{towns[0].code}/").json()
    assert (detail["level"], detail["parent"]) == ("town", county_code)


def test_an_unknown_region_is_a_json_404(anonymous, db):
    response = anonymous.get("/api/v1/regions/999999999999/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
