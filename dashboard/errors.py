"""Error pages that Django would otherwise render in English, without the site's layout.

Under /api/ each is the API's one JSON error shape instead (indicators/api/exceptions.py).
"""

import sys
from typing import TypeVar

from django.http import Http404, HttpResponseBadRequest, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from config.incidents import incident_of

from .middleware import DatabaseUnavailableMiddleware

T = TypeVar("T")


def found_or_404(found: T | None) -> T:
    """What a selector found; a 404 page when it found nothing."""
    if found is None:
        raise Http404
    return found


def _api_error(status: int, code: str, message: str, details=None) -> JsonResponse:
    body = {"error": {"status": status, "code": code, "message": message, "details": details}}
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


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


def server_error(request):
    """handler500: a Chinese page (or the API's JSON error) with the incident id.

    Django calls it inside its ``except`` block, so ``sys.exc_info()`` is the error.
    A database that is busy or unreachable, raised outside a view (say while the
    session middleware saves), is still a 503 with Retry-After. The page renders
    without the request's context: base.html would ask the database for the user.
    The id reaches the log through config.incidents.IncidentFilter.
    """
    error = sys.exc_info()[1]
    if error is not None:
        busy = DatabaseUnavailableMiddleware(None).process_exception(request, error)
        if busy is not None:
            return busy
    incident = incident_of(request)
    message = _("服务器内部错误，已记录（事件编号 %(incident)s）。") % {"incident": incident}
    if request.path.startswith("/api/"):
        response = _api_error(500, "server_error", message, {"incident": incident})
    else:
        html = render_to_string("500.html", {"incident": incident})
        response = HttpResponseServerError(html)
    add_never_cache_headers(response)
    return response


def page_not_found(request, exception):
    """handler404: an address that names no page, in the site's layout (the menu leads on)."""
    if request.path.startswith("/api/"):
        return _api_error(404, "not_found", _("找不到请求的资源。"))
    return render(request, "404.html", {"request_path": request.path}, status=404)


def permission_denied(request, exception):
    """handler403: a PermissionDenied that no view turned into its own page."""
    if request.path.startswith("/api/"):
        return _api_error(403, "permission_denied", _("您无权执行此操作。"))
    return render(request, "403.html", status=403)


def bad_request(request, exception):
    """handler400: a SuspiciousOperation, such as a Host header not in ALLOWED_HOSTS.

    Rendered without the request: its host is not to be trusted, and the page must not
    ask the database for the user either.
    """
    if request.path.startswith("/api/"):
        return _api_error(400, "bad_request", _("请求有误。"))
    return HttpResponseBadRequest(render_to_string("400.html"))
