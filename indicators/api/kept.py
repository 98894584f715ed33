"""Kept answers: a list asked again at the same data stamps, answered before the stack.

An API list whose view names a ``stamp_kind`` (values, targets, aggregates) answers
as a function of the data stamps (:mod:`indicators.derived.stamps`), the question
(path, query, Accept, host and scheme), the language and the caller's visibility
scope (:func:`.caching.visibility_scope`). Its whole answer (status, headers and
body, as the full stack gave it) is kept under those, and the same question at the
same stamps is answered from here, just inside the middleware that sets the security
headers (config/settings.py), which go on every answer alike:

- the caller is named by the view's own authenticators (a token, or nobody);
- one query reads the stamps, and the answer is looked up;
- the view's own permissions let it in and its throttles count it, and a conditional
  request gets its 304 from the kept headers (Django's ``get_conditional_response``).

Everything else takes the full stack, which answers as it always does: a browser
session (the sign-in policy and second factor live further in), another method,
a format other than JSON, a refused token (401), a spent budget (429), a bad question
(400, never kept) and any database error (503). A write moves the stamps in its own
transaction, so once it commits no request finds an answer of older data.
"""

import hashlib
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe
from rest_framework.exceptions import APIException
from rest_framework.request import Request

from config.language import chosen_language
from indicators.derived.stamps import Stamps, stamps_glance

from .caching import BODY_BYTES, BODY_SECONDS, stamp_provinces, visibility_scope

#: Besides the path and the query, what a kept answer depends on.
ASKED = ("HTTP_ACCEPT", "HTTP_HOST", "HTTP_X_FORWARDED_HOST", "SERVER_NAME", "SERVER_PORT")


@lru_cache(maxsize=256)
def list_view(path: str, urlconf: str):
    """The view class of the API list at ``path`` whose answers may be kept, or None."""
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return None
    view = getattr(match.func, "cls", None)
    actions = getattr(match.func, "actions", None) or {}
    if view is None or match.kwargs or actions.get("get") != "list":
        return None
    return view if getattr(view, "stamp_kind", None) else None


def answer_key(request, stamps: Stamps, user) -> str:
    """The data stamps, the caller's scope and the question, hashed."""
    meta = request.META
    parts = [
        stamps.key(),
        visibility_scope(user),
        request.scheme,
        request.path,
        meta.get("QUERY_STRING", ""),
        chosen_language(request),
        *(meta.get(name, "") for name in ASKED),
    ]
    return "kept-answer:" + hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()


def wants_json(request) -> bool:
    """JSON, the only kind of answer kept: no other ``format`` asked for, and an Accept
    header, if any, that names JSON or anything (a CSV or XLSX export never looks)."""
    if request.GET.get("format", "json") != "json":
        return False
    accept = request.META.get("HTTP_ACCEPT", "*/*")
    return accept in {"", "*/*"} or "application/json" in accept


def keepable(response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and response.has_header("ETag")
        and response.get("Content-Type", "").startswith("application/json")
        and len(response.content) <= BODY_BYTES
    )


def replay(kept) -> HttpResponse:
    status, headers, body = kept
    response = HttpResponse(body, status=status)
    for name, value in headers:
        response[name] = value
    return response


class KeptAnswerMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        view = self.view_for(request)
        if view is None:
            return self.get_response(request)
        try:
            drf = Request(request, authenticators=[each() for each in view.authentication_classes])
            user = drf.user
            stamps = stamps_glance(view.stamp_kind, stamp_provinces(request.GET))
            request.list_stamps = stamps  # the view answers from them if nothing is kept
            key = answer_key(request, stamps, user)
            kept = cache.get(key)
            if kept is not None and self.allowed(drf, view):
                return self.answer(request, replay(kept))
        except (APIException, DatabaseError):
            # A refused token or a database that does not answer: the full stack says so.
            return self.get_response(request)
        response = self.get_response(request)
        if keepable(response):
            kept = (response.status_code, list(response.items()), response.content)
            cache.set(key, kept, BODY_SECONDS)
        return response

    @staticmethod
    def view_for(request):
        if request.method != "GET" or settings.SESSION_COOKIE_NAME in request.COOKIES:
            return None
        view = list_view(request.path_info, settings.ROOT_URLCONF)
        return view if view is not None and wants_json(request) else None

    @staticmethod
    def allowed(drf, view) -> bool:
        """Let in and counted as the view does it; a refusal is the full stack's to
        answer (403, 429)."""
        listing = view(request=drf, action="list", args=(), kwargs={}, format_kwarg=None)
        if not all(each.has_permission(drf, listing) for each in listing.get_permissions()):
            return False
        return all(each.allow_request(drf, listing) for each in listing.get_throttles())

    @staticmethod
    def answer(request, response):
        last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
        return get_conditional_response(
            request, etag=response.get("ETag"), last_modified=last_modified, response=response
        )
