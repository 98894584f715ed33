"""Odd characters in a dashboard URL get a Chinese 400/404, never a 500 (SQLite and PostgreSQL)."""

import pytest

from dashboard.filters import parse_filters

COUNTY = "888801000000"
TOWN = "888801101000"
FULL_WIDTH_TOWN = TOWN.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
PAGES = ["/", "/towns/", f"/towns/{TOWN}/", "/sections/industry/", "/indicators/raw_coal_output/"]


@pytest.mark.parametrize(
    "url, name", [(url, "year") for url in PAGES] + [("/", "from"), ("/towns/", "to")]
)
@pytest.mark.parametrize(
    "raw",
    ["²", "①", "٢٠٢٠", "２０２０５", "2020\u200b", "9" * 5000],
    ids=["superscript", "circled", "arabic-indic", "full-width-5", "zero-width", "5000-digits"],
)
def test_a_year_of_non_ascii_digits_is_a_chinese_400(client, small_county, url, name, raw):
    response = client.get(url, {name: raw})
    assert response.status_code == 400
    assert "应为" in response.content.decode()


def test_a_year_in_full_width_digits_is_read_as_the_year(rf, small_county):
    request = rf.get("/", {"year": "２０２０"})
    request.user = pytest.importorskip("django.contrib.auth.models").AnonymousUser()
    assert parse_filters(request).year == 2020


@pytest.mark.parametrize(
    "url, params",
    [
        ("/towns/%00/", {}),
        (f"/towns/{TOWN[:-1]}%00/", {}),
        ("/towns/%E2%91%A0/", {}),
        ("/towns/²²²²²²²²²²²²/", {}),
        ("/towns/", {"county": "\x00"}),
        ("/towns/", {"county": COUNTY[:-1] + "\x00"}),
        ("/towns/", {"county": "٨٨٨٨٠١٠٠٠٠٠٠"}),
        ("/", {"county": "²" * 12}),
        ("/sections/industry/", {"town": "\x00"}),
        ("/sections/industry/", {"town": TOWN[:-1] + "\x00"}),
        ("/indicators/raw_coal_output/", {"town": "①" * 12}),
        ("/indicators/%00/", {}),
        ("/sections/%00/", {}),
    ],
)
def test_a_region_code_with_nul_or_odd_digits_never_reaches_the_database(
    client, small_county, url, params
):
    response = client.get(url, params)
    assert response.status_code in (400, 404)
    assert "\x00" not in response.content.decode()


@pytest.mark.parametrize(
    "url, params, status",
    [
        ("/towns/①/", {}, 404),
        (f"/towns/{'²' * 12}/", {}, 404),
        (f"/towns/{TOWN[:-1]}x/", {}, 404),
        ("/", {"county": "٨٨٨٨٠١٠٠٠٠٠٠"}, 400),
        ("/towns/", {"county": "²" * 12}, 400),
        ("/sections/industry/", {"town": "①" * 12}, 400),
    ],
)
def test_a_region_code_of_odd_digits_says_so_in_chinese(client, small_county, url, params, status):
    response = client.get(url, params)
    assert response.status_code == status
    html = response.content.decode()
    assert "无法显示此页" in html
    assert "代码应为12位数字" in html


def test_a_town_code_in_full_width_digits_opens_the_town(client, small_county):
    response = client.get(f"/towns/{FULL_WIDTH_TOWN}/")
    assert response.status_code == 200
    assert "测试1镇" in response.content.decode()
