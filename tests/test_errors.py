"""Every 500 is our own Chinese page (or the API's JSON error) with an incident id that is
also in the log; a database that is busy or unreachable is a 503 even outside a view.
A 400, 403 or 404 that Django answers itself is a Chinese page too, or JSON under /api/."""

import logging
import re

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.db.utils import OperationalError
from django.test import Client
from django.urls import path
from rest_framework.views import APIView

from config import urls as project_urls


def page_that_breaks(request):
    raise ValueError("a bug in a page")


class ApiThatBreaks(APIView):
    authentication_classes: list = []
    permission_classes: list = []

    def get(self, request):
        raise ValueError("a bug in the API")


class BrokenMiddleware:
    """Raises before any view runs, as the session middleware would on a dead database."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.endswith("/locked/"):
            raise OperationalError("database is locked")
        if request.path.endswith("/middleware-bug/"):
            raise KeyError("a bug in a middleware")
        return self.get_response(request)


def page_that_refuses(request):
    raise PermissionDenied


def page_that_suspects(request):
    raise SuspiciousOperation("a forged field")


urlpatterns = [
    path("boom/", page_that_breaks),
    path("api/v1/boom/", ApiThatBreaks.as_view()),
    path("refuses/", page_that_refuses),
    path("api/refuses/", page_that_refuses),
    path("suspects/", page_that_suspects),
    path("api/suspects/", page_that_suspects),
    *project_urls.urlpatterns,
]
handler400 = project_urls.handler400
handler403 = project_urls.handler403
handler404 = project_urls.handler404
handler500 = project_urls.handler500

INCIDENT = re.compile(r"[0-9a-f]{8}")


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = __name__
    # Right after the session middleware, where a dead database first shows.
    after = settings.MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware") + 1
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE[:after],
        "tests.test_errors.BrokenMiddleware",
        *settings.MIDDLEWARE[after:],
    ]
    return Client(raise_request_exception=False)


def logged_incidents(caplog) -> list[str]:
    return [
        record.incident_id
        for record in caplog.records
        if getattr(record, "incident_id", None) and record.exc_info
    ]


@pytest.mark.django_db
def test_a_page_that_breaks_is_a_chinese_500_with_an_incident_id_in_the_log(production, caplog):
    with caplog.at_level(logging.ERROR):
        response = production.get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "服务器内部错误" in html and "事件编号" in html
    shown = re.search(r'class="incident-id">([0-9a-f]{8})<', html)[1]
    assert logged_incidents(caplog) == [shown]
    record = next(r for r in caplog.records if getattr(r, "incident_id", None))
    assert f"[incident {shown}]" in record.getMessage()
    assert "a bug in a page" in caplog.text


@pytest.mark.django_db
def test_the_500_page_does_not_touch_the_database(production, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = production.get("/boom/")
    assert response.status_code == 500


@pytest.mark.django_db
def test_an_api_500_is_json_carrying_the_incident_id_of_the_log(production, caplog):
    with caplog.at_level(logging.ERROR):
        response = production.get("/api/v1/boom/")
    assert response.status_code == 500
    error = response.json()["error"]
    assert error["code"] == "server_error"
    incident = error["details"]["incident"]
    assert INCIDENT.fullmatch(incident) and incident in error["message"]
    assert f"[incident {incident}]" in caplog.text
    assert "a bug in the API" in caplog.text


@pytest.mark.django_db
def test_each_500_has_its_own_incident_id(production):
    first, second = (production.get("/api/v1/boom/").json() for _ in range(2))
    assert first["error"]["details"]["incident"] != second["error"]["details"]["incident"]


@pytest.mark.django_db
def test_a_bug_in_a_middleware_is_our_500_page_too(production, caplog):
    with caplog.at_level(logging.ERROR):
        response = production.get("/middleware-bug/")
    assert response.status_code == 500
    assert "事件编号" in response.content.decode()
    assert len(logged_incidents(caplog)) == 1


@pytest.mark.django_db
def test_a_bug_in_a_middleware_on_an_api_path_is_the_json_500(production):
    response = production.get("/api/v1/middleware-bug/")
    assert response.status_code == 500
    assert response.json()["error"]["code"] == "server_error"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "json"), [("/locked/", False), ("/api/v1/locked/", True)], ids=["page", "api"]
)
def test_a_locked_database_outside_a_view_is_a_503_not_a_500(production, url, json):
    response = production.get(url)
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    if json:
        assert response.json()["error"]["code"] == "database_unavailable"
    else:
        assert "系统暂时繁忙" in response.content.decode()


@pytest.mark.django_db
def test_an_unknown_address_is_a_chinese_404_page_in_the_sites_layout(production):
    response = production.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="zh-hans">' in html
    assert "找不到此页" in html and "/no-such-page/" in html
    assert 'class="brand"' in html and 'href="/"' in html
    assert "Not Found" not in html


@pytest.mark.django_db
def test_the_404_page_speaks_english_after_the_language_switch(production):
    production.cookies["django_language"] = "en"
    html = production.get("/no-such-page/").content.decode()
    assert '<html lang="en">' in html
    assert "Page not found" in html and "找不到此页" not in html


@pytest.mark.django_db
def test_an_address_on_the_site_shows_only_escaped(production):
    html = production.get("/<script>alert(1)</script>/").content.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/", "/api/v2/figures/", "/api/v1/no-such-endpoint/"])
def test_an_unknown_address_under_api_is_a_json_404(production, url):
    response = production.get(url)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["error"]["code"] == "not_found"


@pytest.mark.django_db
def test_a_refused_page_is_a_chinese_403_page(production):
    response = production.get("/refuses/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "没有权限" in html and 'class="brand"' in html
    assert "403 Forbidden" not in html


@pytest.mark.django_db
def test_a_refused_api_call_is_a_json_403(production):
    response = production.get("/api/refuses/")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"


@pytest.mark.django_db
def test_a_suspicious_request_is_a_chinese_400_page(production):
    response = production.get("/suspects/")
    assert response.status_code == 400
    html = response.content.decode()
    assert "请求有误" in html and 'class="brand"' in html
    assert "Bad Request (400)" not in html


@pytest.mark.django_db
def test_a_request_for_an_unknown_host_is_a_chinese_400_page(production):
    response = production.get("/", HTTP_HOST="attacker.example")
    assert response.status_code == 400
    assert "请求有误" in response.content.decode()


@pytest.mark.django_db
def test_a_suspicious_api_call_is_a_json_400(production):
    response = production.get("/api/suspects/")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_request"


@pytest.mark.django_db
def test_the_400_page_does_not_touch_the_database(production, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert production.get("/suspects/").status_code == 400
