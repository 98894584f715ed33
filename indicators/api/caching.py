"""ETag and Last-Modified for list endpoints, so that a sync script's repeat call is a 304.

Values and targets answer from the data stamps (:mod:`indicators.derived.stamps`): the ETag
hashes the stamp versions of the provinces the filter reaches, the normalized
query and the caller's visibility scope; an unchanged answer costs one small
query. Their count is cached under the same stamps, so it is computed once per
data version and never outlives it; so is a whole JSON answer (:mod:`.kept`).
Aggregates answer from the same stamps. Catalogue lists are small and have
no modification time; their ETag is a hash of the JSON body.
"""

import hashlib
from collections.abc import Callable
from datetime import datetime
from urllib.parse import urlencode

from django.core.cache import cache
from django.http import HttpResponseNotModified
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date, quote_etag
from django.utils.translation import get_language

from indicators.accounts import access
from indicators.derived.stamps import Stamps, province_of, stamps_read

from .params import REGION, matches

#: Parameters that choose a page or a format, not which rows: the count ignores them.
PAGING = frozenset({"page", "page_size", "cursor", "format"})
COUNT_SECONDS = 24 * 3600
BODY_SECONDS = 3600
#: Larger JSON answers are not kept: a worker's cache holds at most 300 entries.
BODY_BYTES = 1 << 20


def list_stamps(request, kind: str) -> Stamps:
    """The data stamps a list answers from: those the kept answers' middleware read for
    this request (:mod:`.kept`), else one query now."""
    seen = getattr(request, "list_stamps", None)
    return seen if seen is not None else stamps_read(kind, stamp_provinces(request.query_params))


def stamp_provinces(params) -> list[str] | None:
    """The province of a well-formed ``region`` parameter; None: every province (and
    for a malformed code, which the filter refuses after the stamps are read)."""
    code = params.get("region", "")
    return [province_of(code)] if matches(REGION, code) else None


def visibility_scope(user) -> str:
    """What decides which rows a caller sees (:func:`indicators.accounts.access.visible_values`):
    everything, a subtree and the public rest, or the public rows only."""
    if access.is_admin(user):
        return "all"
    profile = access.profile_of(user)
    if profile is not None and profile.region_id:
        return f"within:{profile.region_id}"
    return "public"


def normalized_query(request, leave_out: frozenset = frozenset()) -> str:
    """The query string with its parameters sorted: the same question, the same text."""
    pairs = sorted(
        (name, value)
        for name, values in request.GET.lists()
        if name not in leave_out
        for value in values
    )
    return urlencode(pairs)


def _digest(*parts: str) -> str:
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]


def stamps_tag(kind: str, stamps: Stamps) -> str:
    """The first half of a list's ETag: the data version alone. A bulk write's
    If-Match is compared with it (:mod:`.preconditions`)."""
    return _digest("stamps", kind, stamps.key())[:16]


def list_etag(request, kind: str, stamps: Stamps, scope: str) -> str:
    """Same stamps, same question, same scope, format and language: same answer."""
    question = _digest(
        "v3",
        request.path,
        normalized_query(request),
        request.accepted_renderer.format,
        get_language() or "",
        scope,
    )
    return quote_etag(stamps_tag(kind, stamps) + question[:16])


class RowCount:
    """How many rows the filter holds for this scope, computed once per data version.

    The cache key holds the stamps (versions and times): a write moves them in its
    own transaction, so a count of older data is never found again after it commits.
    """

    def __init__(self, kind: str, request, stamps: Stamps, scope: str, count: Callable[[], int]):
        query = normalized_query(request, PAGING)
        self.key = "api-count:" + _digest(kind, stamps.key(), query, scope)
        self.count = count

    def known(self) -> int | None:
        return cache.get(self.key)

    def learn(self, rows: int) -> int:
        """A count the view found out otherwise (a first page shorter than a page)."""
        cache.set(self.key, rows, COUNT_SECONDS)
        return rows

    def __call__(self) -> int:
        found = self.known()
        return self.learn(self.count()) if found is None else found


def not_modified(request, etag: str, last_modified: datetime | None):
    """The 304 answer when the client's copy is current, else None."""
    timestamp = int(last_modified.timestamp()) if last_modified else None
    response = get_conditional_response(request, etag=etag, last_modified=timestamp)
    if response is not None:
        patch_vary_headers(response, ["Accept", "Authorization", "Cookie"])
    return response


def mark(response, etag: str, last_modified: datetime | None):
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified.timestamp())
    patch_vary_headers(response, ["Accept", "Authorization", "Cookie"])
    return response


def body_etag(request, response):
    """ETag from a rendered body; a 304 instead of the body when the client has it."""
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return response
    response.render()
    user = request.user.pk if request.user.is_authenticated else "anonymous"
    digest = hashlib.sha256(f"{user}|".encode() + response.content).hexdigest()[:32]
    etag = quote_etag(digest)
    if get_conditional_response(request, etag=etag) is not None:
        response = HttpResponseNotModified()
    return mark(response, etag, None)
