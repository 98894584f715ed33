"""Workflow statuses are internal: anonymous visitors see 已发布 or nothing."""

import csv
import io

import pytest

from indicators.models import Report, Status
from tests.factories import reports_set_status, user_with_role

COUNTY = "888801000000"
INTERNAL = ("草稿", "已提交", "退回", "已审核", "未开始")


@pytest.fixture
def mixed_county(small_county):
    """Town 1's 2021 report approved, town 2's submitted, town 3's returned; 2020 drafts."""
    reports_set_status(Report.objects.filter(region=small_county[1], year=2021), Status.SUBMITTED)
    reports_set_status(Report.objects.filter(region=small_county[2], year=2021), Status.RETURNED)
    reports_set_status(Report.objects.filter(year=2020), Status.DRAFT)
    return small_county


def badges(html: str) -> list[str]:
    return [chunk.split('"')[0] for chunk in html.split('data-status="')[1:]]


@pytest.mark.parametrize("number", [0, 1, 2])
def test_an_anonymous_visitor_sees_published_or_nothing_on_a_town_page(
    client, mixed_county, number
):
    town = mixed_county[number]
    html = client.get(f"/towns/{town.code}/", {"county": COUNTY, "year": 2021}).content.decode()
    head = html.split("<h1>")[1].split("</h1>")[0]
    assert badges(head) == (["published"] if number == 0 else [])
    assert ("已发布" in head) == (number == 0)
    assert not any(word in head for word in INTERNAL)


def test_the_towns_list_shows_anonymous_visitors_only_what_is_published(client, mixed_county):
    html = client.get("/towns/", {"county": COUNTY, "year": 2021}).content.decode()
    table = html.split('id="table-towns"')[1].split("</table>")[0]
    assert set(badges(table)) == {"published"}
    assert table.count("已发布") == 1
    assert not any(word in table for word in INTERNAL)


def test_the_towns_download_shows_anonymous_visitors_only_what_is_published(client, mixed_county):
    response = client.get(
        "/towns/", {"county": COUNTY, "year": 2021, "export": "csv", "table": "towns"}
    )
    text = b"".join(response.streaming_content if response.streaming else [response.content])
    cells = {cell for row in csv.reader(io.StringIO(text.decode("utf-8-sig"))) for cell in row}
    assert "已发布" in cells
    assert not cells & set(INTERNAL)


def test_the_annual_report_page_hides_the_status_from_anonymous_visitors(client, mixed_county):
    response = client.get(f"/report/{mixed_county[1].code}/2021/")
    head = response.content.decode().split("<h1>")[1].split("</h1>")[0]
    assert response.status_code == 200
    assert badges(head) == []
    assert not any(word in head for word in INTERNAL)


def test_signed_in_users_keep_the_workflow_statuses(client, mixed_county, county):
    client.force_login(user_with_role("county", county, "official"))
    html = client.get("/towns/", {"county": COUNTY, "year": 2021}).content.decode()
    table = html.split('id="table-towns"')[1].split("</table>")[0]
    assert {"approved", "submitted", "returned", "draft"} <= set(badges(table))
    assert "已发布" not in table
