"""A county figure that adds up only some towns is not compared with last year or the target."""

import csv
import io
import re

import pytest

from dashboard.filters import ReportYear, default_year
from dashboard.measures import Coverage
from indicators.models import Report, Status
from tests import factories
from tests.factories import reports_set_status

COUNTY = "888801000000"
TOWN_1 = "888801101000"
TOWN_3 = "888801103000"


def card(client, indicator="raw_coal_output", **params) -> str:
    html = client.get("/", {"county": COUNTY, **params}).content.decode()
    return re.search(rf'<article [^>]*data-indicator="{indicator}">(.*?)</article>', html, re.S)[1]


def only_town_1_approved_in_2021():
    reports_set_status(Report.objects.filter(year=2021).exclude(region_id=TOWN_1), Status.SUBMITTED)


def test_a_year_with_one_approved_town_shows_no_change_or_attainment_but_says_so(
    client, small_county
):
    only_town_1_approved_in_2021()
    shown = card(client, year=2021)
    # The sum of town 1 alone (11) against last year's 60 and the target 66 would read
    # "▼ -49 (-81.7%)" and "16.7%": neither is a fact about the county.
    assert '<span class="figure">11.00</span>' in shown
    assert "▼" not in shown and "%" not in shown
    assert "比上年 —" in shown
    assert "完成 <strong>—</strong>" in shown
    assert 'class="bar"' not in shown
    assert "仅 1/3 镇" in shown


def test_the_overview_download_carries_the_partial_note_and_no_comparison(client, small_county):
    only_town_1_approved_in_2021()
    response = client.get(
        "/", {"county": COUNTY, "year": 2021, "export": "csv", "table": "section-industry"}
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][-1] == "说明"
    coal = next(row for row in rows if row[0] == "原煤产量")
    assert coal[2:8] == ["11.00", "60.00", "", "", "66.00", ""]
    assert coal[-1] == "仅 1/3 镇"


def test_a_complete_year_still_shows_change_and_attainment_without_a_note(client, small_county):
    shown = card(client)
    assert "▲ +3" in shown
    assert "95.5%" in shown
    assert "仅" not in shown


def test_the_same_towns_both_years_compare_but_do_not_reach_the_county_target(
    client, small_county, catalogue
):
    factories.seed_figures({(TOWN_3, year): dict.fromkeys(catalogue) for year in (2020, 2021)})
    shown = card(client, year=2021)
    # Towns 1 and 2 grew by 1 each: 30 -> 32; the county's target needs town 3 too.
    assert "▲ +2" in shown
    assert "完成 <strong>—</strong>" in shown
    assert "仅 2/3 镇" in shown


def test_a_complete_year_after_a_partial_one_reaches_its_target_but_does_not_compare(
    client, small_county, catalogue
):
    factories.seed_figures({(TOWN_3, 2020): dict.fromkeys(catalogue)})
    shown = card(client, year=2021)
    assert "比上年 —" in shown
    assert "完成 <strong>95.5%</strong>" in shown
    assert "上年仅 2/3 镇" in shown


def test_anonymous_visitors_land_on_the_latest_year_every_town_is_approved(client, small_county):
    only_town_1_approved_in_2021()
    html = client.get("/", {"county": COUNTY}).content.decode()
    assert "2020年 指标总览" in html
    assert "已发布：3 / 3 个镇" in html


def test_the_county_including_unapproved_figures_lands_on_the_year_in_progress(
    client, small_county, county_official
):
    only_town_1_approved_in_2021()
    client.force_login(county_official)
    with_unapproved = client.get("/", {"county": COUNTY, "unapproved": "1"}).content.decode()
    approved_only = client.get("/", {"county": COUNTY}).content.decode()
    assert "2021年 指标总览" in with_unapproved
    assert "2020年 指标总览" in approved_only


def test_without_a_complete_year_the_latest_year_with_figures_is_shown(client, small_county):
    reports_set_status(Report.objects.exclude(region_id=TOWN_1), Status.SUBMITTED)
    html = client.get("/", {"county": COUNTY}).content.decode()
    assert "2021年 指标总览" in html
    assert "仅 1/3 镇" in html


@pytest.mark.parametrize(
    "years, include, expected",
    [
        ([ReportYear(2024, 8, 8, 8), ReportYear(2025, 8, 1, 8)], False, 2024),
        ([ReportYear(2024, 8, 8, 8), ReportYear(2025, 8, 1, 8)], True, 2025),
        ([ReportYear(2024, 7, 7, 8), ReportYear(2025, 8, 1, 8)], False, 2025),
        ([ReportYear(2024, 7, 0, 8), ReportYear(2025, 8, 0, 8)], False, 2025),
        ([ReportYear(2024, 8, 8, 8), ReportYear(2025, 7, 0, 8)], True, 2024),
    ],
)
def test_default_year_is_the_latest_complete_then_any_shown(years, include, expected):
    assert default_year(years, include_unapproved=include) == expected


def test_coverage_compares_only_like_with_like():
    assert Coverage(towns=8, previous=8, total=8).complete
    assert Coverage(towns=3, previous=3, total=8).comparable
    assert not Coverage(towns=3, previous=3, total=8).complete
    assert not Coverage(towns=8, previous=3, total=8).comparable
    assert not Coverage(towns=0, previous=0, total=8).comparable
