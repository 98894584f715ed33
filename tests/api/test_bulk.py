"""values/bulk: the import summary, dry run, atomicity, the lock, history."""

import json
from decimal import Decimal

import pytest

from indicators.catalogue.years import current_year
from indicators.models import DataValue, Report, Status
from tests.factories import reports_set_status

pytestmark = pytest.mark.django_db

URL = "/api/v1/values/bulk/"


@pytest.fixture
def clerk_api(client_for, clerk, figures):
    return client_for(clerk)


def row(town, indicator="street_lights", year=2025, value="1", **extra):
    return {"indicator": indicator, "region": town.code, "year": year, "value": value, **extra}


def stored(town, year=2025):
    return dict(
        DataValue.objects.filter(report__region=town, report__year=year).values_list(
            "indicator_id", "value"
        )
    )


def test_a_dry_run_reports_the_same_summary_as_the_write_and_writes_nothing(clerk_api, figures):
    town = figures["towns"][0]
    body = {
        "values": [
            row(town, value="１,２５０"),
            row(town, "raw_coal_output", value=None),
            row(town, "public_toilets", value=None),
            row(town, "jobs_created", year=2026, value=12),
        ]
    }
    before = stored(town)
    dry = clerk_api.post(f"{URL}?dry_run=true", body, format="json")
    assert stored(town) == before
    assert not Report.objects.filter(region=town, year=2026).exists()
    real = clerk_api.post(URL, body, format="json")
    summary = {key: value for key, value in dry.json().items() if key != "dry_run"}
    assert summary == {key: value for key, value in real.json().items() if key != "dry_run"}
    warnings = summary.pop("warnings")
    assert summary == {
        "status": "ok",
        "created": 2,
        "updated": 0,
        "deleted": 1,
        "unchanged": 1,
        "conflicts": [],
    }
    # 10 last year, 1,250 now: the ±30% rule asks for a comment before submitting.
    assert [(w["index"], w["rule"], w["blocks_submit"]) for w in warnings] == [
        (0, "change_over_30_percent", True)
    ]
    assert (dry.json()["dry_run"], real.json()["dry_run"]) == (True, False)
    assert stored(town) == {"street_lights": Decimal(1250)}
    assert stored(town, 2026) == {"jobs_created": Decimal(12)}


def test_one_conflict_means_nothing_is_written(clerk_api, figures):
    town = figures["towns"][0]
    body = {"values": [row(town, value="7"), row(town, "raw_coal_output", value="abc")]}
    response = clerk_api.post(URL, body, format="json")
    assert response.status_code == 409
    body = response.json()
    assert body["status"] == "conflict"
    assert body["error"]["code"] == "conflict"
    assert body["conflicts"] == [
        {
            "index": 1,
            "indicator": "raw_coal_output",
            "region": town.code,
            "year": 2025,
            "code": "not_a_number",
            "message": "“abc”不是数字，请输入数字。",
            "details": None,
        }
    ]
    assert "street_lights" not in stored(town)


def test_approved_figures_are_a_locked_conflict(clerk_api, figures):
    response = clerk_api.post(URL, {"values": [row(figures["towns"][0], year=2024)]}, format="json")
    assert response.status_code == 409
    assert response.json()["conflicts"][0]["code"] == "locked"


def test_submitted_figures_wait_for_review(clerk_api, figures):
    reports_set_status(
        Report.objects.filter(region=figures["towns"][0], year=2025), Status.SUBMITTED
    )
    response = clerk_api.post(URL, {"values": [row(figures["towns"][0])]}, format="json")
    assert response.json()["conflicts"][0]["code"] == "submitted"


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"indicator": "nope"}, "unknown_indicator"),
        ({"region": "999999999999"}, "unknown_region"),
        ({"year": 1999}, "year_out_of_range"),
        ({"value": "-3"}, "negative"),
        ({"value": "1.5"}, "too_many_decimals"),
        ({"value": "999999999"}, "out_of_bounds"),
        ({"value": "12a"}, "not_a_number"),
    ],
)
def test_each_bad_row_is_a_conflict_with_a_stable_code(clerk_api, figures, change, code):
    response = clerk_api.post(
        URL, {"values": [{**row(figures["towns"][0]), **change}]}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["conflicts"][0]["code"] == code


def test_a_county_is_not_a_town(admin_user, client_for, figures):
    county = figures["towns"][0].parent
    response = client_for(admin_user).post(URL, {"values": [row(county)]}, format="json")
    assert response.json()["conflicts"][0]["code"] == "not_a_town"


def test_the_same_figure_twice_is_a_conflict(clerk_api, figures):
    town = figures["towns"][0]
    response = clerk_api.post(URL, {"values": [row(town), row(town, value="2")]}, format="json")
    assert [c["code"] for c in response.json()["conflicts"]] == ["duplicate"]


def test_history_records_the_api_and_the_user(clerk_api, clerk, figures):
    clerk_api.post(URL, {"values": [row(figures["towns"][0], comment="接口")]}, format="json")
    [record] = DataValue.history.filter(indicator_id="street_lights", report__year=2025)
    assert (record.source, record.history_user, record.comment) == ("api", clerk, "接口")


def test_an_omitted_comment_is_kept_and_an_empty_one_clears_it(clerk_api, figures):
    town = figures["towns"][0]
    clerk_api.post(URL, {"values": [row(town, comment="补录")]}, format="json")
    again = clerk_api.post(URL, {"values": [row(town)]}, format="json")
    assert again.json()["unchanged"] == 1
    cleared = clerk_api.post(URL, {"values": [row(town, comment="")]}, format="json")
    assert cleared.json()["updated"] == 1


def test_json_numbers_are_read_as_decimals_not_floats(clerk_api, figures):
    body = (
        '{"values": [{"indicator": "raw_coal_output", "region": "%s", "year": 2025, "value": 0.1}]}'
    )
    response = clerk_api.post(URL, body % figures["towns"][0].code, content_type="application/json")
    assert response.json()["updated"] == 1
    assert stored(figures["towns"][0])["raw_coal_output"] == Decimal("0.10")


@pytest.mark.parametrize(
    "body",
    [
        "",
        "[]",
        '{"values": [{"indicator": "a", "region": "b", "year": 2024, "value": true}]}',
        '{"values": {}}',
        '{"values": [1]}',
        '{"values": [{"indicator": "street_lights"}]}',
        '{"values": [{"indicator": "a", "region": "b", "year": "2024", "value": 1}]}',
        '{"values": [{"indicator": "a", "region": "b", "year": 2024, "value": [1]}]}',
        '{"values": [{"indicator": "a", "region": "b", "year": 2024, "value": 1, "x": 1}]}',
    ],
)
def test_a_malformed_body_is_a_400(clerk_api, body):
    response = clerk_api.post(URL, body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"


@pytest.mark.parametrize("body", ["{", '{"values": [NaN]}', "\xff"])
def test_broken_json_is_a_400_parse_error(clerk_api, body):
    response = clerk_api.post(URL, body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "parse_error"


def test_more_than_10000_values_is_a_413(clerk_api, figures):
    body = json.dumps({"values": [row(figures["towns"][0])] * 10_001})
    response = clerk_api.post(URL, body, content_type="application/json")
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"


def test_a_body_over_10_mb_is_a_413_before_parsing(clerk_api):
    body = '{"values": ["' + "x" * (10 * 1024 * 1024) + '"]}'
    response = clerk_api.post(URL, body, content_type="application/json")
    assert response.status_code == 413


def test_a_form_post_is_a_415(clerk_api):
    response = clerk_api.post(URL, {"values": "1"}, format="multipart")
    assert response.status_code == 415
    assert response.json()["error"]["code"] == "unsupported_media_type"


def test_dry_run_must_be_true_or_false(clerk_api, figures):
    response = clerk_api.post(f"{URL}?dry_run=maybe", {"values": []}, format="json")
    assert response.status_code == 400


def test_a_nul_character_is_a_clear_400_not_a_database_error(client_for, clerk, towns, catalogue):
    body = {
        "values": [
            {
                "indicator": "street_lights",
                "region": towns[0].code,
                "year": 2025,
                "value": "1",
                "comment": "bad\u0000comment",
            }
        ]
    }
    response = client_for(clerk).post("/api/v1/values/bulk/", body, format="json")
    assert response.status_code == 400
    assert "空字符" in str(response.json()["error"])


def test_a_write_from_a_stale_read_is_refused_with_what_changed(clerk_api, clerk, figures):
    # Read, modify, write: a clerk saves in between, so the script's write is refused.
    town = figures["towns"][0]
    read = clerk_api.get("/api/v1/values/", {"region": town.code, "year": 2025}).json()
    version = read["results"][0]["version"]
    clerk_api.post(URL, {"values": [row(town, "public_toilets", value="9")]}, format="json")

    response = clerk_api.post(
        URL, {"values": [row(town, value="77", version=version)]}, format="json"
    )

    assert response.status_code == 409
    (conflict,) = response.json()["conflicts"]
    assert conflict["code"] == "stale"
    assert conflict["details"]["read_version"] == version
    assert [c["indicator"] for c in conflict["details"]["changed"]] == ["public_toilets"]
    assert "street_lights" not in stored(town)


def test_a_write_at_the_version_read_goes_through(clerk_api, figures):
    town = figures["towns"][0]
    read = clerk_api.get("/api/v1/values/", {"region": town.code, "year": 2025}).json()
    body = {"values": [row(town, value="77", version=read["results"][0]["version"])]}
    assert clerk_api.post(URL, body, format="json").status_code == 200
    assert stored(town)["street_lights"] == Decimal(77)


def test_rule_warnings_come_back_in_the_answer(clerk_api, figures):
    town = figures["towns"][0]
    body = {
        "values": [
            row(town, "coal_design_capacity", value="100"),
            row(town, "raw_coal_output", value="150"),
        ]
    }
    warnings = clerk_api.post(URL, body, format="json").json()["warnings"]
    assert {(w["rule"], w["indicator"], w["index"]) for w in warnings} >= {
        ("over_capacity", "raw_coal_output", 1)
    }


def test_a_figure_for_next_year_is_refused(clerk_api, figures):
    body = {"values": [row(figures["towns"][0], year=current_year() + 1)]}
    response = clerk_api.post(URL, body, format="json")
    assert response.json()["conflicts"][0]["code"] == "year_out_of_range"
