"""Data stamps: a change counter per kind of data (values, targets) and province.

Every change to what a list of figures or targets answers moves a stamp inside the
write's own transaction (the write services call :func:`stamp_moved` themselves), so
that the API answers ETag, Last-Modified and a cached count from one small query
instead of COUNT and MAX over a subtree. A change that touches every province (a
catalogue edit: an indicator made non-public, renamed, its decimals changed) moves
the stamp of :data:`EVERYWHERE`, which every read includes.

A province without a stamp row (data written before stamps existed) reads as
version 0 until its first write creates the row.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import connection
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from indicators.models import (
    CatalogueRule,
    DataStamp,
    Indicator,
    Region,
    RegionChange,
    RegionName,
    Section,
    StampKind,
)

#: The pseudo-province of changes that touch every province; no division code is "*".
EVERYWHERE = "*"
KINDS = (StampKind.VALUES, StampKind.TARGETS)


def province_of(code: str) -> str:
    """The province of a 12-digit division code: its first two digits."""
    return code[:2]


@dataclass(frozen=True)
class Stamps:
    """The stamps a list depends on: (province, version, changed_at) in province order."""

    rows: tuple[tuple[str, int, datetime], ...]

    @property
    def changed_at(self) -> datetime | None:
        return max((row[2] for row in self.rows), default=None)

    def key(self) -> str:
        """Versions and times: a restored backup that reuses a version number still differs."""
        return ";".join(f"{p}:{v}:{t.timestamp():.6f}" for p, v, t in self.rows)


def stamp_moved(kind: str, provinces: Iterable[str], when: datetime | None = None) -> None:
    """Move the stamps of ``provinces`` (version + 1), in the caller's transaction.

    One UPSERT, in province order so that two writers lock the rows in the same
    order. The row stays locked until the write commits: writers of one province
    and kind queue here, readers do not wait.
    """
    provinces = sorted(set(provinces))
    if not provinces:
        return
    moment = connection.ops.adapt_datetimefield_value(when or timezone.now())
    table = connection.ops.quote_name(DataStamp._meta.db_table)
    rows = ", ".join(["(%s, %s, 1, %s)"] * len(provinces))
    params = [value for province in provinces for value in (kind, province, moment)]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (kind, province, version, changed_at) VALUES {rows} "
            f"ON CONFLICT (kind, province) DO UPDATE "
            f"SET version = {table}.version + 1, changed_at = excluded.changed_at",
            params,
        )


def stamps_read(kind: str, provinces: Iterable[str] | None = None) -> Stamps:
    """The stamps of ``provinces`` (None: every province) and of EVERYWHERE: one query.

    Plain SQL: every API list asks this first, and compiling the ORM's query cost more
    than running it (docs/benchmarks.md).
    """
    sql, params = _stamps_query(kind, provinces)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return _stamps(cursor.fetchall())


def stamps_glance(kind: str, provinces: Iterable[str] | None = None) -> Stamps:
    """:func:`stamps_read` for a request that can fall back on the full stack.

    The same query on the connection as it is: Django's health check (a ``SELECT 1``
    before a request's first query, config/settings.py) doubled the time of a kept
    API answer's one query on PostgreSQL. A connection the database has dropped
    raises a DatabaseError here; the caller then answers through the full stack,
    whose first query checks the connection and opens a new one. Query logging and
    execute wrappers apply as to any cursor.
    """
    sql, params = _stamps_query(kind, provinces)
    connection.ensure_connection()
    with connection.wrap_database_errors:
        # connection.cursor() without its health check (close_if_health_check_failed).
        cursor = connection._prepare_cursor(connection.create_cursor())
    with cursor:
        cursor.execute(sql, params)
        return _stamps(cursor.fetchall())


def _stamps_query(kind: str, provinces: Iterable[str] | None) -> tuple[str, list[str]]:
    table = connection.ops.quote_name(DataStamp._meta.db_table)
    sql = f"SELECT province, version, changed_at FROM {table} WHERE kind = %s"
    params = [kind]
    if provinces is not None:
        wanted = sorted({*provinces, EVERYWHERE})
        sql += f" AND province IN ({', '.join(['%s'] * len(wanted))})"
        params += wanted
    return sql + " ORDER BY province", params


def _stamps(rows) -> Stamps:
    return Stamps(tuple((province, version, _moment(at)) for province, version, at in rows))


def _moment(value) -> datetime:
    """A stored time as an aware datetime (SQLite hands back the text it keeps)."""
    if isinstance(value, str):
        value = parse_datetime(value)
    return value if timezone.is_aware(value) else timezone.make_aware(value, UTC)


# Receivers of Django's model signals, for what the admin edits one row at a time:
# the catalogue and the regions. Figures, reports and targets move their stamps in
# their write services (indicators.figures.service, indicators.figures.targets), and the
# figures table refuses writes from anywhere else (indicators/models/guard.py).


def catalogue_moved() -> None:
    """The catalogue changed: names, units, decimals and visibility show in every
    province's lists. For writes that send no signal (``load_catalogue``'s bulk create)."""
    for kind in KINDS:
        stamp_moved(kind, [EVERYWHERE])


def _catalogue_changed(sender, **kwargs):
    catalogue_moved()


def _region_changed(sender, instance, **kwargs):
    for kind in KINDS:
        stamp_moved(kind, [province_of(instance.code)])


def _region_name_changed(sender, instance, **kwargs):
    # A past name shows on the pages of its years.
    for kind in KINDS:
        stamp_moved(kind, [province_of(instance.region_id)])


def _tree_changed(sender, instance, **kwargs):
    # A merge, split or move: the notes and markers of every region it names.
    provinces = [province_of(code) for code in [*instance.sources, *instance.targets]]
    for kind in KINDS:
        stamp_moved(kind, provinces or [EVERYWHERE])


def connect() -> None:
    uid = "indicators.derived.stamps."
    for model in (Indicator, Section, CatalogueRule):
        post_save.connect(_catalogue_changed, sender=model, dispatch_uid=uid + model.__name__)
        post_delete.connect(_catalogue_changed, sender=model, dispatch_uid=uid + model.__name__)
    post_save.connect(_region_changed, sender=Region, dispatch_uid=uid + "region")
    post_delete.connect(_region_changed, sender=Region, dispatch_uid=uid + "region")
    for model, receiver in ((RegionName, _region_name_changed), (RegionChange, _tree_changed)):
        post_save.connect(receiver, sender=model, dispatch_uid=uid + model.__name__)
        post_delete.connect(receiver, sender=model, dispatch_uid=uid + model.__name__)
