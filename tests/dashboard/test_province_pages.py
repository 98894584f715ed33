"""Province and prefecture pages: the regions below compared, links down, who sees what."""

import re
from decimal import Decimal

import pytest

from indicators.models import Role, Status, Target
from tests import factories

from .provinces import PROVINCE, code, fill_province

PREFECTURE = code(1)


@pytest.fixture
def province(catalogue):
    """2 prefectures × 2 counties × 2 towns × 2 years (2020, 2021), all approved."""
    return fill_province(catalogue, prefectures=2, counties=2, towns=2, years=2)


def page(client, url, **params):
    response = client.get(url, params)
    return response, response.content.decode()


def row_of(html: str, name: str, table: str = "children-industry") -> str:
    """The row of table ``table`` whose name cell holds ``name``."""
    body = re.search(rf'id="table-{table}".*?</table>', html, re.S).group(0)
    return re.search(rf"<tr[^>]*><td class=\"name\">(?:<a [^>]*>)?{name}<.*?</tr>", body).group(0)


def test_a_province_page_compares_its_prefectures_under_each_rule(client, province):
    # raw_coal_output sums the towns: prefecture 1 in 2021 is 111+112+121+122 + 4 × 1.
    response, html = page(client, "/", region=PROVINCE)
    assert response.status_code == 200
    assert "测试省 2021年 指标总览" in html
    assert ">470.00<" in row_of(html, "测试1市")
    # The province's own figure adds up both prefectures: 470 + 870.
    assert ">1,340.00<" in html


def test_a_prefecture_page_compares_counties_and_links_down_to_their_county_pages(client, province):
    _, html = page(client, "/", region=PREFECTURE, year=2021)
    assert f'href="/?county={code(1, 1)}&amp;year=2021' in html
    assert f'href="/?county={code(1, 2)}&amp;year=2021' in html
    # County 1 of prefecture 1: towns 111 and 112 plus 1 each in 2021.
    assert ">225.00<" in row_of(html, "测试1市1县")


def test_change_and_attainment_are_shown_where_a_target_exists(client, province):
    Target.objects.create(indicator_id="raw_coal_output", region_id=code(1), year=2021, value=500)
    _, html = page(client, "/indicators/raw_coal_output/", region=PROVINCE, year=2021)
    row = row_of(html, "测试1市", "raw_coal_output-2021")
    # 2020: 466, 2021: 470: +4 (+0.9%); 470 of 500 is 94.0%.
    assert "▲ +4.00" in row
    assert "+0.9%" in row
    assert "94.0%" in row


def test_a_mean_indicator_is_the_mean_of_the_towns_not_of_the_counties(client, province, catalogue):
    mean = next(i for i in catalogue.values() if i.aggregation == "mean")
    _, html = page(client, f"/indicators/{mean.code}/", region=PROVINCE, year=2021)
    # Prefecture 1's towns in 2021: 112, 113, 122, 123 → 117.5.
    assert f">{mean.format_value(Decimal('117.5'))}<" in row_of(html, "测试1市", mean.code)


@pytest.mark.parametrize(
    "url", ["/", "/sections/industry/", "/indicators/raw_coal_output/", "/towns/"]
)
@pytest.mark.parametrize("region", [PROVINCE, PREFECTURE])
def test_every_regional_page_answers_with_its_region_picker(client, province, url, region):
    response, html = page(client, url, region=region)
    assert response.status_code == 200
    picker = re.search(r'<select name="region"[^>]*>(.*?)</select>', html, re.S).group(1)
    assert [value for value in re.findall(r'value="(\d+)"', picker)][:3] == [
        PROVINCE,
        code(1),
        code(1, 1),
    ]


def test_section_page_draws_the_children_compared_and_their_trend(client, province, catalogue):
    _, html = page(client, "/sections/industry/", region=PREFECTURE)
    industry = [i for i in catalogue.values() if i.section_id == "industry"]
    assert html.count('class="chart-data"') == 2 * len(industry)
    assert f'href="/sections/industry/?county={code(1, 1)}' in html


def test_a_town_official_gets_only_their_county_and_no_province_page(client, province):
    clerk = factories.user_with_role(Role.CLERK, factories.RegionFactory(code=code(1, 1, 1)))
    client.force_login(clerk)
    response, html = page(client, "/", region=PROVINCE)
    assert response.status_code == 403
    assert "只能查看本辖区的数字" in html
    _, own = page(client, "/")
    picker = re.search(r'<select name="region"[^>]*>(.*?)</select>', own, re.S).group(1)
    assert re.findall(r'value="(\d+)"', picker) == [code(1, 1)]


def test_a_county_official_lands_on_their_county_page_as_before(client, province):
    official = factories.user_with_role(Role.COUNTY, factories.RegionFactory(code=code(2, 1)))
    client.force_login(official)
    _, html = page(client, "/")
    assert "测试2市1县 2021年 指标总览" in html
    assert page(client, "/", region=code(2))[0].status_code == 403


def test_a_prefecture_official_may_include_unapproved_figures_of_their_prefecture(client, province):
    factories.seed_figures({(code(1, 1, 1), 2021): {}}, status=Status.SUBMITTED)
    official = factories.user_with_role(Role.COUNTY, factories.RegionFactory(code=PREFECTURE))
    client.force_login(official)
    _, with_all = page(client, "/", region=PREFECTURE, year=2021, unapproved=1)
    assert ">225.00<sup>*</sup>" in row_of(with_all, "测试1市1县")
    _, approved = page(client, "/", region=PREFECTURE, year=2021)
    # Without town 1 (112): 113, and marked as adding up 1 of 2 towns.
    assert ">113.00<" in row_of(approved, "测试1市1县")
    assert "1/2" in row_of(approved, "测试1市1县")
    assert page(client, "/", region=PROVINCE)[0].status_code == 403


def test_anonymous_visitors_see_approved_public_figures_only(client, province):
    factories.seed_figures({(code(1, 1, 1), 2021): {}}, status=Status.SUBMITTED)
    _, html = page(client, "/", region=PREFECTURE, year=2021, unapproved=1)
    assert "您无权查看未审核的数字" in html
    assert ">225.00<" not in html
    assert "petitions_handled" not in html and "信访" not in html


@pytest.mark.parametrize(
    "params, status",
    [
        ({"region": code(1, 1, 1)}, 400),
        ({"region": "7701"}, 400),
        ({"region": "779900000000"}, 404),
        ({"region": PROVINCE, "export": "csv", "table": "nothing"}, 404),
    ],
)
def test_bad_regions_get_a_chinese_message(client, province, params, status):
    response, html = page(client, "/", **params)
    assert response.status_code == status
    assert "无法显示此页" in html


def test_a_regional_table_downloads_as_csv(client, province):
    response = client.get("/", {"region": PROVINCE, "export": "csv", "table": "children"})
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert "测试1市" in text and "测试2市" in text


def test_picking_a_county_in_the_region_picker_opens_its_county_page(client, province):
    _, html = page(client, "/", region=code(1, 2))
    assert "测试1市2县 2021年 指标总览" in html
    # Its links keep the county page's own parameter.
    assert f"county={code(1, 2)}" in html


def test_a_town_page_reached_from_a_province_is_about_the_towns_county(client, province):
    response, html = page(client, f"/towns/{code(2, 1, 2)}/", region=PROVINCE)
    assert response.status_code == 200
    assert "测试2-1-2镇" in html
    assert 'value="' + code(2, 1) + '" class="level-county" selected' in html


def test_a_province_without_figures_yet_shows_gaps_not_zeros(client, catalogue):
    from .provinces import build_regions

    build_regions(1, 1, 2)
    response, html = page(client, "/indicators/raw_coal_output/", region=PROVINCE)
    assert response.status_code == 200
    assert 'class="num missing">—</td>' in html
    assert ">0.00<" not in html
