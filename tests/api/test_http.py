"""HTTP behaviour: CSV, ETag and 304, throttling, one JSON error shape, the schema and docs."""

import csv
import io

import pytest
from django.core.management import call_command
from django.http import StreamingHttpResponse

from indicators.models import DataValue
from tests import factories

from .conftest import results

pytestmark = pytest.mark.django_db


def parse_csv(response) -> list[dict]:
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff"), "Excel needs the BOM to read UTF-8"
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def test_values_as_csv_stream_every_row_and_parse_back(anonymous, figures):
    response = anonymous.get("/api/v1/values/?format=csv&page_size=2")
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"].startswith("text/csv")
    rows = parse_csv(response)
    assert len(rows) == 7, "CSV is the whole result, not a page"
    first = rows[0]
    assert (first["indicator"], first["value"], first["unit"], first["region_name"]) == (
        "raw_coal_output",
        "100.25",
        "万吨",
        figures["towns"][0].name,
    )


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/sections/",
        "/api/v1/indicators/",
        "/api/v1/regions/",
        "/api/v1/targets/",
        "/api/v1/values/",
        "/api/v1/aggregates/?region=888801000000",
    ],
)
def test_every_list_endpoint_speaks_csv(anonymous, figures, url):
    joiner = "&" if "?" in url else "?"
    response = anonymous.get(f"{url}{joiner}format=csv")
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    parse_csv(response)


def test_an_error_asked_as_csv_is_still_json(anonymous, figures):
    response = anonymous.get("/api/v1/values/?format=csv&region=nope")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["code"] == "invalid"


def test_an_unchanged_list_answers_304_and_a_change_gives_a_new_etag(anonymous, figures):
    url = "/api/v1/values/?year=2024"
    first = anonymous.get(url)
    assert first["ETag"] and first["Last-Modified"]
    again = anonymous.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    figure = DataValue.objects.filter(report__year=2024).select_related("report").first()
    place = (figure.report.region_id, 2024)
    factories.seed_figures({place: {figure.indicator_id: None}})
    changed = anonymous.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]


@pytest.mark.parametrize("url", ["/api/v1/indicators/", "/api/v1/targets/", "/api/v1/regions/"])
def test_other_lists_answer_304_too(anonymous, figures, url):
    first = anonymous.get(url)
    assert anonymous.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_the_etag_differs_between_users(anonymous, client_for, clerk, figures):
    url = "/api/v1/values/"
    assert anonymous.get(url)["ETag"] != client_for(clerk).get(url)["ETag"]


@pytest.mark.usefixtures("steady_clock")
def test_too_many_requests_is_a_429_with_retry_after(anonymous, figures, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "2/minute", "user": "3/minute"},
    }
    statuses = [anonymous.get("/api/v1/sections/").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    response = anonymous.get("/api/v1/sections/")
    assert int(response["Retry-After"]) > 0
    assert response.json()["error"]["code"] == "throttled"


@pytest.mark.usefixtures("steady_clock")
def test_a_token_has_its_own_budget(anonymous, client_for, clerk, figures, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "1/minute", "user": "3/minute"},
    }
    anonymous.get("/api/v1/sections/")
    client = client_for(clerk)
    assert [client.get("/api/v1/sections/").status_code for _ in range(4)] == [200, 200, 200, 429]


@pytest.mark.parametrize(
    ("method", "url", "status", "code"),
    [
        ("get", "/api/v1/nothing/", 404, "not_found"),
        ("get", "/api/v1/values", 404, "not_found"),
        ("get", "/api/v1/indicators/nope/", 404, "not_found"),
        ("delete", "/api/v1/values/", 405, "method_not_allowed"),
        ("get", "/api/v1/values/bulk/", 401, "not_authenticated"),
        ("get", "/api/v1/values/?format=xml", 400, "invalid"),
        # An encoded newline in the path once escaped the JSON catch-all (schemathesis).
        ("get", "/api/v1/reports/ab%0A7/-61308/", 404, "not_found"),
    ],
)
def test_errors_have_one_json_shape(anonymous, figures, method, url, status, code):
    response = getattr(anonymous, method)(url)
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    error = response.json()["error"]
    assert (error["status"], error["code"]) == (status, code)
    assert error["message"]


def test_the_openapi_schema_builds_without_warnings(tmp_path):
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    text = target.read_text()
    assert "/api/v1/values/bulk/" in text and "ImportSummary" in text


def test_the_schema_and_swagger_ui_are_served_with_local_assets(anonymous, db):
    assert anonymous.get("/api/v1/schema/").status_code == 200
    page = anonymous.get("/api/v1/docs/").content.decode()
    assert "drf_spectacular_sidecar" in page
    assert "cdn" not in page.lower() and "https://" not in page


def test_a_session_user_reads_through_the_browser_session(client, clerk, figures):
    client.force_login(clerk)
    response = client.get("/api/v1/values/?year=2025")
    assert [item["value"] for item in results(response)] == ["1234.50"]
