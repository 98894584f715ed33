"""The map page of a county and of a prefecture: figures through the dashboards' reads."""

import pytest
from shapely.geometry import box

from indicators.maps.services import boundaries_seed
from indicators.models import Level, Region
from tests import factories
from tests.dashboard.provinces import code, fill_province

pytestmark = pytest.mark.django_db
YEAR = 2024


def _county_with(count: int, code: str = "888801000000"):
    county = factories.county(code)
    towns = [factories.town(county, number) for number in range(1, count + 1)]
    boundaries_seed(
        geometries={
            t.code: box(112 + i * 0.1, 37, 112.1 + i * 0.1, 37.1) for i, t in enumerate(towns)
        },
        level=Level.TOWN,
        valid_from=2000,
    )
    return county, towns


def _figures(towns, admin_user, catalogue, missing: int = 0):
    for number, town in enumerate(towns[missing:], start=1):
        factories.save_figures(town, YEAR, {"jobs_created": number * 10}, user=admin_user)


@pytest.mark.parametrize("count", [3, 12])
def test_county_map_reads_a_fixed_number_of_queries(
    client, admin_user, catalogue, django_assert_num_queries, count
):
    county, towns = _county_with(count)
    _figures(towns, admin_user, catalogue)
    client.force_login(admin_user)
    url = f"/maps/?county={county.code}&year={YEAR}&indicator=jobs_created"
    client.get(url)  # sessions and caches warm
    with django_assert_num_queries(QUERIES):
        response = client.get(url)
    assert response.status_code == 200


QUERIES = 12


def test_a_town_without_a_figure_says_no_data_in_the_table(client, admin_user, catalogue):
    county, towns = _county_with(3)
    _figures(towns, admin_user, catalogue, missing=1)
    client.force_login(admin_user)
    page = client.get(
        f"/maps/?county={county.code}&year={YEAR}&indicator=jobs_created"
    ).content.decode()
    row = page.split('id="table-map"')[1].split(towns[0].name)[1].split("</tr>")[0]
    assert "无数据" in row


def test_an_unknown_class_method_is_a_chinese_400(client, catalogue):
    county, _towns = _county_with(2)
    response = client.get(f"/maps/?county={county.code}&classes=jenks")
    assert response.status_code == 400 and "分级方式" in response.content.decode()


def test_prefecture_map_links_each_county_to_its_towns(client, admin_user, catalogue):
    prefecture = Region.objects.create(code="888800000000", name="测试市", level=Level.PREFECTURE)
    county, towns = _county_with(2)
    Region.objects.filter(pk=county.pk).update(parent=prefecture)
    boundaries_seed(
        geometries={county.code: box(112, 37, 112.2, 37.1)}, level=Level.COUNTY, valid_from=2000
    )
    _figures(towns, admin_user, catalogue)
    client.force_login(admin_user)
    page = client.get(
        f"/maps/?region={prefecture.code}&year={YEAR}&indicator=jobs_created"
    ).content.decode()
    assert f"/maps/?county={county.code}" in page.replace("&amp;", "&")


@pytest.mark.parametrize("counties", [1, 4])
def test_prefecture_map_reads_a_fixed_number_of_queries(
    client, admin_user, catalogue, django_assert_num_queries, counties
):
    fill_province(catalogue, prefectures=1, counties=counties, towns=2, years=1)
    shapes = {code(1, c): box(112 + c * 0.2, 37, 112.2 + c * 0.2, 37.2) for c in range(1, 5)}
    boundaries_seed(
        geometries={k: v for k, v in shapes.items() if Region.objects.filter(code=k).exists()},
        level=Level.COUNTY,
        valid_from=2000,
    )
    client.force_login(admin_user)
    url = f"/maps/?region={code(1)}&year=2020&indicator=jobs_created"
    client.get(url)
    with django_assert_num_queries(REGIONAL_QUERIES):
        response = client.get(url)
    assert response.content.decode().count('"type":"choropleth"') >= 1


REGIONAL_QUERIES = 14


@pytest.mark.parametrize(
    ("language", "colon", "not_this"), [("zh-hans", "：", ": "), ("en", ": ", "：")]
)
def test_a_regions_hover_text_is_written_in_the_pages_language(
    client, admin_user, catalogue, language, colon, not_this
):
    county, towns = _county_with(2)
    _figures(towns, admin_user, catalogue)
    client.force_login(admin_user)
    client.cookies["django_language"] = language
    url = f"/maps/?county={county.code}&year={YEAR}&indicator=jobs_created&format=json"
    figure = client.get(url).json()
    hovers = [text for trace in figure["data"][:-1] for text in trace["text"]]
    assert len(hovers) == 2
    assert all(colon in text and not_this not in text for text in hovers)
