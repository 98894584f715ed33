"""One JSON error shape for every error the API answers, never an HTML page.

    {"error": {"status": 400, "code": "invalid", "message": "请求参数有误。", "details": {...}}}

``code`` is stable for programs; ``message`` is for people (Chinese by default);
``details`` says which field or row, when there is one.
"""

import logging

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, JsonResponse
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler, set_rollback

from config.dbstate import MESSAGE, RETRY_AFTER_SECONDS, database_unavailable
from config.incidents import incident_of

logger = logging.getLogger(__name__)


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"
    default_detail = "请求内容太大。"  # RequestDataTooBig from Django itself


def _message(exc: exceptions.APIException) -> str:
    """A sentence for people; DRF's own details stay in ``details``."""
    messages = {
        exceptions.ValidationError: _("请求参数有误。"),
        exceptions.ParseError: _("请求内容不是有效的 JSON。"),
        exceptions.NotAuthenticated: _(
            "需要登录，或在请求头中提供令牌：Authorization: Token <令牌>。"
        ),
        exceptions.AuthenticationFailed: _("令牌无效或已撤销。"),
        exceptions.PermissionDenied: _("您无权执行此操作。"),
        exceptions.NotFound: _("找不到请求的资源。"),
        exceptions.MethodNotAllowed: _("不支持该请求方法。"),
        exceptions.NotAcceptable: _("不支持请求的格式，可用 JSON 或 CSV。"),
        exceptions.UnsupportedMediaType: _("请求内容须为 JSON（Content-Type: application/json）。"),
    }
    if isinstance(exc, exceptions.Throttled):
        return _("请求过于频繁，请在 %(seconds)s 秒后重试。") % {"seconds": exc.wait or 1}
    for kind, message in messages.items():
        if type(exc) is kind:
            if isinstance(exc.detail, str) and kind in (
                exceptions.PermissionDenied,
                exceptions.NotFound,
                exceptions.ParseError,
            ):
                return str(exc.detail)
            return message
    return str(exc.detail) if isinstance(exc.detail, str) else _("请求有误。")


def _first_problem(detail) -> str | None:
    """The first message in DRF's nested details, with the field it belongs to."""
    if isinstance(detail, dict):
        for key, value in detail.items():
            inner = _first_problem(value)
            if inner:
                return inner if key in ("non_field_errors", "_") else f"{key}: {inner}"
    elif isinstance(detail, list):
        for value in detail:
            inner = _first_problem(value)
            if inner:
                return inner
    elif detail:
        return str(detail)
    return None


def _code(exc: exceptions.APIException) -> str:
    if isinstance(exc, exceptions.ValidationError):
        return "invalid"
    codes = exc.get_codes()
    return codes if isinstance(codes, str) else exc.default_code


def error_body(status_code: int, code: str, message: str, details=None) -> dict:
    return {"error": {"status": status_code, "code": code, "message": message, "details": details}}


def api_exception_handler(exc, context):
    """DRF's handler, then the one error shape; unexpected errors are logged and still JSON.

    A database that is locked, busy or unreachable is a 503 with Retry-After: the
    request may well succeed a few seconds later (config/dbstate.py).
    """
    if database_unavailable(exc):
        logger.warning("API answered 503, database unavailable: %s", exc)
        set_rollback()
        return Response(
            error_body(503, "database_unavailable", str(MESSAGE)),
            status=status.HTTP_503_SERVICE_UNAVAILABLE,
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        )
    if isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge()
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        # The same incident id in the log and in the answer, as on the pages' 500.
        incident = incident_of(context.get("request"))
        logger.error("[incident %s] API error", incident, exc_info=exc)
        set_rollback()
        message = _("服务器内部错误，已记录（事件编号 %(incident)s）。") % {"incident": incident}
        return Response(
            error_body(500, "server_error", message, {"incident": incident}),
            status=status.HTTP_500_INTERNAL_SERVER_ERROR,
        )
    details = None
    if isinstance(exc, exceptions.ValidationError) or not isinstance(exc.detail, str):
        details = exc.detail
    message = _message(exc)
    if isinstance(exc, exceptions.ValidationError) and _first_problem(exc.detail):
        message = _("请求参数有误：%(problem)s") % {"problem": _first_problem(exc.detail)}
    response.data = error_body(response.status_code, _code(exc), message, details)
    return response


# Exempt as every API view is (DRF's as_view): a POST with a session cookie to a path
# that names nothing gets this JSON 404, not the site's HTML "页面已过期" page.
@csrf_exempt
def api_not_found(request, *args, **kwargs):
    """Any other path under /api/v1/: a JSON 404, not the site's HTML page."""
    message = _("没有这个接口：%(path)s。") % {"path": request.path}
    if not request.path.endswith("/"):
        try:
            if resolve(request.path + "/").func is not api_not_found:
                message = _("没有这个接口：%(path)s。接口地址以 / 结尾。") % {"path": request.path}
        except Resolver404:
            pass
    return JsonResponse(
        error_body(404, "not_found", message), status=404, json_dumps_params={"ensure_ascii": False}
    )
