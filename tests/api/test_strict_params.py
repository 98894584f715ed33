"""Strict parameters: what the schema refuses, the server refuses with a Chinese 400, and
nothing is written; a blank value is refused, never read as "no filter"."""

import json
import re

import pytest
from django.core.management import call_command

from indicators.models import DataValue

pytestmark = pytest.mark.django_db

BULK = "/api/v1/values/bulk/"
CJK = re.compile(r"[\u4e00-\u9fff]")


def chinese_400(response, field: str | None = None) -> dict:
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert CJK.search(error["message"]), error["message"]
    assert not re.search(r"[A-Za-z]{4,} [A-Za-z]{4,}", error["message"]), "English inside"
    if field is not None:
        assert field in error["details"], error
    return error


@pytest.fixture
def clerk_api(client_for, clerk, figures):
    return client_for(clerk)


def a_row(figures, value="42"):
    return {
        "indicator": "street_lights",
        "region": figures["towns"][0].code,
        "year": 2025,
        "value": value,
    }


@pytest.mark.parametrize("flag", ["", "0", "1", "no", "yes", "True", "FALSE", " true"])
def test_dry_run_other_than_true_or_false_is_a_400_and_writes_nothing(clerk_api, figures, flag):
    before = list(DataValue.objects.values_list("pk", "value").order_by("pk"))
    response = clerk_api.post(
        BULK, {"values": [a_row(figures)]}, format="json", QUERY_STRING=f"dry_run={flag}"
    )
    chinese_400(response, "dry_run")
    assert list(DataValue.objects.values_list("pk", "value").order_by("pk")) == before


def test_dry_run_true_writes_nothing_and_false_writes(clerk_api, figures):
    dry = clerk_api.post(f"{BULK}?dry_run=true", {"values": [a_row(figures)]}, format="json")
    assert (dry.status_code, dry.json()["created"]) == (200, 1)
    assert not DataValue.objects.filter(report__year=2025, indicator="street_lights").exists()
    real = clerk_api.post(f"{BULK}?dry_run=false", {"values": [a_row(figures)]}, format="json")
    assert (real.status_code, real.json()["created"]) == (200, 1)
    assert DataValue.objects.filter(report__year=2025, indicator="street_lights").exists()


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("section=%0D%0A", "section"),
        ("section=", "section"),
        ("indicator=", "indicator"),
        ("indicator=%20", "indicator"),
        ("region=", "region"),
        ("region=%0A888801000000", "region"),
        ("region=888801000000%0A", "region"),
        ("year=", "year"),
        ("year=%202024", "year"),
        ("year=2024.0", "year"),
        ("year=%EF%BC%92%EF%BC%90%EF%BC%92%EF%BC%94", "year"),  # full-width ２０２４
        ("year=" + "1" * 5000, "year"),
        ("status=", "status"),
        ("updated_since=", "updated_since"),
        ("page=", "page"),
        ("page=abc", "page"),
        ("page=0", "page"),
        ("page_size=", "page_size"),
        ("format=", "format"),
        ("format=xml", "format"),
        ("indicator=raw_coal_output,,street_lights", "indicator"),
        ("indicator=raw_coal_output,%20street_lights", "indicator"),
        ("yaer=2024", "yaer"),
    ],
)
def test_a_refused_values_parameter_is_a_chinese_400(anonymous, figures, query, field):
    chinese_400(anonymous.get(f"/api/v1/values/?{query}"), field)


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/v1/regions/?within=", "within"),
        ("/api/v1/regions/?within=12", "within"),
        ("/api/v1/regions/?level=", "level"),
        ("/api/v1/regions/?parent=%0D%0A", "parent"),
        ("/api/v1/regions/?page=1x", "page"),
        ("/api/v1/indicators/?section=", "section"),
        ("/api/v1/indicators/?format=", "format"),
        ("/api/v1/sections/?format=pdf", "format"),
        ("/api/v1/sections/industry/?format=", "format"),
        ("/api/v1/targets/?cursor=&page=1", "cursor"),
        ("/api/v1/aggregates/?region=", "region"),
        ("/api/v1/aggregates/?region=888801000000&year_max=0", "year_max"),
        ("/api/v1/aggregates/?region=888801000000&indicator=", "indicator"),
        ("/api/v1/aggregates/", "region"),
    ],
)
def test_every_list_refuses_bad_parameters_with_a_chinese_400(anonymous, figures, url, field):
    chinese_400(anonymous.get(url), field)


def test_a_page_past_the_end_is_still_a_404(anonymous, figures):
    assert anonymous.get("/api/v1/values/?page=" + "9" * 40).status_code == 404


def test_an_empty_cursor_still_asks_for_the_first_page(anonymous, figures):
    assert anonymous.get("/api/v1/values/?cursor=").status_code == 200


@pytest.mark.parametrize(
    "body",
    [
        "[" * 100_000 + "]" * 100_000,
        '{"values": [{"indicator": "a", "region": "b", "value": 1, "year": ' + "1" * 5000 + "}]}",
        '{"values": [',
        '{"values": [], "extra": 1}',
    ],
)
def test_a_bad_body_gets_a_chinese_message_of_ours(clerk_api, body):
    response = clerk_api.post(BULK, body, content_type="application/json")
    chinese_400(response)
    assert "recursion" not in response.content.decode()
    assert "4300" not in response.content.decode()


# -- the schema describes what the server refuses ------------------------------------


@pytest.fixture(scope="module")
def schema(django_db_blocker, tmp_path_factory):
    path = tmp_path_factory.mktemp("schema") / "schema.json"
    with django_db_blocker.unblock():
        call_command("spectacular", "--file", str(path), "--format", "openapi-json")
    return json.loads(path.read_text())


def query_parameters(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method != "get" or "{" in path:
                continue
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "query":
                    yield path, parameter["name"], parameter["schema"]


# A valid value for each parameter that some list requires, so that a request with one
# bad parameter is refused for that parameter, not for a missing one.
VALID = {"region": "888801000000", "year": "2021", "from": "1", "to": "1"}


def required_besides(schema, path: str, name: str) -> str:
    parameters = schema["paths"][path]["get"].get("parameters", [])
    required = [p["name"] for p in parameters if p["in"] == "query" and p.get("required")]
    return "".join(f"&{other}={VALID[other]}" for other in required if other != name)


def test_every_string_parameter_of_a_list_has_a_pattern_an_enum_or_a_format(schema):
    loose = [
        (path, name)
        for path, name, spec in query_parameters(schema)
        if spec["type"] == "string"
        and not ({"pattern", "enum", "format"} & set(spec))
        and name != "cursor"
    ]
    assert loose == []


def test_a_value_outside_the_schema_is_refused_for_every_list_parameter(schema, anonymous, figures):
    """The schema is what the server checks: a value it calls invalid is a 400."""
    for path, name, spec in query_parameters(schema):
        if name == "cursor":
            continue
        bad = "!" if spec["type"] == "string" else "1.5"
        query = f"{name}={bad}" + required_besides(schema, path, name)
        if path.endswith("/aggregates/") and name != "region":
            query += "&region=888801000000"
        chinese_400(anonymous.get(f"{path}?{query}"), name)


def test_the_bulk_body_admits_no_other_property(schema):
    components = schema["components"]["schemas"]
    assert components["BulkRequestRequest"]["additionalProperties"] is False
    assert components["BulkRowRequest"]["additionalProperties"] is False


def test_cursor_and_page_are_documented_as_exclusive(schema):
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/values/"]["get"]["parameters"]}
    assert "page" in parameters["cursor"]["description"]
    assert "cursor" in parameters["page"]["description"]


@pytest.mark.parametrize("path", ["/api/v1/adx/", "/api/v1/sdmx/data/", "/api/v1/values/bulk/"])
def test_an_import_without_a_message_is_described_as_refused(schema, path):
    assert schema["paths"][path]["post"]["requestBody"]["required"] is True
