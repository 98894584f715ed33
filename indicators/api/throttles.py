"""Request rates per anonymous address and per signed-in user (session or token).

The rates live in settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] and are read
on each request (DRF reads them once at import), so a deployment or a test can
change them. The counters live in the "throttle" cache, files shared by every worker
process (config/settings.py), so that the limit is the limit whatever the number of
workers. DRF adds Retry-After to the 429 answer.
"""

from django.conf import settings
from django.core.cache import caches
from django.utils.connection import ConnectionProxy
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

#: Resolved on each use, so that a test's override of CACHES takes effect.
THROTTLE_CACHE = ConnectionProxy(caches, "throttle")


def _rate(scope: str) -> str | None:
    return settings.REST_FRAMEWORK.get("DEFAULT_THROTTLE_RATES", {}).get(scope)


class AnonymousThrottle(AnonRateThrottle):
    cache = THROTTLE_CACHE

    def get_rate(self):
        return _rate(self.scope)


class UserThrottle(UserRateThrottle):
    """Per user: a user's token and their browser session share one budget."""

    cache = THROTTLE_CACHE

    def get_rate(self):
        return _rate(self.scope)

    def get_cache_key(self, request, view):
        # DRF would count anonymous callers here too, by address: the anonymous
        # throttle already does, and each count is a file read and write.
        if not request.user or not request.user.is_authenticated:
            return None
        return super().get_cache_key(request, view)
