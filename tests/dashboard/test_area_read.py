"""One read for every level: an area's own figures come from the summaries, and are what
adding up the figures the visitor may read gives; the 大屏 and every page answer at
every level."""

import pytest
from django.contrib.auth.models import AnonymousUser

from indicators.accounts.access import visible_values
from indicators.models import DataValue, Indicator, Region, Report, Status
from indicators.reads.aggregates import aggregate_values
from indicators.reads.area import area_data
from indicators.reads.summary_rows import summary_years
from tests.factories import reports_set_status

from .provinces import PROVINCE, code, fill_province


def totals_from_figures(user, area: Region, include_unapproved: bool) -> dict:
    """What the area's figures were before the summaries: its towns' figures the
    visitor may read, added up on each request."""
    values = visible_values(user, DataValue.objects.all())
    if not include_unapproved:
        values = values.approved()
    indicators = list(Indicator.objects.select_related("section"))
    return {
        (row.indicator, row.year): row.value
        for row in aggregate_values(values, region=area, indicators=indicators)
    }


def totals_from_read(user, area: Region, include_unapproved: bool) -> tuple[dict, set]:
    """The area's figures as the pages read them, and the indicators they show."""
    data = area_data(
        user,
        area=area,
        year=2021,
        first_year=2020,
        last_year=2021,
        include_unapproved=include_unapproved,
        children=False,
    )
    shown = {indicator.code for indicator in data.indicators}
    return {key: figure.value for key, figure in data.area_values().items()}, shown


@pytest.fixture
def unapproved_town(small_county):
    """One town's 2021 report sent back to draft, so approved and all figures differ."""
    reports_set_status(Report.objects.filter(region=small_county[0], year=2021), Status.DRAFT)
    return small_county[0]


@pytest.mark.parametrize("include_unapproved", [False, True])
@pytest.mark.parametrize("who", ["anonymous", "official", "clerk"])
def test_a_countys_totals_are_its_towns_figures_the_visitor_may_read(
    request, county, unapproved_town, who, include_unapproved
):
    fixtures = {"official": "county_official", "clerk": "clerk"}
    user = AnonymousUser() if who == "anonymous" else request.getfixturevalue(fixtures[who])
    read, shown = totals_from_read(user, county, include_unapproved)
    # Unapproved figures are the county's own officials' to see.
    figures = totals_from_figures(user, county, include_unapproved and who == "official")
    assert read  # the demo figures are there to compare
    assert read == {key: value for key, value in figures.items() if key[0] in shown}


def test_a_non_public_indicator_on_a_clerks_county_page_adds_up_their_own_town_only(
    county, small_county, catalogue, clerk
):
    Indicator.objects.filter(code="raw_coal_output").update(is_public=False)
    read, _shown = totals_from_read(clerk, county, include_unapproved=False)
    own = DataValue.objects.get(
        indicator="raw_coal_output", report__region=clerk.profile.region, report__year=2021
    )
    # The summary holds all three towns; the clerk reads only their own town's figure.
    assert read[("raw_coal_output", 2021)] == own.value


def test_the_years_of_an_area_count_the_towns_existing_each_year(county, small_county):
    small_county[2].retired_from = 2021
    small_county[2].save()
    years = {row["year"]: row for row in summary_years(county)}
    assert (years[2020]["towns"], years[2021]["towns"]) == (3, 2)
    assert years[2021]["approved"] == 3  # the summaries: three towns reported 2021


@pytest.fixture
def province(catalogue):
    return fill_province(catalogue, prefectures=2, counties=2, towns=2, years=2)


@pytest.mark.parametrize("region", [PROVINCE, code(1), code(1, 1)])
def test_the_big_screen_answers_at_every_level(client, province, region):
    response = client.get("/bigscreen/", {"region": region, "year": 2021})
    assert response.status_code == 200
    html = response.content.decode()
    assert "bs-progress" in html
    # The ranking compares the places one level down, by name.
    child = {PROVINCE: "测试1市", code(1): "测试1市1县", code(1, 1): "测试1-1-1镇"}[region]
    assert child in html


@pytest.mark.parametrize(
    ("region", "listed", "left_out"),
    [
        (PROVINCE, "共 8 个市，列出最高、最低各 3 个市", "另 2 个市未列出"),
        (code(1), "共 8 个县，列出最高、最低各 3 个县", "另 2 个县未列出"),
    ],
)
def test_a_crowded_wall_ranking_names_its_children_at_every_level(
    client, catalogue, region, listed, left_out
):
    fill_province(catalogue, prefectures=8, counties=8, towns=1, years=1)
    html = client.get("/bigscreen/", {"region": region}).content.decode()
    assert listed in html
    assert left_out in html and "镇未列出" not in html
