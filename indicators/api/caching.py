"""ETag and Last-Modified for list endpoints, so that a sync script's repeat call is a 304.

Data lists (values, targets, aggregates) compute a fingerprint of what the
answer would hold in one aggregate query (how many rows, latest change), before
reading any page: an unchanged answer costs that one query. Catalogue lists are
small and have no modification time; their ETag is a hash of the JSON body.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime

from django.http import HttpResponseNotModified
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date, quote_etag


@dataclass(frozen=True)
class Stamp:
    count: int
    last_modified: datetime | None


def stamp_etag(request, stamp: Stamp) -> str:
    """Same user, same URL, same format, same rows and times: same ETag."""
    user = request.user.pk if request.user.is_authenticated else "anonymous"
    parts = [
        "v1",
        str(user),
        request.get_full_path(),
        request.accepted_renderer.format,
        str(stamp.count),
        stamp.last_modified.isoformat() if stamp.last_modified else "",
    ]
    return quote_etag(hashlib.sha256("|".join(parts).encode()).hexdigest()[:32])


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
