"""The idle timeout slides with activity: active users stay, idle ones are signed out.

Time is moved by patching django.utils.timezone.now (the session store and the
sign-in middleware both read it); nothing sleeps.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

LOGIN = "/accounts/login/"


class Clock:
    def __init__(self):
        self.now = timezone.now()

    def __call__(self):
        return self.now

    def advance(self, seconds: int) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(timezone, "now", clock)
    return clock


@pytest.fixture
def one_idle_minute(settings):
    # What SESSION_IDLE_MINUTES=1 gives in config/settings.py.
    settings.SESSION_IDLE_SECONDS = 60
    settings.SESSION_REFRESH_SECONDS = 6
    settings.SESSION_COOKIE_AGE = 66


def signed_in(client) -> bool:
    response = client.get("/account/")
    return response.status_code == 200


def test_a_request_every_forty_seconds_keeps_a_one_minute_session(
    client, clerk, clock, one_idle_minute
):
    client.force_login(clerk)
    for _request in range(10):  # 400 seconds of steady work
        clock.advance(40)
        assert signed_in(client), f"signed out after {_request} requests"


def test_a_session_idle_for_over_a_minute_is_signed_out(client, clerk, clock, one_idle_minute):
    client.force_login(clerk)
    clock.advance(40)
    assert signed_in(client)
    clock.advance(67)  # the limit and the refresh step since the last request
    response = client.get("/account/")
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_the_default_session_ends_within_thirty_one_idle_minutes(settings):
    assert settings.SESSION_IDLE_SECONDS == 30 * 60
    assert settings.SESSION_COOKIE_AGE == 30 * 60 + settings.SESSION_REFRESH_SECONDS
    assert settings.SESSION_REFRESH_SECONDS == 60
