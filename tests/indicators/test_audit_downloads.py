"""Every file of figures handed out is an audit entry, whoever asks (signed in or not):
tables, API lists and aggregates, Excel templates, reports in Word, JSON or HTML. Every
refused request (403) is one entry with who, where from and which path. Plain JSON
list pages are not recorded.

Run on PostgreSQL too: DATABASE_URL=postgres://postgres@127.0.0.1:5432/indicators_audit
"""

import re

import pytest
from django.test import Client
from rest_framework.test import APIClient

from indicators.audit.models import Action, AuditEvent
from tests import factories
from tests.dashboard.conftest import fill_county

ADDRESS = "10.20.30.40"


def only(action: str) -> AuditEvent:
    events = list(AuditEvent.objects.filter(action=action))
    assert len(events) == 1, events
    return events[0]


@pytest.fixture
def figures(clerk, towns, catalogue):
    factories.save_figures(towns[0], 2024, {"raw_coal_output": "100"}, user=clerk)
    return towns[0]


def exports() -> list[tuple]:
    return [
        (e.username, e.address, e.details["what"], e.details["format"])
        for e in AuditEvent.objects.filter(action=Action.EXPORT).order_by("id")
    ]


# --- downloads


def test_an_excel_template_download_is_recorded(client, clerk, figures):
    client.force_login(clerk)
    url = f"/entry/{figures.code}/2024/template.xlsx"
    assert client.get(url, REMOTE_ADDR=ADDRESS).status_code == 200
    assert exports() == [("clerk", ADDRESS, f"template-{figures.code}-2024", "xlsx")]


def test_a_word_report_from_the_report_page_is_recorded(client, clerk, figures):
    client.force_login(clerk)
    response = client.get(f"/report/{figures.code}/2024/docx/", REMOTE_ADDR=ADDRESS)
    assert response.status_code == 200
    assert exports() == [("clerk", ADDRESS, f"report-{figures.code}-2024", "docx")]


@pytest.mark.parametrize("fmt", ["json", "docx", "html"])
def test_a_report_from_the_api_is_recorded_in_each_format(figures, fmt):
    url = f"/api/v1/reports/{figures.code}/2024/?format={fmt}"
    assert APIClient().get(url, REMOTE_ADDR=ADDRESS).status_code == 200
    assert exports() == [("", ADDRESS, f"report-{figures.code}-2024", fmt)]
    assert only(Action.EXPORT).user is None


def test_an_anonymous_xlsx_export_from_the_api_is_recorded(figures):
    response = APIClient().get("/api/v1/values/", {"format": "xlsx"}, REMOTE_ADDR=ADDRESS)
    assert response.status_code == 200
    assert exports() == [("", ADDRESS, "values", "xlsx")]


def test_an_anonymous_aggregates_csv_is_recorded(figures, county):
    url = f"/api/v1/aggregates/?region={county.code}&indicator=raw_coal_output&format=csv"
    assert APIClient().get(url, REMOTE_ADDR=ADDRESS).status_code == 200
    assert exports() == [("", ADDRESS, "aggregates", "csv")]


def test_an_anonymous_dashboard_download_is_recorded(client, county, catalogue):
    towns = fill_county(county, catalogue, towns=1, years=1)
    page = client.get(f"/towns/{towns[0].code}/", {"year": 2020}).content.decode()
    key = re.findall(r'data-table="([^"]+)"', page)[0]
    query = {"year": 2020, "export": "xlsx", "table": key}
    assert client.get(f"/towns/{towns[0].code}/", query, REMOTE_ADDR=ADDRESS).status_code == 200
    [(username, address, what, fmt)] = exports()
    assert (username, address, fmt) == ("", ADDRESS, "xlsx")
    assert key in what


def test_json_pages_of_the_api_and_dashboard_pages_record_nothing(client, figures, county):
    api = APIClient()
    assert api.get("/api/v1/values/", {"year": 2024}).status_code == 200
    assert api.get(f"/api/v1/aggregates/?region={county.code}").status_code == 200
    assert client.get(f"/towns/{figures.code}/", {"year": 2024}).status_code == 200
    assert not AuditEvent.objects.filter(action=Action.EXPORT).exists()


# --- refusals


def test_a_refused_page_is_recorded_once_with_who_where_and_path(client, clerk):
    client.force_login(clerk)
    assert client.get("/audit/", REMOTE_ADDR=ADDRESS).status_code == 403
    event = only(Action.REFUSED)
    assert (event.user, event.username, event.address) == (clerk, "clerk", ADDRESS)
    assert event.details == {"method": "GET", "path": "/audit/"}


def test_a_refused_api_call_is_recorded_with_the_tokens_user(clerk, towns, catalogue):
    api = APIClient()
    api.force_authenticate(clerk)
    response = api.post("/api/v1/targets/bulk/", {"rows": []}, format="json", REMOTE_ADDR=ADDRESS)
    assert response.status_code == 403
    event = only(Action.REFUSED)
    assert (event.user, event.address) == (clerk, ADDRESS)
    assert event.details == {"method": "POST", "path": "/api/v1/targets/bulk/"}


def test_a_refused_anonymous_request_is_recorded_with_its_address(db):
    response = Client(enforce_csrf_checks=True).post("/accounts/login/", REMOTE_ADDR=ADDRESS)
    assert response.status_code == 403  # no CSRF token
    event = only(Action.REFUSED)
    assert (event.user, event.username, event.address) == (None, "", ADDRESS)
    assert event.details["path"] == "/accounts/login/"


def test_answers_other_than_403_record_no_refusal(client, clerk):
    client.force_login(clerk)
    assert client.get("/no-such-page/").status_code == 404
    assert client.get("/").status_code in (200, 302)
    assert not AuditEvent.objects.filter(action=Action.REFUSED).exists()
