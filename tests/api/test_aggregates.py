import pytest

from indicators.models import Status

from .conftest import put_figures

pytestmark = pytest.mark.django_db


def test_a_county_figure_is_the_sum_of_its_towns_with_how_many_are_approved(
    anonymous, admin_user, client_for, figures, catalogue
):
    county = figures["towns"][0].parent_id
    put_figures(figures["towns"][1], 2025, Status.SUBMITTED, {"raw_coal_output": "5.50"}, catalogue)
    url = f"/api/v1/aggregates/?region={county}&indicator=raw_coal_output"
    response = client_for(admin_user).get(url)
    assert response.status_code == 200
    assert [(a["year"], a["value"], a["towns"], a["approved"]) for a in response.json()] == [
        (2024, "600.75", 3, 3),
        (2025, "1240.00", 2, 0),
    ]
    public = anonymous.get(url).json()
    assert [(a["year"], a["value"]) for a in public] == [(2024, "600.75")]


def test_aggregates_filter_years_and_need_a_known_region(anonymous, figures):
    county = figures["towns"][0].parent_id
    response = anonymous.get(f"/api/v1/aggregates/?region={county}&year_min=2025")
    assert response.json() == []
    assert anonymous.get("/api/v1/aggregates/").status_code == 400
    bad = anonymous.get("/api/v1/aggregates/?region=999999999999")
    assert bad.json()["error"]["details"] == {"region": ["未知的区划代码：999999999999。"]}
    unknown = anonymous.get(f"/api/v1/aggregates/?region={county}&indicator=nope")
    assert unknown.status_code == 400


def test_a_mean_indicator_is_averaged(admin_user, client_for, figures, catalogue):
    mean = next(code for code, i in catalogue.items() if i.aggregation == "mean")
    for number, town in enumerate(figures["towns"], start=1):
        put_figures(town, 2023, Status.APPROVED, {mean: str(number * 10)}, catalogue)
    county = figures["towns"][0].parent_id
    [item] = (
        client_for(admin_user).get(f"/api/v1/aggregates/?region={county}&indicator={mean}").json()
    )
    assert item["value"].startswith("20") and item["aggregation"] == "mean"
