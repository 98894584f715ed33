"""The 大屏: the dashboards' figures for a wall screen, to whom, in how many queries."""

import json
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators.models import Report, Section, Status, Target
from indicators.reads.area import area_data
from tests.factories import reports_set_status

COUNTY = "888801000000"
TOWN = "888801101000"
URL = "/bigscreen/"
CARD = re.compile(r'<article class="bs-card[^"]*" data-indicator="(\w+)" data-value="([^"]*)"')
CHART = re.compile(
    r'<script type="application/json" class="bs-chart-data" data-chart="([\w-]+)">(.*?)</script>'
)


def screen(client, **params):
    response = client.get(URL, {"county": COUNTY, **params})
    return response, response.content.decode()


def cards(html: str) -> dict[str, str]:
    return dict(CARD.findall(html))


def charts(html: str) -> dict[str, dict]:
    return {dom_id: json.loads(text) for dom_id, text in CHART.findall(html)}


def slide(html: str, section: str) -> str:
    start = html.index(f'id="slide-{section}"')
    end = html.find('<section class="bs-slide"', start)
    return html[start : end if end > 0 else len(html)]


def read(county, user=None, *, year=2021, unapproved=False):
    """The dashboards' read of the same county and years as the screen's."""
    return area_data(
        user or AnonymousUser(),
        area=county,
        year=year,
        first_year=2020,
        last_year=year,
        include_unapproved=unapproved,
    )


def test_every_section_is_a_slide_in_catalogue_order(client, small_county):
    response, html = screen(client)
    assert response.status_code == 200
    shown = re.findall(r'<section class="bs-slide" id="slide-(\w+)"', html)
    public = Section.objects.filter(is_public=True).order_by("number")
    assert shown == list(public.values_list("code", flat=True))
    assert "测试县 2021年 发展指标" in html


def test_headline_figures_are_the_county_figures_of_the_dashboard_read(
    client, small_county, county, catalogue
):
    _, html = screen(client)
    data = read(county)
    shown = cards(html)
    assert set(shown) == {indicator.code for indicator in data.indicators}
    for indicator in data.indicators:
        figure = data.area_values()[(indicator.code, 2021)].value
        # A figure whose rule adds up nothing for the county is missing, not 0.
        expected = "" if figure is None else f"{figure.quantize(indicator.quantum):f}"
        assert shown[indicator.code] == expected
    # raw_coal_output sums the towns: 11 + 21 + 31, up 3 on last year.
    assert Decimal(shown["raw_coal_output"]) == 63


def test_towns_are_ranked_largest_first_with_their_figures_as_labels(
    client, small_county, county, catalogue
):
    _, html = screen(client, indicator="raw_coal_output")
    figure = charts(html)["compare-raw_coal_output"]
    bars = figure["data"][0]
    data = read(county)
    names = {town.display_name: town.code for town in data.children}
    expected = {
        name: data.values[("raw_coal_output", code, 2021)].value for name, code in names.items()
    }
    assert [Decimal(str(x)) for x in bars["x"]] == [expected[name] for name in bars["y"]]
    assert bars["x"] == sorted(bars["x"], reverse=True)
    assert [label.strip() for label in bars["text"]] == ["31.00", "21.00", "11.00"]


def test_the_ranking_writes_each_figure_beside_the_plot_and_drops_the_value_axis(
    client, small_county
):
    _, html = screen(client, indicator="raw_coal_output")
    layout = charts(html)["compare-raw_coal_output"]["layout"]
    labels = [note for note in layout["annotations"] if note.get("name") == "label"]
    assert [note["text"] for note in labels] == ["31.00", "21.00", "11.00"]
    assert all(note["xref"] == "paper" and note["x"] == 1 for note in labels)
    assert all(note["font"]["size"] >= 18 for note in layout["annotations"])
    assert layout["xaxis"]["showticklabels"] is False
    assert "共" not in slide(html, "industry").split("bs-goals")[0]  # 3 towns: all shown


def test_the_ranked_indicator_defaults_to_one_in_each_section(client, small_county, catalogue):
    _, html = screen(client)
    ranked = {dom_id.removeprefix("compare-") for dom_id in charts(html)}
    assert {catalogue[code].section_id for code in ranked} == set(
        Section.objects.filter(is_public=True).values_list("code", flat=True)
    )


def test_targets_are_listed_laggards_first_with_their_distance(
    client, small_county, county, catalogue
):
    # The county aims at 630 and has 63: 10.0%, the furthest behind in its section.
    Target.objects.filter(indicator="raw_coal_output", region=county, year=2021).update(
        value=Decimal(630)
    )
    _, html = screen(client)
    industry = slide(html, "industry")
    listed = re.findall(r'<li class="bs-goal standing-(\w+)" data-indicator="(\w+)"', industry)
    reached = [Decimal(p) for p in re.findall(r'<strong class="reached">([\d.]+)%', industry)]
    assert listed[0] == ("below", "raw_coal_output")
    assert "距目标还差 567.00 万吨（-90.0%）" in industry
    # Below, met, above: by attainment, lowest first.
    assert reached == sorted(reached)
    assert len(listed) == 6
    assert "另有 5 项未列出" in industry


def test_anonymous_visitors_see_approved_public_figures_and_no_workflow(
    client, small_county, county, catalogue
):
    reports_set_status(Report.objects.filter(year=2021, region_id=TOWN), Status.SUBMITTED)
    _, html = screen(client, unapproved=1, year=2021)
    data = read(county)
    # The county figure adds up the two approved towns only: 21 + 31.
    assert Decimal(cards(html)["raw_coal_output"]) == 52
    assert data.area_values()[("raw_coal_output", 2021)].value == 52
    assert "petitions_handled" not in html
    assert "已发布 2/3 镇" in html
    assert "已提交" not in html
    assert "您无权查看未审核的数字" in html


def test_county_officials_may_include_unapproved_figures_and_see_every_step(
    client, small_county, county, county_official
):
    reports_set_status(Report.objects.filter(year=2021, region_id=TOWN), Status.SUBMITTED)
    client.force_login(county_official)
    _, html = screen(client, unapproved=1, year=2021)
    data = read(county, county_official, unapproved=True)
    assert (
        Decimal(cards(html)["raw_coal_output"])
        == data.area_values()[("raw_coal_output", 2021)].value
    )
    assert Decimal(cards(html)["raw_coal_output"]) == 63
    assert "已上报 3/3 镇 · 已审核 2/3 镇" in html
    assert "* 含未审核数字" in html


def test_options_reach_the_page(client, small_county):
    _, html = screen(client, interval="45", theme="light", section="urbanisation")
    assert 'data-interval="45"' in html
    assert "theme-light" in html
    assert 'data-first="1"' in html


@pytest.mark.parametrize(
    "params, status, words",
    [
        ({"county": "abc"}, 400, "县代码应为12位数字"),
        ({"county": "999999000000"}, 404, "找不到县"),
        ({"county": COUNTY[:-1] + "\x00"}, 400, "空字符"),
        ({"county": TOWN}, 400, "不是县级区划"),
        ({"year": "abcd"}, 400, "参数 year 应为"),
        ({"year": "1800"}, 400, "参数 year 应为"),
        ({"year": "9" * 5000}, 400, "参数 year 应为"),
        ({"interval": "0"}, 400, "参数 interval 应为 2 至 3600 之间的秒数"),
        ({"interval": "fast"}, 400, "参数 interval 应为"),
        ({"interval": "-5"}, 400, "参数 interval 应为"),
        ({"interval": "9" * 5000}, 400, "参数 interval 应为"),
        ({"interval": "3601"}, 400, "参数 interval 应为"),
        ({"theme": "pink"}, 400, "参数 theme 只能是"),
        ({"section": "no_such"}, 404, "找不到报告部分"),
        ({"section": "ab\x00"}, 400, "空字符"),
        ({"section": "工业"}, 400, "参数 section 应为目录中的代码"),
        ({"indicator": "no_such"}, 404, "找不到指标"),
        ({"indicator": "①"}, 400, "参数 indicator 应为目录中的代码"),
    ],
)
def test_bad_parameters_get_a_chinese_message_never_a_500(
    client, small_county, params, status, words
):
    response = client.get(URL, {"county": COUNTY, **params})
    assert response.status_code == status
    assert words in response.content.decode()


def test_a_non_public_indicator_is_not_found_for_anonymous_visitors(client, small_county):
    response, html = screen(client, indicator="petitions_handled")
    assert response.status_code == 404
    assert "petitions_handled" in html  # the code asked for, echoed; nothing else


def test_a_full_width_interval_is_read_as_digits(client, small_county):
    _, html = screen(client, interval="３０")
    assert 'data-interval="30"' in html


def _queries(client, **params) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL, {"county": COUNTY, **params}).status_code == 200
    return len(queries)


@pytest.mark.parametrize("size", ["small_county", "large_county"])
def test_the_screen_runs_a_fixed_number_of_queries(request, client, size):
    request.getfixturevalue(size)
    # 3 towns × 2 years and 12 towns × 8 years alike: the filters and one dashboard read.
    assert _queries(client) <= 10


def test_the_query_count_does_not_grow_with_towns_or_years(client, county, other_county, catalogue):
    from tests.dashboard.conftest import fill_county

    fill_county(county, catalogue, towns=2, years=2)
    fill_county(other_county, catalogue, towns=12, years=8)
    few = _queries(client, year=2021)
    many = _queries(client, year=2021, county=other_county.code)
    assert few == many


def test_signed_in_screen_runs_a_fixed_number_of_queries(
    client, large_county, county_official, django_assert_max_num_queries
):
    client.force_login(county_official)
    with django_assert_max_num_queries(14):
        assert client.get(URL, {"county": COUNTY, "unapproved": "1"}).status_code == 200


def test_the_overview_links_to_the_screen_of_its_county_and_year(client, small_county):
    html = client.get("/", {"county": COUNTY, "year": "2020"}).content.decode()
    assert f'href="/bigscreen/?county={COUNTY}&amp;year=2020' in html


def test_a_public_screen_reloads_itself_but_a_signed_in_one_does_not(
    client, small_county, county_official
):
    _, public = screen(client)
    client.force_login(county_official)
    _, signed_in = screen(client)
    # A reload would keep an unattended session alive past its idle timeout.
    assert 'data-refresh="600"' in public
    assert "data-refresh" not in signed_in


def test_a_county_without_figures_still_shows_its_screen(client, county, catalogue):
    response, html = screen(client)
    assert response.status_code == 200
    assert "已发布 0/0 镇" in html


def test_nothing_public_is_a_403_asking_to_sign_in(client, small_county):
    Section.objects.update(is_public=False)
    response, html = screen(client)
    assert response.status_code == 403
    assert "请登录后查看" in html
