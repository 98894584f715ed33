"""The API's rate limit is one budget for every worker process, not one per worker."""

import multiprocessing
import os
import subprocess
import sys

from django.conf import settings
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from indicators.api.throttles import AnonymousThrottle

# A worker: django set up from the test settings (so the same throttle directory,
# inherited through API_THROTTLE_DIR), then N anonymous requests from one address.
WORKER = """
import sys
import django
django.setup()
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory
from indicators.api.throttles import AnonymousThrottle
factory = APIRequestFactory()
allowed = 0
for _ in range(int(sys.argv[1])):
    request = Request(factory.get("/api/v1/sections/", REMOTE_ADDR=sys.argv[2]))
    allowed += AnonymousThrottle().allow_request(request, None)
print(allowed)
"""
ADDRESS = "203.0.113.7"


def worker(requests: int) -> int:
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "API_THROTTLE_ANON": "3/day",
    }
    done = subprocess.run(
        [sys.executable, "-c", WORKER, str(requests), ADDRESS],
        env=environment,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    return int(done.stdout.strip().splitlines()[-1])


def test_worker_processes_share_one_anonymous_budget(settings):
    # A budget per day: the processes run in real time, and a window of a minute could
    # end between them (the count then weighs the last window's requests).
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/day", "user": "100/day"},
    }
    assert worker(2) == 2
    assert worker(2) == 1, "the second process saw the first one's requests"
    request = Request(APIRequestFactory().get("/api/v1/sections/", REMOTE_ADDR=ADDRESS))
    assert AnonymousThrottle().allow_request(request, None) is False, "nor did this one"


def _count_at_once(barrier, allowed, requests: int) -> None:
    request = Request(APIRequestFactory().get("/api/v1/sections/", REMOTE_ADDR=ADDRESS))
    barrier.wait()
    counted = sum(AnonymousThrottle().allow_request(request, None) for _ in range(requests))
    with allowed.get_lock():
        allowed.value += counted


def test_workers_counting_at_once_lose_no_request(settings):
    """Each count is read and written back under a lock: four processes asking at the
    same moment get exactly the budget between them, not more."""
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3000/day", "user": "100/day"},
    }
    fork = multiprocessing.get_context("fork")
    barrier, allowed = fork.Barrier(4), fork.Value("i", 0)
    workers = [fork.Process(target=_count_at_once, args=(barrier, allowed, 1000)) for _ in range(4)]
    for each in workers:
        each.start()
    for each in workers:
        each.join()
    assert [each.exitcode for each in workers] == [0, 0, 0, 0]
    assert allowed.value == 3000
