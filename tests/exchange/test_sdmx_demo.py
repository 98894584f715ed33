"""The issue's acceptance: a statistics client reads the demo county's approved figures."""

import pytest
from django.conf import settings

from indicators.seeding.demo import seed_demo

from .sdmx_support import BASE, FLOW, anonymous, body, fresh_caches, observed, read, structures

__all__ = ["anonymous", "fresh_caches"]
pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(catalogue):
    seed_demo()
    return settings.DEMO_COUNTY_CODE


def test_a_client_lists_the_dataflow_and_reads_the_demo_countys_approved_years(demo, anonymous):
    flows = read(anonymous.get(f"{BASE}/dataflow/all/all/latest").content)
    dsd = structures(anonymous).structure["DSD_TOWN_FIGURES"]
    response = anonymous.get(f"{FLOW}/{demo}.?startPeriod=2016&endPeriod=2025")
    found = observed(read(body(response), structure=dsd))
    values = anonymous.get(f"/api/v1/values/?region={demo}&year_min=2016&year_max=2025")
    assert list(flows.dataflow) == ["TOWN_FIGURES"]
    assert len(found) == int(response["X-Row-Count"]) == values.json()["count"] > 2000
    assert {status for _v, _u, status, _c in found.values()} == {"approved"}
    assert {int(year) for *_k, year in found} == set(range(2016, 2026))
