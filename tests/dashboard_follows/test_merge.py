"""A merge of towns: county totals unchanged, town lists by year, notes and markers."""

import json
import re

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators.reads.area import area_data
from tests import factories

from .conftest import CODE, FIRST, LAST, MERGE, figure, merge


def county_totals(county, first=FIRST, last=LAST):
    data = area_data(
        AnonymousUser(),
        area=county,
        year=last,
        first_year=first,
        last_year=last,
        include_unapproved=False,
        children=False,
    )
    return {year: row.value for (code, year), row in data.area_values().items() if code == CODE}


def page(client, url, county, **params):
    response = client.get(url, {"county": county.code, **params})
    assert response.status_code == 200, response.content.decode()[:500]
    return response.content.decode()


def test_the_county_totals_before_the_merge_stay_as_they_were(client, county, before_merge):
    before = county_totals(county, last=MERGE - 1)
    overview = {year: page(client, "/", county, year=year) for year in (2016, 2025)}
    town_a, town_b, *_ = before_merge
    town_c = merge(county, town_a, town_b)
    factories.seed_figures(
        {(town_c.code, LAST): {CODE: figure(1, LAST) + figure(2, LAST)}}, status="approved"
    )
    after = county_totals(county)
    assert {year: after[year] for year in before} == before
    assert before[2025] == sum(figure(n, 2025) for n in range(1, 5))
    for year, html in overview.items():
        assert county_cell(page(client, "/", county, year=year)) == county_cell(html)


def county_cell(html: str) -> str:
    """The county figure of the overview's card."""
    found = re.search(rf'data-indicator="{CODE}".*?<span class="figure">([^<]+)</span>', html, re.S)
    assert found
    return found.group(1)


def test_the_towns_page_lists_the_towns_of_its_year(client, county, merged):
    now = page(client, "/towns/", county, year=2026)
    assert "丙镇" in now
    assert "甲镇" not in now and "乙镇" not in now
    then = page(client, "/towns/", county, year=2025, **{"from": 2020, "to": 2025})
    assert "甲镇" in then and "乙镇" in then
    assert "丙镇" not in then


def test_the_towns_compared_in_a_year_are_the_towns_of_that_year(client, county, merged):
    html = page(client, "/sections/follows/", county, year=2026)
    bars = chart(html, f"compare-{CODE}")["data"][0]["y"]
    assert sorted(bars) == ["丁镇", "丙镇", "戊镇"]
    earlier = chart(page(client, "/sections/follows/", county, year=2025), f"compare-{CODE}")
    assert sorted(earlier["data"][0]["y"]) == ["丁镇", "乙镇", "戊镇", "甲镇"]


def test_trend_lines_end_and_start_at_the_merge_with_a_marker(client, county, merged):
    html = page(client, "/sections/follows/", county, year=2026, **{"from": 2020})
    trend = chart(html, f"trend-{CODE}")
    lines = {trace["name"]: trace["y"] for trace in trend["data"]}
    assert lines["甲镇"][-1] is None and lines["甲镇"][-2] is not None
    assert lines["丙镇"][:-1] == [None] * 6 and lines["丙镇"][-1] is not None
    assert [shape["x0"] for shape in trend["layout"]["shapes"]] == [2026]
    assert any(note["text"] == "2026年合并" for note in trend["layout"]["annotations"])
    assert "2026 年：甲镇、乙镇合并为丙镇" in html


def test_the_county_trend_is_not_partial_across_the_merge(client, county, merged):
    html = page(client, "/sections/follows/", county, year=2026, view="county")
    trend = chart(html, f"trend-{CODE}")
    names = [trace.get("name") for trace in trend["data"]]
    assert "部分镇填报" not in names
    county_line = trend["data"][0]["y"]
    assert county_line[-1] == float(sum(figure(n, 2026) for n in range(1, 5)))


def test_the_overview_says_where_the_merge_happened(client, county, merged):
    html = page(client, "/", county)
    assert "2026年 指标总览" in html  # 3 of 3 towns approved: a complete year
    assert "已发布：3 / 3 个镇" in html
    assert "2026 年：甲镇、乙镇合并为丙镇" in html
    # Complete in both years: 2026 is compared with 2025 though it adds up fewer towns.
    assert "上年仅" not in html
    assert "▲ +4" in html
    earlier = page(client, "/", county, year=2020, **{"from": 2016, "to": 2020})
    assert "合并为" not in earlier


def test_a_retired_town_keeps_its_page_for_its_years(client, county, merged):
    town_a = merged["a"]
    html = page(client, f"/towns/{town_a.code}/", county, year=2025)
    assert "甲镇 · 2025年" in html
    assert figure(1, 2025).to_eng_string() in html
    after = page(client, f"/towns/{town_a.code}/", county, year=2026)
    assert "2026年本镇不存在" in after


def test_the_big_screen_counts_the_towns_of_its_year(client, county, merged):
    html = page(client, "/bigscreen/", county, year=2026)
    assert 'data-towns="3"' in html
    before = page(client, "/bigscreen/", county, year=2025)
    assert 'data-towns="4"' in before


def test_the_map_lists_the_towns_of_its_year(client, county, merged):
    html = page(client, "/maps/", county, year=2026, indicator=CODE)
    assert "丙镇" in html and "甲镇" not in html


def test_a_merge_costs_the_county_pages_one_query_more_at_most(
    client, county, before_merge, django_assert_max_num_queries
):
    with CaptureQueriesContext(connection) as plain:
        page(client, "/sections/follows/", county, year=2025)
    town_a, town_b, *_ = before_merge
    merge(county, town_a, town_b)
    with django_assert_max_num_queries(len(plain.captured_queries) + 1):
        page(client, "/sections/follows/", county, year=2026)


def chart(html: str, dom_id: str) -> dict:
    found = re.search(rf'<script[^>]*data-chart="{dom_id}"[^>]*>(.*?)</script>', html, re.S)
    assert found, dom_id
    return json.loads(found.group(1))
