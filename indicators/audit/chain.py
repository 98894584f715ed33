"""The hash chain over the audit trail: an edit, a gap or a reordering shows.

Every entry carries ``prev_hash``, the ``row_hash`` of the entry before it (by id),
and its own ``row_hash = sha256(prev_hash + canonical content)``. Changing an entry
breaks its own hash; deleting, inserting or swapping entries breaks the next entry's
``prev_hash``. This holds on SQLite, where anyone with the file can write to it, as
on PostgreSQL. Someone able to rewrite every later hash could hide an edit: the head
hash that ``manage.py audit_verify`` prints, kept in the operations log, shows that.

Appends are serialised so that no two entries chain onto the same predecessor: on
PostgreSQL ``audit_chain_head()`` (migration 0002) takes a transaction-level advisory
lock before it reads the head, so the next writer waits until this entry commits and
then sees it; the id is drawn after the lock, so ids follow the chain. The entry is
usually its transaction's last statement (the write services record it after the
stamps and summaries, :func:`indicators.figures.effects.consequences`, and a write's
stamp row already orders writes within a province), so the lock is held briefly and
nobody holding it waits for a row that a waiter for it holds. On SQLite every
transaction begins IMMEDIATE (``config/settings.py``), which takes the database's one
write lock before the head is read.

The canonical content is fixed: changing it would break every stored hash.
"""

import hashlib
import ipaddress
import json
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections
from django.utils.dateparse import parse_datetime

#: The fields a hash covers, in this order (the id is the chain's order, not content).
CONTENT = (
    "created_at",
    "user_id",
    "username",
    "address",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "details",
)
#: What the chain itself needs besides the content.
FIELDS = ("id", *CONTENT, "prev_hash", "row_hash")
#: The advisory lock key of audit_chain_head() on PostgreSQL (migration 0002).
LOCK_KEY = 7_270_681


def _instant(value) -> str:
    if isinstance(value, str):  # an archive line
        value = parse_datetime(value)
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _address(value) -> str | None:
    # The same address in any spelling (PostgreSQL's inet, Django's IPv6 cleaning).
    if not value:
        return None
    try:
        return ipaddress.ip_address(value).exploded
    except ValueError:
        return str(value)


def _json(value):
    # Integral floats as ints: PostgreSQL's jsonb gives back 1e16 as 10000000000000000.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [_json(item) for item in value]
    if isinstance(value, dict):
        return {key: _json(item) for key, item in value.items()}
    return value


def canonical(entry: Mapping) -> str:
    """The content of one entry as one string, the same from the instance being saved,
    from either database's stored row and from an archive line."""
    details = _json(json.loads(json.dumps(entry["details"], cls=DjangoJSONEncoder)))
    parts = [
        _instant(entry["created_at"]),
        entry["user_id"],
        str(entry["username"]),
        _address(entry["address"]),
        str(entry["action"]),
        str(entry["object_type"]),
        str(entry["object_id"]),
        str(entry["object_repr"]),
        details,
    ]
    return json.dumps(parts, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def chain_hash(prev_hash: str, content: str) -> str:
    return hashlib.sha256((prev_hash + content).encode("utf-8")).hexdigest()


def chain_head(using: str) -> str:
    """The newest entry's hash ("" for none), read under the append lock.

    Call inside the transaction that inserts the entry.
    """
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT audit_chain_head()")
        else:
            cursor.execute("SELECT row_hash FROM audit_auditevent ORDER BY id DESC LIMIT 1")
        row = cursor.fetchone()
    return (row[0] if row else None) or ""


def chain_walk(entries: Iterable[Mapping], start: str = "") -> Iterator[tuple[Mapping, str | None]]:
    """Each entry, in id order, with what breaks the chain there, or None.

    "start": the first entry does not chain onto ``start`` (earlier entries are gone);
    "gap": its predecessor is not the entry it was written after (entries deleted,
    inserted or swapped); "edited": its content no longer gives its hash.
    """
    previous, first = start, True
    for entry in entries:
        problem = None
        if entry["prev_hash"] != previous:
            problem = "start" if first else "gap"
        elif chain_hash(entry["prev_hash"], canonical(entry)) != entry["row_hash"]:
            problem = "edited"
        yield entry, problem
        previous, first = entry["row_hash"], False
