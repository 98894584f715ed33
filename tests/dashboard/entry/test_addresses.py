"""Odd codes and years in addresses get a Chinese 404, never a database error.

PostgreSQL refuses a NUL byte in a query with a ValueError (a 500), and int()
refuses "²" although str.isdigit() accepts it: run these on PostgreSQL too.
"""

import pytest

from dashboard.entry import progress, review, views
from indicators.reads.history import report_history
from tests.factories import save_figures

from .conftest import entry_url

TOWN = "888801101000"  # the first of the `towns` fixture

ODD_TOWNS = [
    "8888011010０0",  # a full-width digit
    "88880110100²",  # a superscript: isdigit() is true, int() fails
    "٨٨٨٨٠١١٠١٠٠٠",  # Arabic-Indic digits: int() accepts them, the database has none
    "8888011010000",  # 13 digits
    "abc",
    "%20888801101000",
]


@pytest.mark.parametrize("town", ODD_TOWNS)
@pytest.mark.parametrize("page", ["", "history/"])
def test_an_odd_town_code_is_a_chinese_404(client, towns, county_official, town, page):
    client.force_login(county_official)
    response = client.get(f"/entry/{town}/2024/{page}")
    assert response.status_code == 404
    assert "找不到这个镇" in response.content.decode()


@pytest.mark.parametrize("town", ["88880110100²", "８８８８01101000"])
def test_an_odd_town_code_in_a_workflow_step_is_a_chinese_404(client, towns, county_official, town):
    client.force_login(county_official)
    response = client.post(f"/entry/{town}/2024/transition/", {"action": "approve", "version": 0})
    assert response.status_code == 404
    assert "找不到这个镇" in response.content.decode()


@pytest.mark.parametrize("path", ["/entry/%00/2024/", f"/entry/{TOWN}%00/2024/history/"])
def test_a_nul_byte_in_the_path_is_refused_not_an_error(client, towns, county_official, path):
    client.force_login(county_official)
    response = client.get(path)  # the NUL middleware answers first, with a Chinese 400
    assert response.status_code in (400, 404)
    assert "空字符" in response.content.decode() or "找不到" in response.content.decode()


@pytest.mark.parametrize(
    "view, kwargs, query",
    [
        (views.report_entry, {"town": "\x00", "year": 2024}, {}),
        (review.report_history_page, {"town": f"{TOWN[:-1]}\x00", "year": 2024}, {}),
        (progress.progress, {}, {"county": "\x00"}),
        (progress.progress, {}, {"year": "2024\x00"}),
    ],
)
def test_the_entry_views_themselves_refuse_a_nul_before_any_query(
    rf, towns, county_official, view, kwargs, query, django_assert_max_num_queries
):
    # Without the NUL middleware in front, e.g. if it is ever reordered or removed.
    request = rf.get("/", query)
    request.user = county_official
    with django_assert_max_num_queries(3):  # the user's profile and county; nothing with NUL
        response = view(request, **kwargs)
    assert response.status_code == 404
    assert "找不到" in response.content.decode() or "年度" in response.content.decode()


@pytest.mark.parametrize("year", ["1999", "2101", "0", "00002024x"])
def test_a_year_out_of_range_is_a_404(client, towns, county_official, year):
    client.force_login(county_official)
    assert client.get(f"/entry/{TOWN}/{year}/").status_code == 404


def test_an_unknown_town_is_a_chinese_404(client, towns, county_official):
    client.force_login(county_official)
    response = client.get("/entry/888801199000/2024/")
    assert response.status_code == 404
    assert "找不到这个镇" in response.content.decode()


def test_a_well_formed_town_still_opens(client, towns, county_official, catalogue):
    client.force_login(county_official)
    assert client.get(f"/entry/{TOWN}/2024/").status_code == 200


@pytest.mark.parametrize("code", ["88880000000²", "８８８８00000000", "8888000000001", "x"])
def test_an_odd_county_on_the_progress_page_is_a_chinese_404(
    client, code, county_official, county_code
):
    client.force_login(county_official)
    response = client.get(f"/progress/?county={code}")
    assert response.status_code == 404
    assert "找不到这个县" in response.content.decode()


@pytest.mark.parametrize("year", ["²", "２０２４", "%202024", "+2024", "2_024", "1999", "9" * 5000])
def test_an_odd_year_on_the_progress_page_is_a_chinese_404(
    client, county_official, county_code, year
):
    client.force_login(county_official)
    response = client.get(f"/progress/?county={county_code}&year={year}")
    assert response.status_code == 404
    assert "年度" in response.content.decode()


def test_the_progress_page_still_reads_a_plain_year(client, county_official, county_code, towns):
    client.force_login(county_official)
    response = client.get(f"/progress/?county={county_code}&year=2024")
    assert response.status_code == 200


@pytest.fixture
def county_code(county, towns):
    return county.code


def test_history_of_an_indicator_gone_from_the_catalogue_shows_its_code(
    client, report, catalogue, clerk
):
    save_figures(report.region, 2024, {"raw_coal_output": ("12.50", "补录")}, user=clerk)
    without = {
        code: indicator for code, indicator in catalogue.items() if code != "raw_coal_output"
    }
    [change] = report_history(report, without)
    assert (change.code, change.indicator, change.name) == (
        "raw_coal_output",
        None,
        "raw_coal_output",
    )
    assert (change.old_text, change.new_text) == ("", "12.5")
    # The page, with the full catalogue, still links the indicator by name.
    client.force_login(clerk)
    html = client.get(entry_url(report) + "history/").content.decode()
    assert '<a href="?indicator=raw_coal_output">原煤产量</a>' in html
