"""Request rates per anonymous address and per signed-in user (session or token).

The rates live in settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] and are read
on each request (DRF reads them once at import), so a deployment or a test can
change them. DRF adds Retry-After to the 429 answer.
"""

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle


def _rate(scope: str) -> str | None:
    return settings.REST_FRAMEWORK.get("DEFAULT_THROTTLE_RATES", {}).get(scope)


class AnonymousThrottle(AnonRateThrottle):
    def get_rate(self):
        return _rate(self.scope)


class UserThrottle(UserRateThrottle):
    """Per user: a user's token and their browser session share one budget."""

    def get_rate(self):
        return _rate(self.scope)
