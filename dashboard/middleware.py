import logging
import re

from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from config.dbstate import MESSAGE, RETRY_AFTER_SECONDS, database_unavailable
from config.language import chosen_language

logger = logging.getLogger(__name__)


class ChineseFirstLocaleMiddleware(LocaleMiddleware):
    """Chinese unless the user chose English with the language switch (config/language.py)."""

    def process_request(self, request):
        translation.activate(chosen_language(request))
        request.LANGUAGE_CODE = translation.get_language()


# C0 control characters and DEL; a tab is allowed in header values (RFC 9110, 5.5).
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")
# Request headers arrive in META as HTTP_*, except these two (WSGI, PEP 3333).
_UNPREFIXED_HEADERS = ("CONTENT_TYPE", "CONTENT_LENGTH")


def _bad_header(meta: dict) -> str | None:
    """The name of the first header (cookies included) holding a NUL or control byte."""
    for name, value in meta.items():
        if not (name.startswith("HTTP_") or name in _UNPREFIXED_HEADERS):
            continue
        if isinstance(value, str) and _CONTROL.search(value):
            return name
    return None


class RejectNulMiddleware:
    """A NUL character in the path or query, or a control byte in a header or cookie: a 400.

    PostgreSQL cannot hold NUL in text, so such a code would otherwise fail deep
    in a query as a 500 rather than as the caller's mistake. Headers are checked
    before the session middleware runs: a NUL in the session cookie, or in a token,
    never reaches the database.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
            return self._refuse(request, _("请求地址中含有空字符（%00），无法处理。"))
        header = _bad_header(request.META)
        if header is not None:
            logger.info("%s refused: control character in %s", request.path, header)
            return self._refuse(request, _("请求头或 Cookie 中含有空字符或控制字符，无法处理。"))
        return self.get_response(request)

    @staticmethod
    def _refuse(request, message: str):
        if request.path.startswith("/api/"):
            # The API's one error shape (indicators/api/exceptions.py).
            error = {"status": 400, "code": "bad_request", "message": message, "details": None}
            body = {"error": error}
            return JsonResponse(body, status=400, json_dumps_params={"ensure_ascii": False})
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


class DatabaseUnavailableMiddleware:
    """A database that is locked, busy or unreachable: a Chinese 503 page with Retry-After.

    Not a 500: waiting a few seconds usually helps (config/dbstate.py). The page is
    self-contained; base.html would ask the database for the user and the messages.
    The API answers such errors itself (indicators/api/exceptions.py); one that
    escapes it still gets the API's JSON error shape here.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not database_unavailable(exception):
            return None
        logger.warning("%s answered 503, database unavailable: %s", request.path, exception)
        message = str(MESSAGE)
        if request.path.startswith("/api/"):
            error = {"status": 503, "code": "database_unavailable", "message": message}
            body = {"error": {**error, "details": None}}
            response = JsonResponse(body, status=503, json_dumps_params={"ensure_ascii": False})
        else:
            context = {"message": message, "seconds": RETRY_AFTER_SECONDS}
            response = HttpResponse(render_to_string("errors/503.html", context), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        add_never_cache_headers(response)
        return response
