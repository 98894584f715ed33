import logging

from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from config.dbstate import MESSAGE, RETRY_AFTER_SECONDS, database_unavailable

logger = logging.getLogger(__name__)


class ChineseFirstLocaleMiddleware(LocaleMiddleware):
    """Chinese unless the user chose English with the language switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language, and many
    office machines run an English Windows; the product speaks Chinese first.
    """

    def process_request(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class RejectNulMiddleware:
    """A NUL character in the path or query is never meant; refuse it with a 400.

    PostgreSQL cannot hold NUL in text, so such a code would otherwise fail deep
    in a query as a 500 rather than as the caller's mistake.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
            message = _("请求地址中含有空字符（%00），无法处理。")
            if request.path.startswith("/api/"):
                # The API's one error shape (indicators/api/exceptions.py).
                error = {"status": 400, "code": "bad_request", "message": message, "details": None}
                body = {"error": error}
                return JsonResponse(body, status=400, json_dumps_params={"ensure_ascii": False})
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


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
