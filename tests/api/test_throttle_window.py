"""The throttles count a sliding window with two counters: this window's requests and
the last window's, weighted by how much of the last window the sliding one still covers."""

import pytest
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from indicators.api.throttles import AnonymousThrottle, WindowCounts

START = 1_800_000_000.0  # the start of a minute: 1_800_000_000 is a multiple of 60


@pytest.fixture
def clock(monkeypatch, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "10/minute", "user": "100/minute"},
    }
    now = {"t": START}
    monkeypatch.setattr(WindowCounts, "timer", staticmethod(lambda: now["t"]))
    return now


def asks(times: int, at: float, clock) -> list[bool]:
    """``times`` requests from one address at ``at`` seconds after START."""
    clock["t"] = START + at
    request = Request(APIRequestFactory().get("/api/v1/sections/", REMOTE_ADDR="198.51.100.9"))
    throttle = AnonymousThrottle()
    answers = [throttle.allow_request(request, None) for _ in range(times)]
    asks.wait = throttle.wait()
    return answers


def test_the_budget_of_a_window_is_its_rate(clock):
    assert asks(11, 10, clock) == [True] * 10 + [False]
    # Into the next minute, the last one's 10 requests at 50 % overlap count as 5.
    assert asks(6, 90, clock) == [True] * 5 + [False]


def test_the_last_windows_requests_fade_as_the_window_slides(clock):
    asks(10, 30, clock)
    assert asks(3, 66, clock) == [True, False, False]  # 10 × 0.9 = 9: room for one
    assert asks(2, 108, clock) == [True, True]  # 10 × 0.2 + 1 + 1 = 4


def test_a_window_two_windows_ago_is_forgotten(clock):
    asks(10, 0, clock)
    assert asks(10, 125, clock) == [True] * 10


def test_retry_after_is_when_one_more_request_fits(clock):
    asks(10, 30, clock)
    assert asks(1, 30, clock) == [False]
    # Only in the next minute, as soon as this minute's requests begin to fade.
    assert asks.wait == pytest.approx(30)
    # At 70 s the last minute's 10 weigh 8.33: two more fit, then one more 2 s later,
    # when they weigh 8.
    assert asks(3, 70, clock) == [True, True, False]
    assert asks.wait == pytest.approx(2)
    assert asks(1, 72.001, clock) == [True]
