"""The CSV of a whole list streams, says how many rows it holds, and a stream cut short
never looks complete to the check docs/api.md gives pandas users."""

import csv
import io

import pytest
from django.http import StreamingHttpResponse

from indicators.models import Status
from tests import factories

from . import listing_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def answers_data(catalogue, county, towns, other_county, clerk):
    listing_data.build(catalogue, county, towns, other_county)


def complete(body: bytes, row_count: str) -> bool:
    """docs/api.md's check: as many rows as X-Row-Count, and the last line ended."""
    try:
        rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))
    except (csv.Error, UnicodeDecodeError):
        return False
    return body.endswith(b"\r\n") and len(rows) - 1 == int(row_count)


@pytest.mark.parametrize("who", ["anonymous", "admin"])
@pytest.mark.parametrize("endpoint", ["values", "targets"])
def test_the_row_count_header_matches_the_rows_streamed(
    anonymous, client_for, admin_user, answers_data, who, endpoint
):
    client = anonymous if who == "anonymous" else client_for(admin_user)
    response = client.get(f"/api/v1/{endpoint}/?format=csv")
    body = b"".join(response.streaming_content)
    listed = client.get(f"/api/v1/{endpoint}/?page_size=1000").json()["count"]
    assert int(response["X-Row-Count"]) == listed > 0
    assert complete(body, response["X-Row-Count"])


def test_a_stream_cut_anywhere_is_detected(client_for, admin_user, answers_data):
    response = client_for(admin_user).get("/api/v1/targets/?format=csv")
    body = b"".join(response.streaming_content)
    assert b'"' in body and b"\n\xe7" in body, "quoted fields and a newline inside one"
    cut_short = [cut for cut in range(len(body)) if complete(body[:cut], response["X-Row-Count"])]
    assert cut_short == []


def test_a_filter_that_matches_nothing_streams_a_header_and_says_zero(anonymous, answers_data):
    response = anonymous.get("/api/v1/values/?format=csv&year=2016")
    body = b"".join(response.streaming_content)
    assert response["X-Row-Count"] == "0"
    header = "indicator,indicator_name,region,region_name,year,value,unit,status,version,updated_at"
    assert body == f"\ufeff{header}\r\n".encode()


def test_a_large_export_streams_in_several_blocks(anonymous, catalogue, county):
    towns = [factories.town(county, number) for number in range(1, 9)]
    public = [code for code, indicator in catalogue.items() if indicator.is_public]
    factories.seed_figures(
        {
            (town, year): dict.fromkeys(public, "12.5")
            for town in towns
            for year in range(2005, 2025)
        },
        status=Status.APPROVED,
    )
    response = anonymous.get("/api/v1/values/?format=csv")
    assert isinstance(response, StreamingHttpResponse)
    blocks = list(response.streaming_content)
    assert len(blocks) > 1, "written as the rows come, not as one string"
    assert complete(b"".join(blocks), response["X-Row-Count"])


def test_times_read_the_same_in_csv_and_json_in_utc_too(
    client_for, admin_user, answers_data, settings
):
    settings.TIME_ZONE = "UTC"
    client = client_for(admin_user)
    for endpoint, utc in (("targets", "Z"), ("values", "+00:00")):
        body = b"".join(client.get(f"/api/v1/{endpoint}/?format=csv").streaming_content)
        table = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"), newline="")))
        listed = client.get(f"/api/v1/{endpoint}/?page_size=1000").json()["results"]
        assert [row["updated_at"] for row in table] == [
            item["updated_at"].replace("Z", utc) for item in listed
        ]
        assert all(row["updated_at"].endswith(utc) for row in table)
