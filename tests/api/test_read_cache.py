"""Values and aggregates keep their JSON answer under the data stamps: a repeat costs
one query (the stamps), and a write changes the next answer at once."""

import pytest

from indicators.models import Status

from .conftest import put_figures

pytestmark = pytest.mark.django_db

TOWN_YEAR = "/api/v1/values/?region=888801101000&year=2024"
AGGREGATES = "/api/v1/aggregates/?region=888801000000&indicator=raw_coal_output"


def test_a_values_page_takes_three_queries_then_one(anonymous, figures, django_assert_num_queries):
    with django_assert_num_queries(3):  # the stamps, the region, the page
        cold = anonymous.get(TOWN_YEAR)
    with django_assert_num_queries(1):  # the stamps
        warm = anonymous.get(TOWN_YEAR)
    assert cold.status_code == warm.status_code == 200
    assert warm.content == cold.content and warm["ETag"] == cold["ETag"]
    assert warm["Content-Type"] == "application/json"
    assert len(cold.json()["results"]) == 2


def test_aggregates_take_four_queries_then_one(anonymous, figures, django_assert_num_queries):
    with django_assert_num_queries(4):  # the stamps, the region, its indicators, the summaries
        cold = anonymous.get(AGGREGATES)
    with django_assert_num_queries(1):
        warm = anonymous.get(AGGREGATES)
    assert warm.content == cold.content
    assert cold.json()[0]["value"] == "600.75"


@pytest.mark.parametrize(("url", "now"), [(TOWN_YEAR, b'"1.00"'), (AGGREGATES, b'"501.50"')])
def test_a_write_changes_the_next_answer(anonymous, figures, catalogue, url, now):
    before = anonymous.get(url)
    put_figures(figures["towns"][0], 2024, Status.APPROVED, {"raw_coal_output": "1.00"}, catalogue)
    after = anonymous.get(url)
    assert after.content != before.content
    assert after["ETag"] != before["ETag"]
    assert now in after.content and now not in before.content


def test_a_kept_answer_is_a_304_for_a_client_that_has_it(
    anonymous, figures, django_assert_num_queries
):
    etag = anonymous.get(TOWN_YEAR)["ETag"]
    with django_assert_num_queries(1):
        assert anonymous.get(TOWN_YEAR, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_each_caller_scope_has_its_own_answer(anonymous, client_for, admin_user, figures):
    url = "/api/v1/values/?region=888801101000"
    public = anonymous.get(url).json()
    everything = client_for(admin_user).get(url).json()
    assert public["count"] == 2 and everything["count"] == 3  # the 2025 draft
    assert anonymous.get(url).json() == public


def test_a_bad_question_is_checked_every_time(anonymous, figures):
    for _ in range(2):
        answer = anonymous.get("/api/v1/values/?region=888801101000&indicator=nope")
        assert answer.status_code == 400


def test_the_next_link_follows_the_host(anonymous, figures):
    url = "/api/v1/values/?region=888801000000&page_size=1"
    one = anonymous.get(url, HTTP_HOST="testserver").json()["next"]
    other = anonymous.get(url, HTTP_HOST="testserver:8000").json()["next"]
    assert one.startswith("http://testserver/") and other.startswith("http://testserver:8000/")


@pytest.mark.parametrize("endpoint", ["values", "aggregates"])
@pytest.mark.parametrize("region", ["%00%00", "88", "8888011010000"])
def test_a_malformed_region_is_a_400_though_the_stamps_are_read_first(
    anonymous, figures, endpoint, region
):
    answer = anonymous.get(f"/api/v1/{endpoint}/?region={region}")
    assert answer.status_code == 400
    assert answer.json()["error"]["status"] == 400
