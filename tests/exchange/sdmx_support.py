"""What the SDMX tests share: figures to read, and sdmx1 reading our messages."""

import io
import logging
from decimal import Decimal

import pytest
import sdmx
from rest_framework.test import APIClient

from indicators.accounts.tokens import token_issue
from indicators.models import Status
from tests import factories
from tests.api.conftest import anonymous, fresh_throttle_counts  # noqa: F401 (fixtures the SDMX tests use)

BASE = "/api/v1/sdmx"
FLOW = f"{BASE}/data/TOWN_FIGURES"


# The API suite's fixtures: fresh throttle counts for each test, an anonymous client.
fresh_caches = fresh_throttle_counts


@pytest.fixture
def figures(catalogue, towns, other_county):
    """Approved 2024 figures in three towns, a 2025 draft with a comment in the first,
    and one town in another county, written through the one write path."""
    elsewhere = factories.town(other_county, 1, "邻县一镇")
    approved = {
        (town, 2024): {"raw_coal_output": f"{n}00.25", "street_lights": 10 * n}
        for n, town in enumerate(towns, start=1)
    }
    approved[(elsewhere, 2024)] = {"raw_coal_output": "7.00"}
    factories.seed_figures(approved, status=Status.APPROVED)
    draft = {(towns[0], 2025): {"raw_coal_output": ("1234.50", "估算")}}
    factories.seed_figures(draft, status=Status.DRAFT)
    return {"towns": towns, "elsewhere": elsewhere}


def client_of(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_issue(user=user)}")
    return client


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


class Problems(logging.Handler):
    """Whatever sdmx1 logs at WARNING or above while it reads."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.records = []

    def emit(self, record):
        self.records.append(record.getMessage())


def read(data: bytes, **kwargs):
    """sdmx1 reads a message; any warning or error it logs fails the test."""
    problems = Problems()
    logger = logging.getLogger("sdmx")
    logger.addHandler(problems)
    try:
        message = sdmx.read_sdmx(io.BytesIO(data), **kwargs)
    finally:
        logger.removeHandler(problems)
    assert problems.records == []
    return message


def structures(client):
    response = client.get(f"{BASE}/structure/dataflow/TOWNDASH/TOWN_FIGURES/1.0?references=all")
    assert response.status_code == 200
    return read(response.content)


def observed(message) -> dict[tuple, tuple]:
    """(region, indicator, year) → (value, unit, status, comment) as sdmx1 read them."""
    found = {}
    for dataset in message.data:
        for obs in dataset.obs:
            key = tuple(str(obs.key[name].value) for name in ("REGION", "INDICATOR", "TIME_PERIOD"))
            attrib = {name: str(value.value) for name, value in obs.attrib.items()}
            assert key not in found
            found[key] = (
                Decimal(str(obs.value)),
                attrib.get("UNIT_MEASURE"),
                attrib.get("OBS_STATUS"),
                attrib.get("COMMENT") or "",
            )
    return found
