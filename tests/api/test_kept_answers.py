"""A list asked again at the same data stamps is answered before the request stack
(indicators/api/kept.py): the caller is still checked and counted, and the answer is the
one the whole stack gave, headers and all. Anything it cannot answer goes on as before."""

import pytest
from django.db import OperationalError, close_old_connections, connection

from indicators.accounts.tokens import token_revoke
from indicators.api import kept
from indicators.api.aggregates import AggregateViewSet
from indicators.api.permissions import CanWriteTargets
from indicators.models import Status

from .conftest import put_figures

pytestmark = pytest.mark.django_db

AGGREGATES = "/api/v1/aggregates/?region=888801000000&indicator=raw_coal_output"
TOWN_YEAR = "/api/v1/values/?region=888801101000&year=2024"


@pytest.fixture
def view_calls(monkeypatch):
    """How many requests reached the aggregates view."""
    calls = []
    answer = AggregateViewSet.list

    def counted(self, request):
        calls.append(request.get_full_path())
        return answer(self, request)

    monkeypatch.setattr(AggregateViewSet, "list", counted)
    return calls


def test_a_repeat_is_the_first_answer_headers_and_all(anonymous, figures, view_calls):
    first = anonymous.get(AGGREGATES)
    again = anonymous.get(AGGREGATES)
    assert len(view_calls) == 1
    assert again.status_code == first.status_code == 200
    assert again.content == first.content
    assert dict(again.items()) == dict(first.items())
    # The headers the inner middleware set are kept; the outer ones set them anew.
    assert again["X-Frame-Options"] == "DENY"
    assert "Cookie" in again["Vary"] and again["Content-Language"] == "zh-hans"
    assert "default-src 'self'" in again["Content-Security-Policy"]


def test_a_repeat_costs_one_query(anonymous, figures, django_assert_num_queries):
    anonymous.get(TOWN_YEAR)
    with django_assert_num_queries(1):  # the stamps
        assert anonymous.get(TOWN_YEAR).status_code == 200


def test_a_write_is_in_the_very_next_answer(anonymous, figures, catalogue, view_calls):
    before = anonymous.get(AGGREGATES)
    put_figures(figures["towns"][0], 2024, Status.APPROVED, {"raw_coal_output": "1.00"}, catalogue)
    after = anonymous.get(AGGREGATES)
    assert len(view_calls) == 2
    assert after.json()[0]["value"] == "501.50" != before.json()[0]["value"]


def test_a_token_is_checked_on_every_kept_answer(client_for, clerk, figures, view_calls):
    client = client_for(clerk)
    assert client.get(AGGREGATES).status_code == client.get(AGGREGATES).status_code == 200
    assert len(view_calls) == 1
    token_revoke(user=clerk)
    refused = client.get(AGGREGATES)
    assert refused.status_code == 401
    assert refused.json()["error"]["message"] == "令牌无效或已撤销。"


def test_a_caller_the_view_would_refuse_is_refused(client_for, clerk, figures, monkeypatch):
    client = client_for(clerk)
    assert client.get(AGGREGATES).status_code == 200
    # Were the list for county officials and administrators only, the clerk's kept
    # answer would not be theirs any more.
    monkeypatch.setattr(AggregateViewSet, "permission_classes", [CanWriteTargets])
    assert client.get(AGGREGATES).status_code == 403


def test_a_malformed_token_gets_the_full_stacks_401(anonymous, figures):
    anonymous.get(AGGREGATES)
    refused = anonymous.get(AGGREGATES, HTTP_AUTHORIZATION="Token nothex")
    assert refused.status_code == 401
    assert refused.json()["error"]["code"] == "token_malformed"


def test_kept_answers_count_against_the_budget(anonymous, figures, settings, steady_clock):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/minute", "user": "100/minute"},
    }
    answers = [anonymous.get(AGGREGATES) for _ in range(4)]
    assert [answer.status_code for answer in answers] == [200, 200, 200, 429]
    assert answers[-1].json()["error"]["code"] == "throttled"
    assert int(answers[-1]["Retry-After"]) > 0


def test_a_client_that_has_the_answer_gets_a_304(anonymous, figures, django_assert_num_queries):
    first = anonymous.get(AGGREGATES)
    anonymous.get(AGGREGATES)
    with django_assert_num_queries(1):
        unchanged = anonymous.get(AGGREGATES, HTTP_IF_NONE_MATCH=first["ETag"])
    assert unchanged.status_code == 304 and unchanged.content == b""
    assert unchanged["ETag"] == first["ETag"]
    assert unchanged["Last-Modified"] == first["Last-Modified"]


def test_each_language_has_its_own_answer(anonymous, figures, view_calls):
    # The figures read the same in both (units and names are the catalogue's data);
    # the answer's Content-Language does not.
    chinese = anonymous.get(AGGREGATES)
    anonymous.cookies["django_language"] = "en"
    english = [anonymous.get(AGGREGATES) for _ in range(2)]
    assert chinese["Content-Language"] == "zh-hans"
    assert english[0]["Content-Language"] == english[1]["Content-Language"] == "en"
    assert len(view_calls) == 2


def test_each_host_has_its_own_links(anonymous, figures):
    url = "/api/v1/values/?region=888801000000&page_size=1"
    for _ in range(2):
        one = anonymous.get(url, HTTP_HOST="testserver").json()["next"]
        other = anonymous.get(url, HTTP_HOST="testserver:8000").json()["next"]
    assert one.startswith("http://testserver/") and other.startswith("http://testserver:8000/")


def test_a_signed_in_browser_takes_the_whole_stack(client, clerk, figures, view_calls):
    client.force_login(clerk)
    for _ in range(2):
        assert client.get(AGGREGATES).status_code == 200
    assert len(view_calls) == 2


@pytest.mark.parametrize(
    ("url", "headers"),
    [
        (TOWN_YEAR + "&format=csv", {}),
        (TOWN_YEAR, {"HTTP_ACCEPT": "text/csv"}),
        (TOWN_YEAR + "&format=xlsx", {}),
    ],
)
def test_an_export_is_never_looked_up(anonymous, figures, monkeypatch, url, headers):
    glances = []
    monkeypatch.setattr(kept, "stamps_glance", lambda *args: glances.append(args))
    for _ in range(2):
        answer = anonymous.get(url, **headers)
        assert answer.status_code == 200
        assert not answer["Content-Type"].startswith("application/json")
    assert glances == []


def test_a_bad_question_is_answered_by_the_view_each_time(anonymous, figures, view_calls):
    for _ in range(2):
        answer = anonymous.get("/api/v1/aggregates/?region=888801000000&indicator=nope")
        assert answer.status_code == 400
    assert len(view_calls) == 2


def test_a_stamps_error_leaves_the_answer_to_the_whole_stack(
    anonymous, figures, monkeypatch, view_calls
):
    first = anonymous.get(AGGREGATES)

    def unavailable(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(kept, "stamps_glance", unavailable)
    again = anonymous.get(AGGREGATES)
    assert again.status_code == 200 and again.content == first.content
    assert len(view_calls) == 2


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_a_connection_the_database_dropped_is_opened_again(anonymous, figures):
    """The kept path reads the stamps without Django's health check: a dropped
    connection fails there, and the full stack's first query opens a new one."""
    first = anonymous.get(AGGREGATES)
    anonymous.get(AGGREGATES)
    connection.connection.close()  # as a restarted server leaves it
    # What starts every request in production (request_started), and which Django's
    # test client leaves out: the connection's health is to be checked again.
    close_old_connections()
    again = anonymous.get(AGGREGATES)
    assert again.status_code == 200 and again.content == first.content
    assert anonymous.get(AGGREGATES).status_code == 200
