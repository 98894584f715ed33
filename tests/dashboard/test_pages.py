"""Dashboard pages: what they show, to whom, and in how many queries."""

import json
import re
from decimal import Decimal

import pytest

from indicators.models import Indicator, Report, Section, Status, Target
from tests import factories

COUNTY = "888801000000"
TOWN = "888801101000"
PAGES = [
    "/",
    "/sections/industry/",
    f"/towns/{TOWN}/",
    "/indicators/raw_coal_output/",
    "/towns/",
]


def page(client, url, **params):
    response = client.get(url, {"county": COUNTY, **params})
    return response, response.content.decode()


def test_overview_shows_the_county_figure_under_the_aggregation_rule(client, small_county):
    # raw_coal_output sums the towns: 2021 figures are 11 + 21 + 31.
    response, html = page(client, "/")
    assert response.status_code == 200
    assert 'data-indicator="raw_coal_output"' in html
    assert "63" in html
    assert "2021年 指标总览" in html
    assert "已发布：3 / 3 个镇" in html


def test_overview_defaults_to_the_latest_year_with_approved_figures(client, small_county):
    factories.reports_set_status(Report.objects.filter(year=2021), Status.SUBMITTED)
    _, html = page(client, "/")
    assert "2020年 指标总览" in html


def test_overview_shows_change_from_last_year_and_target_attainment(
    client, small_county, county, catalogue
):
    Target.objects.filter(indicator="raw_coal_output", region=county, year=2021).update(
        value=Decimal(66)
    )
    _, html = page(client, "/")
    # Each town grew by 1: the county grew by 3, and reached 63 of its target 66.
    assert "▲ +3" in html
    assert "95.5%" in html


@pytest.mark.parametrize("url", PAGES)
def test_every_page_answers_and_embeds_no_outside_script(client, small_county, url):
    response, html = page(client, url)
    assert response.status_code == 200
    assert "http://" not in html.replace("http://testserver", "")
    assert "https://" not in html


def test_section_page_has_a_trend_and_a_comparison_chart_and_a_table_per_indicator(
    client, small_county, catalogue
):
    _, html = page(client, "/sections/industry/")
    industry = [i for i in catalogue.values() if i.section_id == "industry"]
    assert html.count('class="chart-data"') == 2 * len(industry)
    assert html.count('<table class="numbers"') == len(industry)
    assert "/static/vendor/plotly/plotly.min.js" in html


def test_indicator_page_shows_definition_unit_and_report_sentence(client, small_county, catalogue):
    _, html = page(client, "/indicators/raw_coal_output/")
    assert catalogue["raw_coal_output"].source_sentence in html
    assert "万吨" in html


def test_town_profile_shows_status_change_and_trend(client, small_county):
    _, html = page(client, f"/towns/{TOWN}/")
    assert 'data-status="published"' in html  # anonymous: 已发布, not the workflow status
    assert '<svg class="spark"' in html
    assert "▲ +1" in html


def test_missing_figure_is_a_dash_not_zero(client, small_county, catalogue):
    factories.seed_figures({(TOWN, 2021): {"raw_coal_output": None}})
    _, html = page(client, "/indicators/raw_coal_output/")
    assert 'class="num missing">—</td>' in html


def test_anonymous_visitors_see_no_unapproved_figure(client, small_county):
    factories.reports_set_status(Report.objects.filter(year=2021, region_id=TOWN), Status.SUBMITTED)
    _, html = page(client, "/indicators/raw_coal_output/", year=2021, unapproved=1)
    assert "您无权查看未审核的数字" in html
    assert 'class="num unapproved"' not in html
    # Town 1's 2021 figure (11) is not shown; its 2020 figure (10) is.
    assert ">11.00<" not in html
    assert ">10.00<" in html


def test_county_official_may_include_unapproved_figures_and_sees_them_marked(
    client, small_county, county_official
):
    factories.reports_set_status(Report.objects.filter(year=2021, region_id=TOWN), Status.SUBMITTED)
    client.force_login(county_official)
    _, html = page(client, "/indicators/raw_coal_output/", year=2021, unapproved=1)
    assert 'class="num unapproved" title="未审核">11.00<sup>*</sup></td>' in html
    _, without = page(client, "/indicators/raw_coal_output/", year=2021)
    assert ">11.00<" not in without


def test_non_public_indicators_are_hidden_from_anonymous_visitors(client, small_county):
    _, html = page(client, "/sections/livelihood/")
    assert "petitions_handled" not in html
    response, _ = page(client, "/indicators/petitions_handled/")
    assert response.status_code == 404, "the 404 of an unknown code"


def test_non_public_section_is_an_unknown_one_to_anonymous_but_shown_to_the_county(
    client, small_county, county_official
):
    Section.objects.filter(code="party").update(is_public=False)
    response, html = page(client, "/sections/party/")
    unknown, unknown_html = page(client, "/sections/no_such_section/")
    assert response.status_code == unknown.status_code == 404
    assert "找不到报告部分：party。" in html
    assert "找不到报告部分：no_such_section。" in unknown_html
    client.force_login(county_official)
    assert page(client, "/sections/party/")[0].status_code == 200


def test_non_public_section_is_left_out_of_the_overview_for_anonymous(client, small_county):
    Section.objects.filter(code="party").update(is_public=False)
    _, html = page(client, "/")
    assert 'id="section-party"' not in html


@pytest.mark.parametrize(
    "url, params, status",
    [
        ("/", {"year": "abc"}, 400),
        ("/", {"year": "1900"}, 400),
        ("/", {"from": "20x"}, 400),
        ("/", {"county": "12"}, 400),
        ("/", {"county": "777701000000"}, 404),
        ("/", {"county": TOWN}, 400),
        ("/sections/industry/", {"town": "888802101000"}, 404),
        ("/sections/nothing/", {}, 404),
        ("/towns/888801000000/", {}, 400),
        ("/towns/999999999999/", {}, 404),
        ("/indicators/nothing/", {}, 404),
        ("/", {"export": "pdf", "table": "section-industry"}, 400),
        ("/", {"export": "csv", "table": "nothing"}, 404),
    ],
)
def test_bad_parameters_get_a_chinese_message_not_a_500(client, small_county, url, params, status):
    response, html = page(client, url, **params)
    assert response.status_code == status
    assert "无法显示此页" in html


def test_a_town_of_another_county_is_refused(client, small_county, other_county):
    from tests.factories import town

    stranger = town(other_county, 1)
    response, html = page(client, "/sections/industry/", town=stranger.code)
    assert response.status_code == 400
    assert "不属于" in html


def test_reversed_year_range_is_read_the_right_way_round(client, small_county):
    _, html = page(client, "/indicators/raw_coal_output/", **{"from": 2021, "to": 2020})
    assert 'name="from" value="2020"' in html


def test_filters_are_kept_in_links_so_a_view_can_be_shared(client, small_county):
    _, html = page(client, "/", year=2020)
    assert f"/sections/industry/?county={COUNTY}&amp;year=2020" in html


def test_the_language_switch_turns_dashboards_english(client, small_county):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    _, html = page(client, "/sections/industry/")
    assert "Raw coal output" in html


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize("size", ["small_county", "large_county"])
def test_each_page_runs_a_fixed_number_of_queries(
    request, client, django_assert_max_num_queries, url, size
):
    request.getfixturevalue(size)
    with django_assert_max_num_queries(10):
        assert client.get(url, {"county": COUNTY}).status_code == 200


@pytest.mark.parametrize("size", ["small_county", "large_county"])
def test_signed_in_pages_run_a_fixed_number_of_queries(
    request, client, county_official, django_assert_max_num_queries, size
):
    request.getfixturevalue(size)
    client.force_login(county_official)
    for url in PAGES:
        with django_assert_max_num_queries(14):
            response = client.get(url, {"county": COUNTY, "unapproved": "1"})
        assert response.status_code == 200


def test_catalogue_has_every_indicator_page_linked(client, catalogue):
    html = client.get("/indicators/").content.decode()
    linked = set(re.findall(r'href="/indicators/(\w+)/"', html))
    # Anonymous visitors are not told the names of non-public indicators.
    public = Indicator.objects.filter(is_public=True, section__is_public=True)
    assert linked == set(public.values_list("code", flat=True))


def test_a_town_name_cannot_inject_markup_into_the_page_or_its_charts(client, small_county):
    from indicators.models import Region

    Region.objects.filter(code=TOWN).update(name="<script>alert(1)</script>镇")
    _, html = page(client, "/sections/industry/")
    assert "<script>alert" not in html
    assert "\\u003cscript\\u003ealert" in html


def test_section_page_can_follow_one_town(client, small_county):
    _, html = page(client, "/sections/industry/", town=TOWN)
    trend = re.search(r'data-chart="trend-raw_coal_output">(.*?)</script>', html).group(1)
    assert [trace["name"] for trace in json.loads(trend)["data"]] == ["测试1镇"]


def test_section_charts_say_which_county_and_years_they_show_for_a_png_download(
    client, small_county
):
    _, html = page(client, "/sections/industry/")

    def chart(dom_id):
        found = re.search(rf'data-chart="{dom_id}">(.*?)</script>', html, re.S)[1]
        return json.loads(found)["layout"]["title"]

    trend, compare = chart("trend-raw_coal_output"), chart("compare-raw_coal_output")
    assert trend["text"] == "原煤产量 历年变化"
    assert trend["subtitle"]["text"] == "测试县 · 2020–2021年"
    assert compare["subtitle"]["text"] == "测试县 · 2021年"
    assert f'data-filename="raw_coal_output-{COUNTY}-2020-2021"' in html
    assert f'data-filename="raw_coal_output-{COUNTY}-2021"' in html


def test_a_long_note_goes_under_its_table_and_its_cell_links_to_it(client, small_county):
    from indicators.models import Report, Status

    factories.reports_set_status(
        Report.objects.filter(year=2021).exclude(region_id=TOWN), Status.SUBMITTED
    )
    _, html = page(client, "/indicators/raw_coal_output/", year=2021)
    note = "2021年仅 1/3 镇填报"
    anchor = "note-raw_coal_output-4"  # the county's row, after three towns
    assert f'<td class="note-ref"><a href="#{anchor}">见表下注</a></td>' in html
    assert f'<li id="{anchor}"><strong>测试县（求和）</strong>：{note}</li>' in html
