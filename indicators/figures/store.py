"""The private write of figures. Only :mod:`indicators.figures.service` calls it
(``lint-imports`` keeps pages, the API, the admin and commands away from it).

Two halves, so that the write lock is held for SQL only:

- :func:`prepare`, before the lock: every parameter of every statement, converted
  for the database once (profiled: building model objects and converting their
  fields was 90 % of a 10,000-figure write, the SQL itself 10 %);
- :func:`lock_reports` and :func:`write`, under the lock: missing reports in one
  INSERT, then a few batched statements for figures and their history, whatever
  the number of town-years, and every touched report's version moved in one UPDATE.

History rows are the ones django-simple-history writes itself (same table, same
columns), with the user, the date, and the report version the write produced.
"""

from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db import connection
from django.db.models import F
from django.utils import timezone

from ..models import DataValue, Report
from .plan import Place, ReportPlan

BATCH = 1000  # reports created per INSERT
HISTORY = DataValue.history.model
# What a write sets on a figure, in this order; "id" and "report" are added around it.
WRITTEN = ("indicator", "value", "comment", "source", "changed_by", "updated_at", "version")


def _column(model, name: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(name).column)


def _prep(model, name: str, value):
    return model._meta.get_field(name).get_db_prep_save(value, connection)


@dataclass
class Prepared:
    """Statement parameters for a plan; report ids are filled in under the lock."""

    plans: list[ReportPlan]
    user: User | None
    source: str
    now: object  # datetime: the same for every figure and history row of the write
    created: list[tuple[Place, list]] = field(default_factory=list)  # WRITTEN values
    updated: list[list] = field(default_factory=list)  # id, then WRITTEN values
    deleted: list[tuple[DataValue, int, str]] = field(default_factory=list)


def prepare(plans: list[ReportPlan], *, user: User | None, source: str) -> Prepared:
    """Everything but the SQL, done before the write lock is taken."""
    prepared = Prepared(plans, user, source, timezone.now())
    constant = [
        _prep(DataValue, "source", source),
        user.pk if user else None,
        _prep(DataValue, "updated_at", prepared.now),
    ]
    for plan in plans:
        version = plan.state[0] + 1  # checked under the lock: nobody moved it meanwhile
        place = (plan.region.code, plan.year)
        for change in plan.writes:
            if change.kind == "deleted":
                prepared.deleted.append((change.current, version, change.comment))
                continue
            value = _prep(DataValue, "value", change.value)
            row = [change.indicator.code, value, change.comment, *constant, version]
            if change.kind == "created":
                prepared.created.append((place, row))
            else:
                prepared.updated.append([change.current.pk, *row])
    return prepared


def lock_reports(places: set[Place]) -> dict[Place, Report]:
    """The reports of these town-years, created as drafts where missing, locked until commit.

    On PostgreSQL the rows are locked (SELECT … FOR UPDATE); on SQLite the write
    transaction itself holds the database's one write lock.
    """
    if not places:
        return {}
    towns, years = {town for town, _y in places}, {year for _t, year in places}
    existing = set(
        Report.objects.filter(region_id__in=towns, year__in=years).values_list("region_id", "year")
    )
    missing = places - existing
    if missing:
        Report.objects.bulk_create(
            [Report(region_id=town, year=year) for town, year in missing],
            batch_size=BATCH,
            ignore_conflicts=True,  # another import may have created one meanwhile
        )
    locked = Report.objects.select_for_update().filter(region_id__in=towns, year__in=years)
    return {
        (report.region_id, report.year): report
        for report in locked
        if (report.region_id, report.year) in places
    }


def write(prepared: Prepared, reports: dict[Place, Report]) -> None:
    """Apply prepared changes to locked reports, with one history record per figure."""
    user = prepared.user
    tail = [_prep(HISTORY, "history_date", prepared.now), None]  # date, change reason
    with connection.cursor() as cursor:
        if prepared.created:
            rows = [[reports[place].pk, *row] for place, row in prepared.created]
            _insert(cursor, DataValue, ("report", *WRITTEN), rows)
            ids = _new_ids(cursor, rows)
            history = [[ids[(row[0], row[1])], *row, *tail, "+"] for row in rows]
            _insert_history(cursor, history, user)
        if prepared.updated:
            _update_many(cursor, prepared.updated)
            report_of = {
                value.pk: value.report_id for p in prepared.plans for value in _currents(p)
            }
            history = [
                [row[0], report_of[row[0]], *row[1:], *tail, "~"] for row in prepared.updated
            ]
            _insert_history(cursor, history, user)
    for value, version, comment in prepared.deleted:
        # Removals are rare: one by one, so that simple-history's signal records the
        # figure as it was, with who, through what and in which version.
        value.comment, value.source, value.changed_by = comment, prepared.source, user
        value.version, value.updated_at, value._history_user = version, prepared.now, user
        value.delete()

    touched = [reports[(plan.region.code, plan.year)].pk for plan in prepared.plans]
    Report.objects.filter(pk__in=touched).update(version=F("version") + 1, updated_at=prepared.now)


def _currents(plan: ReportPlan):
    return (change.current for change in plan.writes if change.current is not None)


def _insert(cursor, model, names: tuple[str, ...], rows: list[list]) -> None:
    """Many rows in one statement: COPY on PostgreSQL, a prepared INSERT run many times on
    SQLite (whose statements cost no round trip)."""
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(_column(model, name) for name in names)
    if connection.vendor == "postgresql":
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    placeholders = ", ".join(["%s"] * len(names))
    cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", rows)


def _new_ids(cursor, rows: list[list]) -> dict[tuple[int, str], int]:
    """(report id, indicator) → id of the figures just inserted: one query per 500 reports."""
    table = connection.ops.quote_name(DataValue._meta.db_table)
    report, indicator = _column(DataValue, "report"), _column(DataValue, "indicator")
    wanted = {(row[0], row[1]) for row in rows}
    report_ids = sorted({report_id for report_id, _code in wanted})
    ids = {}
    for start in range(0, len(report_ids), 500):
        chunk = report_ids[start : start + 500]
        cursor.execute(
            f"SELECT id, {report}, {indicator} FROM {table} "
            f"WHERE {report} IN ({', '.join(['%s'] * len(chunk))})",
            chunk,
        )
        ids.update({(r, code): pk for pk, r, code in cursor.fetchall() if (r, code) in wanted})
    return ids


def _insert_history(cursor, rows: list[list], user: User | None) -> None:
    """History rows: id, report, WRITTEN values, date, reason, type, then the user."""
    names = ("id", "report", *WRITTEN, "history_date", "history_change_reason", "history_type")
    user_id = user.pk if user else None
    _insert(cursor, HISTORY, (*names, "history_user"), [[*row, user_id] for row in rows])


def _update_many(cursor, rows: list[list]) -> None:
    """Write many changed figures in a few statements.

    PostgreSQL: COPY into a temporary table, then one UPDATE … FROM it (a VALUES list
    of 10,000 rows costs more to send and parse than to run). SQLite: one prepared
    UPDATE run many times.
    """
    meta, quote = DataValue._meta, connection.ops.quote_name
    fields = [meta.get_field(name) for name in WRITTEN]
    table = quote(meta.db_table)
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
            for row in rows:
                copy.write_row(row)
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
