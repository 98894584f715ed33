import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from indicators.accounts.tokens import token_issue
from indicators.api.counters import forget_all
from indicators.api.throttles import WindowCounts
from indicators.models import Report, Status
from tests import factories


@pytest.fixture(autouse=True)
def fresh_throttle_counts():
    """Throttle counters (and cached counts) live in caches; each test starts afresh."""
    cache.clear()
    forget_all()
    yield
    cache.clear()
    forget_all()


@pytest.fixture
def steady_clock(monkeypatch):
    """The throttles' clock stopped halfway through a window: a test that counts a
    budget exactly never straddles two windows (tests/api/test_throttle_window.py
    checks what happens when it does)."""
    now = 1_800_000_030.0
    monkeypatch.setattr(WindowCounts, "timer", staticmethod(lambda: now))
    return now


@pytest.fixture
def anonymous():
    return APIClient()


@pytest.fixture
def client_for():
    """An API client that sends the user's token, as a script would."""
    issued: dict[int, str] = {}

    def make(user) -> APIClient:
        client = APIClient()
        # Keys are shown once; a user's second client rotates, so keep them per user.
        if user.pk not in issued:
            issued[user.pk] = token_issue(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {issued[user.pk]}")
        return client

    return make


def put_figures(town, year, status, figures: dict, catalogue) -> Report:
    """Figures through the write service, their report then moved to ``status``."""
    return factories.seed_figures({(town, year): figures}, status=status)[(town.code, year)]


@pytest.fixture
def figures(catalogue, towns, other_county):
    """Approved 2024 figures in three towns, a 2025 draft in the first, one town elsewhere."""
    for number, town in enumerate(towns, start=1):
        put_figures(
            town,
            2024,
            Status.APPROVED,
            {"raw_coal_output": f"{number}00.25", "street_lights": 10 * number},
            catalogue,
        )
    put_figures(towns[0], 2025, Status.DRAFT, {"raw_coal_output": "1234.50"}, catalogue)
    elsewhere = factories.town(other_county, 1, "邻县一镇")
    put_figures(elsewhere, 2024, Status.APPROVED, {"raw_coal_output": "7.00"}, catalogue)
    return {"towns": towns, "elsewhere": elsewhere}


def results(response) -> list[dict]:
    body = response.json()
    return body["results"] if isinstance(body, dict) and "results" in body else body


def keys(response) -> list[tuple]:
    return [(item["indicator"], item["region"], item["year"]) for item in results(response)]
