"""The throttles' counters: one file per budget, forgotten two days after its last count,
or a shared cache when several servers count together."""

import os
import time

import pytest
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from indicators.api import counters
from indicators.api.counters import FORGET_SECONDS, counts_of, forget_all, path_of
from indicators.api.throttles import AnonymousThrottle


@pytest.fixture
def folder(settings, tmp_path, monkeypatch):
    settings.API_THROTTLE_DIR = str(tmp_path / "throttle")
    monkeypatch.setattr(counters, "_last_prune", 0.0)
    return tmp_path / "throttle"


def count(key: str, window: int = 7, current: int = 1) -> None:
    with counts_of(key, 120) as counts:
        counts.write(window, current, 0)


def test_counts_are_kept_between_uses(folder):
    count("throttle_anon_203.0.113.7", current=5)
    with counts_of("throttle_anon_203.0.113.7", 120) as counts:
        assert counts.read() == (7, 5, 0)
    with counts_of("throttle_anon_203.0.113.8", 120) as counts:
        assert counts.read() is None


def test_a_new_caller_forgets_those_silent_for_two_days(folder, monkeypatch):
    count("silent")
    count("recent")
    silent, recent = path_of("silent"), path_of("recent")
    long_ago = time.time() - FORGET_SECONDS - 60
    os.utime(silent, (long_ago, long_ago))
    monkeypatch.setattr(counters, "_last_prune", 0.0)
    count("newcomer")
    assert not silent.exists()
    assert sorted(folder.iterdir()) == sorted([recent, path_of("newcomer")])


def test_forgetting_is_looked_at_once_a_minute_at_most(folder):
    count("first")  # prunes, and notes when
    old = path_of("first")
    long_ago = time.time() - FORGET_SECONDS - 60
    os.utime(old, (long_ago, long_ago))
    count("second")
    assert old.exists()


def test_a_cache_named_throttle_holds_the_counts_instead(settings, folder):
    """Several servers share one count through a cache (docs/scaling.md)."""
    settings.CACHES = {
        **settings.CACHES,
        "throttle": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    }
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "2/day", "user": "100/day"},
    }
    request = Request(APIRequestFactory().get("/api/v1/sections/", REMOTE_ADDR="192.0.2.1"))
    allowed = [AnonymousThrottle().allow_request(request, None) for _ in range(3)]
    assert allowed == [True, True, False]
    assert not folder.exists()
    forget_all()
    assert AnonymousThrottle().allow_request(request, None) is True
