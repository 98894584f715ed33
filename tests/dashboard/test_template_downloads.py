"""Downloading the Excel fill-in template: a town's, a county's, and who may have which."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from indicators.catalogue.years import current_year
from indicators.models import Role
from tests import factories
from tests.factories import save_figures, user_with_role

YEAR = 2024
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def town_url(town, year=YEAR) -> str:
    return f"/entry/{town.code}/{year}/template.xlsx"


def county_url(county, year=YEAR) -> str:
    return f"/progress/template.xlsx?county={county.code}&year={year}"


def towns_in(response) -> tuple[list[str], int]:
    """The towns of the template's rows, in order, and the number of rows."""
    sheet = load_workbook(io.BytesIO(response.content))["填报"]
    codes = [row[0] for row in sheet.iter_rows(min_row=5, values_only=True)]
    return list(dict.fromkeys(codes)), len(codes)


def test_a_clerk_downloads_the_own_towns_template(client, clerk, towns, catalogue):
    save_figures(towns[0], YEAR, {"raw_coal_output": 150}, user=clerk)
    client.force_login(clerk)
    response = client.get(town_url(towns[0]))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == (
        f'attachment; filename="template-{towns[0].code}-{YEAR}.xlsx"'
    )
    assert "no-store" in response["Cache-Control"]
    assert towns_in(response) == ([towns[0].code], 41)
    rows = load_workbook(io.BytesIO(response.content))["填报"].iter_rows(
        min_row=5, values_only=True
    )
    assert {row[3]: row[7] for row in rows}["raw_coal_output"] == 150


def test_a_clerk_of_another_town_gets_403(client, towns, catalogue):
    client.force_login(user_with_role(Role.CLERK, towns[1], "neighbour"))
    response = client.get(town_url(towns[0]))
    assert response.status_code == 403
    assert "您没有权限" in response.content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(client, towns, catalogue):
    for url in (town_url(towns[0]), county_url(towns[0].parent)):
        response = client.get(url)
        assert response.status_code == 302
        assert "login" in response.url and "next=" in response.url


def test_a_county_official_gets_every_town_of_the_county(
    client, county, towns, catalogue, county_official
):
    client.force_login(county_official)
    response = client.get(county_url(county))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert f'filename="template-{county.code}-{YEAR}.xlsx"' in response["Content-Disposition"]
    assert towns_in(response) == ([town.code for town in towns], 3 * 41)


def test_town_staff_get_only_their_own_town_in_the_county_template(
    client, county, towns, catalogue, clerk
):
    client.force_login(clerk)
    response = client.get(county_url(county))
    assert response.status_code == 200
    assert towns_in(response) == ([towns[0].code], 41)


def test_an_official_of_another_county_gets_403(client, county, towns, other_county, catalogue):
    client.force_login(user_with_role(Role.COUNTY, other_county, "stranger"))
    assert client.get(county_url(county)).status_code == 403
    assert client.get(town_url(towns[0])).status_code == 403


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/entry/888801101000/{next}/template.xlsx", "年度应在 2000 至 {this} 之间"),
        ("/entry/888801101000/1999/template.xlsx", "年度应在 2000 至 {this} 之间"),
        ("/entry/888801199000/2024/template.xlsx", "找不到这个镇"),
        ("/entry/８８８801101000/2024/template.xlsx", "找不到这个镇"),
        ("/progress/template.xlsx?county=888801000000&year={next}", "年度应在 2000 至 {this} 之间"),
        ("/progress/template.xlsx?county=888801000000&year=２０２４", "年度不对"),
        ("/progress/template.xlsx?county=888801101000&year=2024", "找不到这个县"),
    ],
)
def test_a_year_not_begun_or_an_unknown_place_is_a_chinese_404(
    client, towns, catalogue, admin_user, url, message
):
    client.force_login(admin_user)
    this = current_year()
    response = client.get(url.format(next=this + 1))
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assert message.format(this=this) in response.content.decode()


def test_only_get_is_allowed(client, clerk, towns, catalogue):
    client.force_login(clerk)
    assert client.post(town_url(towns[0])).status_code == 405


def test_the_pages_link_to_the_templates(client, clerk, county_official, county, towns, catalogue):
    client.force_login(clerk)
    page = client.get(f"/entry/{towns[0].code}/{YEAR}/").content.decode()
    assert f'href="{town_url(towns[0])}"' in page and "下载 Excel 模板" in page
    client.force_login(county_official)
    page = client.get(f"/progress/?county={county.code}&year={YEAR}").content.decode()
    # The county's template is made in the background, with its progress (dashboard/jobs).
    assert f'action="/progress/template/?county={county.code}&amp;year={YEAR}"' in page
    assert "下载全县 Excel 模板" in page


def test_the_county_template_takes_as_many_queries_for_8_towns_as_for_3(
    client, county, towns, catalogue, county_official
):
    client.force_login(county_official)
    counts = []
    for more in ([], range(4, 9)):
        for number in more:
            factories.town(county, number)
        with CaptureQueriesContext(connection) as queries:
            assert towns_in(client.get(county_url(county)))[1] == (3 + len(more)) * 41
        counts.append(len(queries))
    # + the download's audit entry: the chain's head, the insert
    assert counts[0] == counts[1] <= 12
