"""aggregates/ reads the region summaries where they answer, and answers byte for byte
what the GROUP BY over the figures answers (the computation it replaced)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from indicators.api import aggregates
from indicators.models import Level, Status
from tests import factories

from .conftest import put_figures

pytestmark = pytest.mark.django_db

MEAN = "income_gain_per_capita"


@pytest.fixture
def spread(figures, catalogue):
    """Approved, submitted and draft figures in two years, a mean and a sum indicator."""
    towns = figures["towns"]
    put_figures(towns[1], 2025, Status.SUBMITTED, {"raw_coal_output": "5.55"}, catalogue)
    for number, town in enumerate(towns, start=1):
        put_figures(town, 2023, Status.APPROVED, {MEAN: f"{number}0.335"}, catalogue)
    put_figures(towns[2], 2022, Status.DRAFT, {MEAN: "3.5", "street_lights": 4}, catalogue)
    factories.RegionFactory(code="880000000000", name="测试省", level=Level.PROVINCE)
    factories.RegionFactory(code="888800000000", name="测试市", level=Level.PREFECTURE)
    return figures


def answers(client, url, monkeypatch) -> tuple[bytes, bytes]:
    """(from the summaries, from the figures) for one URL; the cache cleared between."""
    from django.core.cache import cache

    def no_group_by(*args, **kwargs):
        raise AssertionError("the summaries answer this one")

    with monkeypatch.context() as patch:
        patch.setattr(aggregates, "aggregate_values", no_group_by)
        fast = client.get(url)
    cache.clear()
    with monkeypatch.context() as patch:
        patch.setattr(aggregates, "summary_mode", lambda user, region: None)
        slow = client.get(url)
    assert fast.status_code == slow.status_code == 200
    return fast.content, slow.content


SHAPES = [
    "region=888801000000",
    f"region=888801000000&indicator=raw_coal_output,{MEAN}",
    "region=888801000000&indicator=raw_coal_output&year_min=2024&year_max=2025",
    "region=880000000000",
    f"region=888800000000&indicator={MEAN},street_lights",
]


# The official's own county is the county: every figure there. The province and the
# prefecture hold it and more; there the figures answer (tested below).
CASES = [
    *((who, shape) for who in ("anonymous", "admin") for shape in SHAPES),
    *(("official", shape) for shape in SHAPES if "region=888801" in shape),
]


@pytest.mark.parametrize(("who", "shape"), CASES)
def test_the_summaries_answer_what_the_figures_answer(
    spread, anonymous, client_for, admin_user, county_official, who, shape, monkeypatch
):
    users = {"admin": admin_user, "official": county_official}
    client = anonymous if who == "anonymous" else client_for(users[who])
    fast, slow = answers(client, f"/api/v1/aggregates/?{shape}", monkeypatch)
    assert fast == slow
    assert fast != b"[]"


def test_a_caller_whose_own_county_lies_inside_the_region_gets_the_group_by(
    spread, client_for, county_official
):
    assert aggregates.summary_mode(county_official, factories.county()) is False
    province = factories.RegionFactory(code="880000000000", level=Level.PROVINCE)
    assert aggregates.summary_mode(county_official, province) is None
    answer = client_for(county_official).get("/api/v1/aggregates/?region=880000000000")
    assert answer.status_code == 200 and answer.json()


def test_a_town_is_aggregated_from_its_figures(spread, anonymous):
    town = spread["towns"][0].code
    assert aggregates.summary_mode(AnonymousUser(), spread["towns"][0]) is None
    answer = anonymous.get(f"/api/v1/aggregates/?region={town}&indicator=raw_coal_output")
    assert [(a["year"], a["value"], a["towns"]) for a in answer.json()] == [(2024, "100.25", 1)]
