"""Cursor (keyset) pages: every row once, in order, at the same cost on every page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators.api.cursor import cursor_encode

from . import listing_data
from .conftest import keys, results

pytestmark = pytest.mark.django_db


@pytest.fixture
def answers_data(catalogue, county, towns, other_county, clerk):
    listing_data.build(catalogue, county, towns, other_county)


def walk(client, url: str) -> tuple[list[dict], list[int]]:
    """Follow ``next`` from the first cursor page; the rows and each page's query count."""
    rows, queries = [], []
    while url:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, response.content
        body = response.json()
        rows += body["results"]
        queries.append(len(captured))
        url = body["next"]
        assert body["previous"] is None
    return rows, queries


@pytest.mark.parametrize("endpoint", ["values", "targets"])
def test_walking_by_cursor_yields_every_row_once_in_order(
    client_for, admin_user, endpoint, answers_data
):
    client = client_for(admin_user)
    everything = results(client.get(f"/api/v1/{endpoint}/?page_size=1000"))
    walked, _queries = walk(client, f"/api/v1/{endpoint}/?cursor=&page_size=3")
    assert walked == everything
    assert len(everything) > 6


def test_a_cursor_walk_keeps_the_filter_and_the_count(anonymous, answers_data):
    url = "/api/v1/values/?region=888801000000&cursor=&page_size=2"
    first = anonymous.get(url).json()
    walked, _queries = walk(anonymous, url)
    expected = results(anonymous.get("/api/v1/values/?region=888801000000&page_size=1000"))
    assert walked == expected
    assert first["count"] == len(expected)


def test_every_cursor_page_costs_the_same_number_of_queries(client_for, clerk, answers_data):
    client = client_for(clerk)
    client.get("/api/v1/values/?page_size=2")  # the count of this data version, cached
    _rows, queries = walk(client, "/api/v1/values/?cursor=&page_size=2")
    assert len(queries) > 3
    assert len(set(queries)) == 1, queries


@pytest.mark.parametrize(
    "cursor",
    [
        "nonsense",
        "WyI4ODg4MDExMDEwMDAiLDIwMjQsMSwxLCJ4Il0:1abc:forged",
        cursor_encode(("888801101000", "2024")),  # signed, but not a key
    ],
)
def test_a_tampered_cursor_is_a_400_in_chinese(anonymous, answers_data, cursor):
    response = anonymous.get(f"/api/v1/values/?cursor={cursor}")
    assert response.status_code == 400
    error = response.json()["error"]
    assert (error["code"], list(error["details"])) == ("invalid", ["cursor"])
    assert "游标无效" in error["message"]


def test_a_cursor_changed_by_hand_is_refused(anonymous, answers_data):
    following = anonymous.get("/api/v1/values/?cursor=&page_size=2").json()["next"]
    token = following.split("cursor=")[1].split("&")[0]
    forged = token.replace(token[5], "A" if token[5] != "A" else "B", 1)
    response = anonymous.get(f"/api/v1/values/?cursor={forged}&page_size=2")
    assert response.status_code == 400


def test_cursor_and_page_together_are_a_400(anonymous, answers_data):
    response = anonymous.get("/api/v1/values/?cursor=&page=2")
    assert response.status_code == 400
    assert list(response.json()["error"]["details"]) == ["cursor"]


def test_numbered_pages_still_work_alongside(anonymous, answers_data):
    second = anonymous.get("/api/v1/values/?page_size=3&page=2")
    walked, _queries = walk(anonymous, "/api/v1/values/?cursor=&page_size=3")
    assert keys(second) == [(r["indicator"], r["region"], r["year"]) for r in walked[3:6]]
