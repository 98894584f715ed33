"""Pages about a past year name a town as it was named then (RegionName)."""

import pytest

from indicators.models import RegionName

from .conftest import CODE
from .test_merge import chart, page


@pytest.fixture
def renamed(before_merge):
    """丁镇 was 丁乡 until 2020."""
    town = before_merge[2]
    RegionName.objects.create(region=town, name="丁乡", name_en="Ding Township", until_year=2020)
    return town


def test_the_towns_table_names_the_towns_of_its_year(client, county, renamed):
    then = page(client, "/towns/", county, year=2019, **{"from": 2016, "to": 2019})
    assert "丁乡" in then and "丁镇" not in then
    now = page(client, "/towns/", county, year=2022)
    assert "丁镇" in now and "丁乡" not in now


def test_the_town_page_shows_the_name_of_its_year(client, county, renamed):
    assert "丁乡 · 2020年" in page(client, f"/towns/{renamed.code}/", county, year=2020)
    assert "丁镇 · 2021年" in page(client, f"/towns/{renamed.code}/", county, year=2021)


def test_trend_and_comparison_labels_follow_the_year(client, county, renamed):
    html = page(client, "/sections/follows/", county, year=2018, **{"from": 2016, "to": 2018})
    names = [trace["name"] for trace in chart(html, f"trend-{CODE}")["data"]]
    assert "丁乡" in names and "丁镇" not in names
    assert "丁乡" in chart(html, f"compare-{CODE}")["data"][0]["y"]


def test_english_pages_show_the_english_name_of_the_year(client, county, renamed):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.get(f"/towns/{renamed.code}/", {"year": 2019})
    assert "Ding Township" in english.content.decode()
    later = client.get(f"/towns/{renamed.code}/", {"year": 2022})
    assert "Ding Township" not in later.content.decode()


def test_the_api_keeps_the_current_name(client, renamed):
    answer = client.get(f"/api/v1/regions/{renamed.code}/")
    assert answer.status_code == 200
    assert answer.json()["name"] == "丁镇"
