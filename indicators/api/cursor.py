"""Keyset (cursor) pages: the next page starts after the last row's key, so that the
last page of a province costs what the first does (OFFSET reads and drops every row
before the page).

The cursor is the last row's key (region, year, section number, indicator order,
indicator code), signed so that a tampered or truncated one is a 400, not a page
from some other place.
"""

from django.core import signing
from django.db.models import Q
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError

SALT = "indicators.api.cursor"
PARAM = "cursor"


def cursor_encode(key: tuple) -> str:
    return signing.dumps(list(key), salt=SALT, compress=False)


def cursor_decode(token: str) -> tuple:
    """The key a cursor carries; a cursor this server did not write is a 400."""
    try:
        key = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        key = None
    if not _well_formed(key):
        raise ValidationError({PARAM: [_("游标无效：请使用上一页答复中 next 给出的链接。")]})
    return tuple(key)


def _well_formed(key) -> bool:
    kinds = (str, int, int, int, str)
    return (
        isinstance(key, list)
        and len(key) == len(kinds)
        and all(type(part) is kind for part, kind in zip(key, kinds, strict=True))
    )


def after(fields: tuple[str, ...], key: tuple) -> Q:
    """Rows whose (fields) come after ``key`` in that order.

    Spelt as ORs of equalities and one ``>``, which both databases plan, plus a
    redundant ``first >= key[0]``: the range a btree index on the region starts from.
    """
    following = Q()
    for position, field in enumerate(fields):
        equal = {fields[i]: key[i] for i in range(position)}
        following |= Q(**equal, **{f"{field}__gt": key[position]})
    return Q(**{f"{fields[0]}__gte": key[0]}) & following
