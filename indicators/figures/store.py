"""The private write of figures. Only :mod:`indicators.figures.service` calls it
(``lint-imports`` keeps pages, the API, the admin and commands away from it).

Two halves, so that the write lock is held for SQL only:

- :func:`prepare`, before the lock: every parameter of every statement, as plain
  tuples (profiled: building model objects and converting their fields was 90 % of
  a 10,000-figure write, the SQL itself 10 %);
- :func:`lock_reports` and :func:`write`, under the lock: missing reports in one
  statement, then a fixed number of set-based statements for figures and their
  history, whatever the number of figures or town-years, and every touched report's
  version moved in one UPDATE.

History rows are the ones django-simple-history writes itself (same table, same
columns), with the user, the date, and the report version the write produced. They
are copied by the database from the figures just written (INSERT … SELECT), so each
figure crosses the wire once.
"""

from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db import connection
from django.db.models import F
from django.db.models.constants import OnConflict
from django.utils import timezone

from ..models import DataValue, Report, ReportTransition, Status
from ..models.guard import store_writing
from .plan import Place, ReportPlan

HISTORY = DataValue.history.model
# What a write sets on a figure, in this order; "id" and "report" are added around it.
WRITTEN = (
    "indicator",
    "value",
    "comment",
    "comment_outdated",
    "source",
    "changed_by",
    "updated_at",
    "version",
)


def _column(model, name: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(name).column)


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _prep(model, name: str, value):
    return model._meta.get_field(name).get_db_prep_save(value, connection)


@dataclass
class Prepared:
    """Statement parameters for a plan; report ids are filled in under the lock."""

    plans: list[ReportPlan]
    user: User | None
    source: str
    now: object  # datetime: the same for every figure and history row of the write
    created: list[tuple[Place, tuple]] = field(default_factory=list)  # WRITTEN values
    updated: list[tuple] = field(default_factory=list)  # id, then WRITTEN values
    deleted: list[int] = field(default_factory=list)  # ids, also in ``updated`` (see write)

    @property
    def stamp(self):
        """The write's date as the database stores it: it tells this write's rows apart."""
        return _prep(DataValue, "updated_at", self.now)


def prepare(plans: list[ReportPlan], *, user: User | None, source: str) -> Prepared:
    """Everything but the SQL, done before the write lock is taken.

    Figures are Decimals already quantized by the checks; both drivers take them as
    they are, so no field conversion runs per figure.
    """
    prepared = Prepared(plans, user, source, timezone.now())
    constant = (_prep(DataValue, "source", source), user.pk if user else None, prepared.stamp)
    created, updated, deleted = prepared.created, prepared.updated, prepared.deleted
    for plan in plans:
        version = plan.state[0] + 1  # checked under the lock: nobody moved it meanwhile
        place = (plan.region.code, plan.year)
        for change in plan.changes:
            kind = change.kind
            if kind == "created":
                created.append(
                    (
                        place,
                        (
                            change.indicator.code,
                            change.value,
                            change.comment,
                            change.outdated,
                            *constant,
                            version,
                        ),
                    )
                )
            elif kind == "updated":
                updated.append(
                    (
                        change.current.pk,
                        change.indicator.code,
                        change.value,
                        change.comment,
                        change.outdated,
                        *constant,
                        version,
                    )
                )
            elif kind == "deleted":
                # Recorded as it was, with who removed it, through what, in which version.
                current = change.current
                updated.append(
                    (
                        current.pk,
                        change.indicator.code,
                        current.value,
                        change.comment,
                        change.outdated,
                        *constant,
                        version,
                    )
                )
                deleted.append(current.pk)
    return prepared


def lock_reports(places: set[Place]) -> dict[Place, Report]:
    """The reports of these town-years, created as drafts where missing, locked until commit.

    Three statements whatever the number of places. On PostgreSQL the rows are
    locked (SELECT … FOR UPDATE); on SQLite the write transaction itself holds the
    database's one write lock.
    """
    if not places:
        return {}
    towns, years = {town for town, _y in places}, {year for _t, year in places}
    existing = set(
        Report.objects.filter(region_id__in=towns, year__in=years).values_list("region_id", "year")
    )
    missing = sorted(places - existing)
    if missing:
        _insert_reports(missing)
    locked = Report.objects.select_for_update().filter(region_id__in=towns, year__in=years)
    return {
        (report.region_id, report.year): report
        for report in locked
        if (report.region_id, report.year) in places
    }


def _insert_reports(places: list[Place]) -> None:
    """Draft reports in one statement; one another import created meanwhile is kept."""
    ops, now = connection.ops, _prep(Report, "updated_at", timezone.now())
    names = ("region", "year", "status", "version", "updated_at")
    columns = ", ".join(_column(Report, name) for name in names)
    fields = [Report._meta.get_field(name) for name in names]
    insert = ops.insert_statement(on_conflict=OnConflict.IGNORE)
    suffix = ops.on_conflict_suffix_sql(fields, OnConflict.IGNORE, None, None)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # one statement rather than one per report
            cursor.execute(
                f"{insert} {_table(Report)} ({columns}) SELECT town, year, %s, 0, %s "
                f"FROM unnest(%s::text[], %s::int[]) AS places (town, year) {suffix}",
                [Status.DRAFT.value, now, [t for t, _y in places], [y for _t, y in places]],
            )
            return
        cursor.executemany(
            f"{insert} {_table(Report)} ({columns}) VALUES (%s, %s, %s, 0, %s) {suffix}",
            [(town, year, Status.DRAFT.value, now) for town, year in places],
        )


def write(prepared: Prepared, reports: dict[Place, Report]) -> None:
    """Apply prepared changes to locked reports, with one history record per figure.

    At most eight statements: the new figures and their history; the changed and
    removed figures (their new comment, source, who and version) and the history of
    the changed; the history of the removed and their removal; the report versions.
    """
    stamp = prepared.stamp
    with connection.cursor() as cursor:
        if prepared.created:
            ids = {place: report.pk for place, report in reports.items()}
            rows = [(ids[place], *row) for place, row in prepared.created]
            _insert_figures(cursor, rows)
            # This write's rows are the touched reports' rows stamped with its date.
            touched = sorted({row[0] for row in rows})
            where, params = _among(_column(DataValue, "report"), touched)
            _copy_history(
                cursor,
                "+",
                f"{where} AND {_column(DataValue, 'updated_at')} = %s",
                [*params, stamp],
                prepared,
            )
        if prepared.updated:
            _update_figures(cursor, prepared.updated)
            removed = set(prepared.deleted)
            changed = [row[0] for row in prepared.updated if row[0] not in removed]
            if changed:
                _copy_history(cursor, "~", *_among("id", changed), prepared)
        if prepared.deleted:
            where, params = _among("id", prepared.deleted)
            _copy_history(cursor, "-", where, params, prepared)
            cursor.execute(f"DELETE FROM {_table(DataValue)} WHERE {where}", params)

    touched = [reports[(plan.region.code, plan.year)].pk for plan in prepared.plans]
    reports_advance(touched, now=prepared.now)


def reports_advance(ids: list[int], *, now, status: str | None = None) -> None:
    """The one place a report's version moves (+1), with its status for a workflow move.

    A figures write and every workflow move come here, in statements of at most
    ``CHUNK`` ids, so that a page read before either is stale after it.
    """
    changes = {"version": F("version") + 1, "updated_at": now}
    if status is not None:
        changes["status"] = status
    for start in range(0, len(ids), CHUNK):
        Report.objects.filter(pk__in=ids[start : start + CHUNK]).update(**changes)


CHUNK = 500  # ids per statement: well under SQLite's limit of bound parameters


def subtree_drop(low: str, high: str) -> list[tuple[str, int]]:
    """Remove every report, figure, history record and transition of the towns whose
    codes lie in [low, high]; returns the (town, year) pairs that held reports.

    Set-based, one DELETE … WHERE per table, without loading the rows the way a
    collecting delete does (history's signals would make Django load every figure).
    Only for a synthetic fixture (``seed_scale --replace``): approved figures cannot
    be removed by anyone through :func:`~indicators.figures.figures_import`.
    """
    reports = Report.objects.filter(region_id__gte=low, region_id__lte=high)
    places = list(reports.values_list("region_id", "year"))
    report_ids = reports.values("pk")
    with store_writing():
        for model in (HISTORY, DataValue, ReportTransition):
            queryset = model.objects.filter(report_id__in=report_ids)
            queryset._raw_delete(queryset.db)
        reports._raw_delete(reports.db)
    return places


def _among(column: str, ids: list) -> tuple[str, list]:
    """``column`` is one of ``ids``, with one parameter however many there are:
    an array on PostgreSQL, a JSON list on SQLite (whose bound parameters are limited)."""
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s)", [list(ids)]
    import json

    return f"{column} IN (SELECT value FROM json_each(%s))", [json.dumps(list(ids))]


def _copy_history(cursor, kind: str, where: str, params: list, prepared: Prepared) -> None:
    """History rows of the figures ``where`` selects, as they stand now, in one statement."""
    names = ("id", "report", *WRITTEN)
    columns = ", ".join(_column(HISTORY, name) for name in names)
    extra = ("history_date", "history_change_reason", "history_type", "history_user")
    source = ", ".join(_column(DataValue, name) if name != "id" else "id" for name in names)
    user = prepared.user.pk if prepared.user else None
    cursor.execute(
        f"INSERT INTO {_table(HISTORY)} ({columns}, "
        + ", ".join(_column(HISTORY, name) for name in extra)
        + f") SELECT {source}, %s, NULL, %s, %s FROM {_table(DataValue)} WHERE {where}",
        [_prep(HISTORY, "history_date", prepared.now), kind, user, *params],
    )


def _insert_figures(cursor, rows: list[tuple]) -> None:
    """New figures in one statement: COPY on PostgreSQL, a prepared INSERT run many times
    on SQLite (whose statements cost no round trip)."""
    names = ("report", *WRITTEN)
    columns = ", ".join(_column(DataValue, name) for name in names)
    if connection.vendor == "postgresql":
        with cursor.cursor.copy(f"COPY {_table(DataValue)} ({columns}) FROM STDIN") as copy:
            copy.write(_copy_text(rows))
        return
    placeholders = ", ".join(["%s"] * len(names))
    cursor.executemany(f"INSERT INTO {_table(DataValue)} ({columns}) VALUES ({placeholders})", rows)


_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
NULL = "\\N"


def _copy_text(rows: list[tuple]) -> str:
    """Rows in COPY's text format, built here rather than value by value by the driver
    (profiled: the driver's ``write_row`` was a third of a write's Python time).

    Every row is (id or report, indicator, value, comment, comment_outdated, source,
    changed_by, updated_at, version): text is escaped, None is ``\\N``, the rest are
    numbers, a boolean and one date, the same for every row.
    """
    lines = []
    append = lines.append
    tails: dict[tuple, str] = {}  # the last four columns repeat: written once each
    for key, code, value, comment, outdated, *last in rows:
        if comment:
            comment = comment.translate(_ESCAPES)
        shared = tuple(last)
        tail = tails.get(shared)
        if tail is None:
            source, user, at, version = shared
            user = NULL if user is None else user
            tail = tails[shared] = f"{source}\t{user}\t{at.isoformat()}\t{version}\n"
        append(f"{key}\t{code}\t{value:f}\t{comment}\t{'t' if outdated else 'f'}\t{tail}")
    return "".join(lines)


def _update_figures(cursor, rows: list[tuple]) -> None:
    """Write many changed figures in a few statements.

    PostgreSQL: COPY into a temporary table, then one UPDATE … FROM it (a VALUES list
    of 10,000 rows costs more to send and parse than to run). SQLite: one prepared
    UPDATE run many times.
    """
    meta, quote = DataValue._meta, connection.ops.quote_name
    fields = [meta.get_field(name) for name in WRITTEN]
    table = _table(DataValue)
    if connection.vendor == "postgresql":
        columns = [("id", meta.pk.rel_db_type(connection))] + [
            (field.column, field.cast_db_type(connection)) for field in fields
        ]
        cursor.execute(
            "CREATE TEMPORARY TABLE figures_update ("
            + ", ".join(f"{quote(name)} {kind}" for name, kind in columns)
            + ") ON COMMIT DROP"
        )
        names = ", ".join(quote(name) for name, _kind in columns)
        with cursor.cursor.copy(f"COPY figures_update ({names}) FROM STDIN") as copy:
            copy.write(_copy_text(rows))
        assignments = ", ".join(
            f"{quote(field.column)} = v.{quote(field.column)}" for field in fields
        )
        cursor.execute(
            f"UPDATE {table} AS t SET {assignments} FROM figures_update AS v "
            f"WHERE t.{quote(meta.pk.column)} = v.id"
        )
        cursor.execute("DROP TABLE figures_update")  # a second write in one transaction
        return
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    cursor.executemany(
        f"UPDATE {table} SET {assignments} WHERE {quote(meta.pk.column)} = %s",
        [row[1:] + row[:1] for row in rows],
    )
