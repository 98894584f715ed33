from decimal import Decimal

import pytest
from django.db import connection

from indicators.exchange.sdmx.query import COLUMNS, DataQuery, observations
from indicators.exchange.sdmx.writers import sdmx_csv
from indicators.models import Indicator
from tests.factories import seed_figures

from .sdmx_support import (
    FLOW,
    anonymous,
    body,
    client_of,
    figures,
    fresh_caches,
    observed,
    read,
    structures,
)

__all__ = ["anonymous", "figures", "fresh_caches"]
pytestmark = pytest.mark.django_db
FORMATS = ["sdmx-ml", "sdmx-json", "sdmx-csv"]


def sdmx1_read(client, url: str, fmt: str):
    """The message as sdmx1 reads it, given our structures as a client would fetch them."""
    message = structures(client)
    response = client.get(url, {"format": fmt} if "?" not in url else None)
    if "?" in url:
        response = client.get(f"{url}&format={fmt}")
    assert response.status_code == 200, body(response)
    data = body(response)
    if fmt == "sdmx-csv":
        return read(data, format="csv", structure=message.dataflow["TOWN_FIGURES"]), response
    if fmt == "sdmx-json":
        return read(data, format="json"), response
    return read(data, structure=message.structure["DSD_TOWN_FIGURES"]), response


def values_list(client, query: str) -> dict[tuple, Decimal]:
    response = client.get(f"/api/v1/values/?{query}&page_size=1000")
    return {
        (item["region"], item["indicator"], str(item["year"])): Decimal(item["value"])
        for item in response.json()["results"]
    }


@pytest.mark.parametrize("fmt", FORMATS)
def test_sdmx1_reads_the_same_observations_as_the_values_list(figures, county, anonymous, fmt):
    message, response = sdmx1_read(anonymous, f"{FLOW}/{county.code}.", fmt)
    found = observed(message)
    expected = values_list(anonymous, f"region={county.code}")
    assert {key: value for key, (value, *_rest) in found.items()} == expected
    assert int(response["X-Row-Count"]) == len(expected) == 6


@pytest.mark.parametrize("fmt", FORMATS)
def test_observations_carry_unit_and_status(figures, towns, anonymous, fmt):
    message, _response = sdmx1_read(anonymous, f"{FLOW}/{towns[0].code}.raw_coal_output", fmt)
    assert observed(message) == {
        (towns[0].code, "raw_coal_output", "2024"): (Decimal("100.25"), "10K_T", "approved", "")
    }


def test_anonymous_callers_read_approved_public_figures_only(figures, catalogue, towns, anonymous):
    Indicator.objects.filter(code="street_lights").update(is_public=False)
    message, _response = sdmx1_read(anonymous, f"{FLOW}/{towns[0].code}.", "sdmx-ml")
    assert list(observed(message)) == [(towns[0].code, "raw_coal_output", "2024")]


def test_town_staff_read_their_draft_with_its_comment(figures, towns, clerk):
    client = client_of(clerk)
    url = f"{FLOW}/{towns[0].code}.raw_coal_output?startPeriod=2025"
    message, _response = sdmx1_read(client, url, "sdmx-ml")
    assert observed(message) == {
        (towns[0].code, "raw_coal_output", "2025"): (Decimal("1234.50"), "10K_T", "draft", "估算")
    }


def test_comments_outside_the_readers_subtree_are_not_shown(figures, catalogue, towns, clerk):
    elsewhere = figures["elsewhere"]
    seed_figures({(elsewhere, 2024): {"raw_coal_output": ("7.00", "内部说明")}})
    message, _response = sdmx1_read(client_of(clerk), f"{FLOW}/{elsewhere.code}.", "sdmx-ml")
    assert [c for *_v, c in observed(message).values()] == [""]


def test_key_selects_regions_and_indicators_with_plus(figures, towns, anonymous):
    key = f"{towns[0].code}+{towns[2].code}.street_lights"
    message, _response = sdmx1_read(anonymous, f"{FLOW}/{key}", "sdmx-csv")
    assert sorted(observed(message)) == [
        (towns[0].code, "street_lights", "2024"),
        (towns[2].code, "street_lights", "2024"),
    ]


def test_periods_bound_the_years(figures, towns, clerk):
    url = f"{FLOW}/{towns[0].code}.?startPeriod=2016&endPeriod=2024"
    message, _response = sdmx1_read(client_of(clerk), url, "sdmx-json")
    assert {year for *_k, year in observed(message)} == {"2024"}


def test_sdmx_csv_counts_its_rows_and_ends_every_line_with_crlf(figures, anonymous):
    response = anonymous.get(f"{FLOW}/all", HTTP_ACCEPT="application/vnd.sdmx.data+csv")
    data = body(response)
    assert response["Content-Type"] == "application/vnd.sdmx.data+csv;version=2.0.0"
    assert data.endswith(b"\r\n") and data.count(b"\r\n") == int(response["X-Row-Count"]) + 1 == 8


def test_sdmx_csv_of_the_database_is_the_bytes_of_the_python_writer(figures, towns, clerk):
    """On PostgreSQL the endpoint streams COPY's output; it must equal the row writer's."""
    Indicator.objects.filter(code="raw_coal_output").update(name="=危险")
    comment = '含,逗号 "引号"\n换行'
    seed_figures({(towns[0], 2024): {"street_lights": ("10", comment)}})
    response = client_of(clerk).get(f"{FLOW}/all?format=sdmx-csv")
    indicators = list(Indicator.objects.in_report_order())
    query = DataQuery((), (), None, None)
    rows = observations(clerk, query, indicators).values_list(*COLUMNS)
    assert body(response) == b"".join(sdmx_csv(rows))


def test_accept_header_chooses_the_format(figures, anonymous):
    response = anonymous.get(f"{FLOW}/all", HTTP_ACCEPT="application/vnd.sdmx.data+json")
    assert response["Content-Type"].startswith("application/vnd.sdmx.data+json")


@pytest.mark.parametrize(
    ("url", "status", "code"),
    [
        ("/api/v1/sdmx/data/OTHER_FLOW/all", 404, "unknown_dataflow"),
        ("/api/v1/sdmx/data/OTHER,TOWN_FIGURES,1.0/all", 404, "unknown_dataflow"),
        (f"{FLOW}/888801001000.raw_coal_output.2024", 400, "unknown_dimension"),
        (f"{FLOW}/777701001000.", 400, "unknown_code"),
        (f"{FLOW}/.no_such_indicator", 400, "unknown_code"),
        (f"{FLOW}/all?startPeriod=2024-01", 400, "invalid_period"),
        (f"{FLOW}/all?endPeriod=2024-Q1", 400, "invalid_period"),
        (f"{FLOW}/all?startPeriod=2025&endPeriod=2024", 400, "invalid_period"),
        (f"{FLOW}/all?format=xlsx", 400, "invalid"),
        (f"{FLOW}/all?colour=red", 400, "invalid"),
    ],
)
def test_bad_data_query_gets_a_clear_json_error(figures, anonymous, url, status, code):
    response = anonymous.get(url)
    assert response.status_code == status
    assert response.json()["error"]["code"] == code
    assert response.json()["error"]["message"]


def test_unacceptable_accept_header_is_a_406(figures, anonymous):
    response = anonymous.get(f"{FLOW}/all", HTTP_ACCEPT="image/png")
    assert response.status_code == 406


def test_hidden_indicator_is_answered_as_unknown(figures, anonymous):
    Indicator.objects.filter(code="street_lights").update(is_public=False)
    response = anonymous.get(f"{FLOW}/.street_lights")
    assert response.json()["error"]["code"] == "unknown_code"


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("towns_filled", [1, 3])
def test_a_data_query_costs_the_same_queries_whatever_its_size(
    catalogue, towns, county_official, django_assert_num_queries, fmt, towns_filled
):
    figures = {"raw_coal_output": "1", "street_lights": "2", "jobs_created": "3"}
    seed_figures({(town, 2025): figures for town in towns[:towns_filled]})
    client = client_of(county_official)
    # the token and its last use, the caller's region, the key's region, indicators,
    # count, the audit chain's head and row, the rows (SDMX-JSON: and the regions' names)
    expected = 10 if fmt == "sdmx-json" else 9
    if fmt == "sdmx-csv" and connection.vendor == "postgresql":
        expected -= 1  # the rows come by COPY on psycopg's own cursor, which Django does not count
    with django_assert_num_queries(expected):
        response = client.get(f"{FLOW}/{towns[0].parent_id}.?format={fmt}")
        body(response)
    assert int(response["X-Row-Count"]) == 3 * towns_filled


def test_other_dimension_at_observation_is_refused(figures, anonymous):
    response = anonymous.get(f"{FLOW}/all?dimensionAtObservation=TIME_PERIOD")
    assert response.status_code == 400


def test_a_comment_with_a_control_character_still_gives_well_formed_sdmx_ml(figures, towns, clerk):
    seed_figures({(towns[0], 2025): {"raw_coal_output": ("1234.50", "铃\x07声")}})
    url = f"{FLOW}/{towns[0].code}.raw_coal_output?startPeriod=2025"
    message, _response = sdmx1_read(client_of(clerk), url, "sdmx-ml")
    assert [c for *_v, c in observed(message).values()] == ["铃\ufffd声"]
