"""A locked, busy or unreachable database is a 503 with Retry-After, never a 500.

SQLite answers "database is locked" when another connection holds the write lock
past the busy timeout; PostgreSQL refuses connections while it is down. Both pass
with time, so the API and the pages say "try again shortly". Any other database
error stays a 500.
"""

import contextlib
import json

import pytest
from django.db import connection
from django.db.utils import OperationalError
from django.test import Client, RequestFactory
from rest_framework.test import APIClient

from config.dbstate import RETRY_AFTER_SECONDS, database_unavailable
from dashboard.middleware import DatabaseUnavailableMiddleware
from indicators.accounts.tokens import token_issue
from tests.dashboard.entry.conftest import entry_url, form_data
from tests.factories import ReportFactory

LOCKED = "database is locked"
REFUSED = (
    'connection failed: connection to server at "127.0.0.1", port 5432 failed: '
    "Connection refused\n\tIs the server running on that host and accepting TCP/IP connections?"
)
UNRELATED = "no such column: indicators_indicator.nonsense"
MESSAGE = "数据库暂时繁忙或不可用，请稍后重试。"

pytestmark = pytest.mark.django_db


@contextlib.contextmanager
def every_query_fails(message: str):
    """Each SQL statement fails as the database would; savepoints still work."""

    def fail(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK")):
            return execute(sql, params, many, context)
        raise OperationalError(message)

    with connection.execute_wrapper(fail):
        yield


@pytest.fixture
def admin_api(admin_user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_issue(user=admin_user)}")
    return client


def assert_api_503(response) -> None:
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert json.loads(response.content) == {
        "error": {
            "status": 503,
            "code": "database_unavailable",
            "message": MESSAGE,
            "details": None,
        }
    }


def assert_page_503(response) -> None:
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "系统暂时繁忙" in html
    assert MESSAGE in html


# -- which errors count -------------------------------------------------------


class FakePostgresError(Exception):
    def __init__(self, sqlstate: str | None):
        super().__init__("driver error")
        self.sqlstate = sqlstate


def wrapped(sqlstate: str | None, message: str = "driver error") -> OperationalError:
    error = OperationalError(message)
    error.__cause__ = FakePostgresError(sqlstate)
    return error


@pytest.mark.parametrize(
    "error",
    [
        OperationalError(LOCKED),
        OperationalError("database table is locked: indicators_datavalue"),
        OperationalError(REFUSED),
        OperationalError("could not connect to server: Connection refused"),
        OperationalError("FATAL:  the database system is starting up"),
        OperationalError("FATAL:  sorry, too many clients already"),
        wrapped("08006"),  # connection failure
        wrapped("57P01"),  # terminating connection due to administrator command
        wrapped("55P03"),  # lock not available (lock_timeout)
        wrapped("40P01"),  # deadlock detected: rolled back whole, try again
        wrapped("40001"),  # serialization failure: likewise
    ],
)
def test_busy_or_unreachable_databases_are_recognised(error):
    assert database_unavailable(error)


@pytest.mark.parametrize(
    "error",
    [
        OperationalError(UNRELATED),
        OperationalError("disk I/O error"),
        wrapped("42703", 'column "nonsense" does not exist'),
        ValueError(LOCKED),  # not a database error, whatever it says
    ],
)
def test_other_errors_are_not(error):
    assert not database_unavailable(error)


# -- the API ----------------------------------------------------------------


def test_a_locked_database_during_a_bulk_write_is_a_json_503(
    admin_api, catalogue, towns, monkeypatch
):
    def locked(**kwargs):
        raise OperationalError(LOCKED)

    monkeypatch.setattr("indicators.api.bulk.figures_import", locked)
    row = {"indicator": "street_lights", "region": towns[0].code, "year": 2024, "value": 5}
    response = admin_api.post("/api/v1/values/bulk/", {"values": [row]}, format="json")
    assert_api_503(response)


@pytest.mark.parametrize("message", [LOCKED, REFUSED])
@pytest.mark.parametrize("path", ["/api/v1/indicators/", "/api/v1/values/?region=888801000000"])
def test_an_api_read_when_no_query_succeeds_is_a_json_503(admin_api, catalogue, message, path):
    with every_query_fails(message):
        response = admin_api.get(path)
    assert_api_503(response)


def test_an_api_csv_request_still_gets_the_json_503(admin_api, catalogue):
    with every_query_fails(LOCKED):
        response = admin_api.get("/api/v1/indicators/?format=csv")
    assert_api_503(response)


def test_another_database_error_stays_the_apis_500(admin_api, catalogue):
    with every_query_fails(UNRELATED):
        response = admin_api.get("/api/v1/indicators/")
    assert response.status_code == 500
    assert "Retry-After" not in response
    assert response.json()["error"]["code"] == "server_error"
    assert response.json()["error"]["status"] == 500


def test_an_api_error_that_escapes_drf_still_gets_the_json_503():
    request = RequestFactory().get("/api/v1/values/")
    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    response = middleware.process_exception(request, OperationalError(LOCKED))
    assert_api_503(response)


# -- pages ------------------------------------------------------------------


@pytest.mark.parametrize("message", [LOCKED, REFUSED])
@pytest.mark.parametrize(
    "path", ["/indicators/", "/?county=888801000000", "/towns/?county=888801000000"]
)
def test_a_page_when_no_query_succeeds_is_a_chinese_503(client, catalogue, towns, message, path):
    with every_query_fails(message):
        response = client.get(path)
    assert_page_503(response)


def test_a_signed_in_user_gets_the_503_page_too(client, clerk, catalogue):
    # Reading the session and the user fails as well: the page itself asks nothing.
    client.force_login(clerk)
    with every_query_fails(LOCKED):
        response = client.get("/entry/")
    assert_page_503(response)


def test_a_locked_database_while_saving_the_entry_form_is_a_503(
    client, clerk, towns, catalogue, monkeypatch
):
    def locked(**kwargs):
        raise OperationalError(LOCKED)

    monkeypatch.setattr("dashboard.entry.views.figures_import", locked)
    report = ReportFactory(region=towns[0], year=2024)
    client.force_login(clerk)
    response = client.post(entry_url(report), form_data(catalogue, values={"street_lights": "5"}))
    assert_page_503(response)


def test_the_503_page_speaks_english_when_chosen(client, catalogue):
    client.cookies["django_language"] = "en"
    with every_query_fails(LOCKED):
        response = client.get("/indicators/")
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert '<html lang="en">' in response.content.decode()


def test_another_database_error_on_a_page_stays_a_500(catalogue):
    client = Client(raise_request_exception=False)
    with every_query_fails(UNRELATED):
        response = client.get("/indicators/")
    assert response.status_code == 500
    assert "Retry-After" not in response
    assert "系统暂时繁忙" not in response.content.decode()


def test_an_unrelated_error_raises_through_the_middleware(catalogue):
    with every_query_fails(UNRELATED), pytest.raises(OperationalError, match="no such column"):
        Client().get("/indicators/")
