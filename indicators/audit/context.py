"""The request being served, for signal receivers that are not handed one."""

import ipaddress
from contextvars import ContextVar

from django.conf import settings
from django.http import HttpRequest

_current: ContextVar[HttpRequest | None] = ContextVar("audit_request", default=None)


def current_request() -> HttpRequest | None:
    return _current.get()


class CurrentRequestMiddleware:
    """Keeps the request in a context variable while it is served (thread- and async-safe)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current.set(request)
        try:
            return self.get_response(request)
        finally:
            _current.reset(token)


def _valid(address: str | None) -> str | None:
    try:
        return str(ipaddress.ip_address((address or "").strip()))
    except ValueError:
        return None


def client_address(request) -> str | None:
    """REMOTE_ADDR; behind trusted proxies (API_NUM_PROXIES > 0) the address the
    nearest trusted proxy saw in X-Forwarded-For, as DRF's throttles read it.

    Without trusted proxies the header is the client's own words and is ignored.
    """
    meta = request.META
    remote = _valid(meta.get("REMOTE_ADDR"))
    proxies = settings.REST_FRAMEWORK.get("NUM_PROXIES") or 0
    forwarded = meta.get("HTTP_X_FORWARDED_FOR")
    if proxies > 0 and forwarded:
        hops = forwarded.split(",")
        return _valid(hops[-min(proxies, len(hops))]) or remote
    return remote
