"""The list answers stay byte for byte what they were before the plain-row read.

``fixtures/list_answers.json`` holds the bodies the serializer-based views gave for
the data built here (several filters, anonymous and signed in, page 1 and 2, values
and targets, JSON and CSV). Set ``API_FIXTURES_WRITE=1`` to record them again after
a deliberate change of the documented shape, and review the diff.
"""

import json
import os
from pathlib import Path

import pytest

from . import listing_data

pytestmark = pytest.mark.django_db

FIXTURE = Path(__file__).parent / "fixtures" / "list_answers.json"

# (who, url): anonymous, the clerk of the first town, an administrator.
CASES = [
    ("anonymous", "/api/v1/values/"),
    ("anonymous", "/api/v1/values/?page_size=5"),
    ("anonymous", "/api/v1/values/?page_size=5&page=2"),
    ("anonymous", "/api/v1/values/?region=888801000000&year=2024"),
    ("anonymous", "/api/v1/values/?region=888801101000&indicator=raw_coal_output,street_lights"),
    ("anonymous", "/api/v1/values/?section=industry&year_min=2024"),
    ("anonymous", "/api/v1/values/?status=approved&year_max=2023"),
    ("anonymous", "/api/v1/values/?format=csv"),
    ("anonymous", "/api/v1/values/?format=csv&region=888802000000"),
    ("clerk", "/api/v1/values/"),
    ("clerk", "/api/v1/values/?page_size=4&page=2"),
    ("clerk", "/api/v1/values/?status=draft"),
    ("clerk", "/api/v1/values/?section=livelihood"),
    ("clerk", "/api/v1/values/?format=csv"),
    ("admin", "/api/v1/values/?page_size=1000"),
    ("admin", "/api/v1/values/?updated_since=2025-01-01T00:00:00Z&page_size=7&page=3"),
    ("admin", "/api/v1/values/?format=csv&year=2025"),
    ("anonymous", "/api/v1/targets/"),
    ("anonymous", "/api/v1/targets/?page_size=3&page=2"),
    ("anonymous", "/api/v1/targets/?region=888801000000&year=2025"),
    ("anonymous", "/api/v1/targets/?format=csv"),
    ("clerk", "/api/v1/targets/"),
    ("clerk", "/api/v1/targets/?indicator=petitions_handled"),
    ("clerk", "/api/v1/targets/?format=csv"),
    ("admin", "/api/v1/targets/?format=csv&section=industry"),
    ("admin", "/api/v1/targets/?page_size=2&page=2"),
    ("admin", "/api/v1/targets/?format=csv"),
    ("admin", "/api/v1/values/?format=csv"),
]


@pytest.fixture
def answers_data(catalogue, county, towns, other_county, clerk):
    listing_data.build(catalogue, county, towns, other_county)


def body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8")
    return response.content.decode("utf-8")


def answer(who, url, clients) -> dict:
    response = clients[who].get(url)
    return {
        "who": who,
        "url": url,
        "status": response.status_code,
        "content_type": response["Content-Type"],
        "body": body(response),
    }


@pytest.fixture
def clients(anonymous, client_for, clerk, admin_user):
    return {"anonymous": anonymous, "clerk": client_for(clerk), "admin": client_for(admin_user)}


def test_list_answers_are_byte_for_byte_the_recorded_ones(answers_data, clients):
    got = [answer(who, url, clients) for who, url in CASES]
    if os.environ.get("API_FIXTURES_WRITE"):
        FIXTURE.write_text(json.dumps(got, ensure_ascii=False, indent=1) + "\n")
    recorded = json.loads(FIXTURE.read_text())
    assert [(a["who"], a["url"]) for a in recorded] == CASES
    for now, then in zip(got, recorded, strict=True):
        assert now == then, f"{now['who']} {now['url']}"
