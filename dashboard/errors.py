"""Error pages that Django would otherwise render in English, without the site's layout."""

from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme


def _back_to(request) -> str:
    """The page the user came from when it is on this site; else the home page."""
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return "/"


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: say in Chinese what happened and how to get the typing back.

    It happens when a page was open too long or the user signed in again
    elsewhere. The entry form keeps what was typed in the browser (static/js/entry.js),
    so the page says how to restore it. ``reason`` is for logs, not for users.
    """
    context = {"back_to": _back_to(request)}
    return render(request, "errors/csrf_failure.html", context, status=403)
