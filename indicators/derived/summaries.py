"""Upkeep of the region summaries (:class:`~indicators.models.RegionSummary`).

A province page compares 100 counties: aggregating their 1.2 million figures per
request is the cost, so each county's, prefecture's and province's SQL aggregates
(sum, count, min, max; over every figure and over the approved ones) are kept in a
table. They change only when a figure is written or a report moves into or out of
"approved", and both happen through the write service
(:mod:`indicators.figures.service`), which calls :func:`summaries_refresh` itself in
its transaction, so a page never reads a stale summary (tests/indicators/
test_write_consequences.py checks that against a rebuild from scratch).

Recomputing is set-based whatever the number of town-years a write touches: the
counties' rows from the figures, the prefectures' from the counties' and the
provinces' from the prefectures', each one DELETE and one INSERT … SELECT per chunk
of regions.
"""

from collections.abc import Iterable

from django.db import connection, transaction

from indicators.models import DataValue, Level, Region, RegionSummary, Report, Status

# Leading digits of a 12-digit code naming each level a summary is kept for.
SUMMARY_LEVELS = {Level.COUNTY: 6, Level.PREFECTURE: 4, Level.PROVINCE: 2}
# Each ancestor level and the level below it that it adds up: a province adds up its
# 10 or so prefectures' rows rather than its 100 counties'.
ANCESTORS = ((Level.PREFECTURE, Level.COUNTY), (Level.PROVINCE, Level.PREFECTURE))
# (region, year) pairs per statement: an OR of ranges, kept well under SQLite's
# expression depth (1,000) and bound-parameter limits.
CHUNK = 200

Place = tuple[str, int]  # (town code, year)


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _column(model, name: str) -> str:
    return _q(model._meta.get_field(name).column)


def _table(model) -> str:
    return _q(model._meta.db_table)


SUMMARY_COLUMNS = (
    "region",
    "level",
    "indicator",
    "year",
    "towns",
    "total",
    "low",
    "high",
    "approved",
    "approved_total",
    "approved_low",
    "approved_high",
)


def _prefix(code_sql: str, digits: int) -> str:
    """SQL for the code of the region ``digits`` long that contains ``code_sql``."""
    return f"SUBSTR({code_sql}, 1, {digits}) || '{'0' * (12 - digits)}'"


def _ranges(pairs: list[tuple[str, int]], level: str, code_sql: str, year_sql: str):
    """An OR of (year, code range) conditions for these (region, year) pairs."""
    digits = SUMMARY_LEVELS[level]
    clauses, params = [], []
    for region, year in pairs:
        clauses.append(f"({year_sql} = %s AND {code_sql} BETWEEN %s AND %s)")
        params += [year, region[:digits].ljust(12, "0"), region[:digits].ljust(12, "9")]
    return " OR ".join(clauses), params


def _insert_sql() -> str:
    columns = ", ".join(_column(RegionSummary, name) for name in SUMMARY_COLUMNS)
    return f"INSERT INTO {_table(RegionSummary)} ({columns}) "


def _delete(cursor, level: str, where: str, params: list) -> None:
    cursor.execute(
        f"DELETE FROM {_table(RegionSummary)} WHERE {_column(RegionSummary, 'level')} = %s "
        f"AND ({where})",
        [level, *params],
    )


def _counties_from_figures(cursor, where: str, params: list) -> None:
    """Each county's rows from its towns' figures, for the reports ``where`` selects."""
    value = f"v.{_column(DataValue, 'value')}"
    status = f"r.{_column(Report, 'status')}"
    approved = f"CASE WHEN {status} = %s THEN {value} END"
    county = _prefix(f"r.{_column(Report, 'region')}", SUMMARY_LEVELS[Level.COUNTY])
    indicator, year = f"v.{_column(DataValue, 'indicator')}", f"r.{_column(Report, 'year')}"
    cursor.execute(
        _insert_sql()
        + f"SELECT {county}, %s, {indicator}, {year}, COUNT(*), SUM({value}), MIN({value}), "
        f"MAX({value}), SUM(CASE WHEN {status} = %s THEN 1 ELSE 0 END), SUM({approved}), "
        f"MIN({approved}), MAX({approved}) "
        f"FROM {_table(DataValue)} v JOIN {_table(Report)} r "
        f"ON v.{_column(DataValue, 'report')} = r.{_column(Report, 'id')} "
        f"WHERE {where} GROUP BY {county}, {indicator}, {year}",
        [Level.COUNTY, *[Status.APPROVED] * 4, *params],
    )


def _ancestors_from(cursor, level: str, below: str, where: str, params: list) -> None:
    """Prefecture or province rows as aggregates of the rows one level ``below``."""
    c = {name: f"s.{_column(RegionSummary, name)}" for name in SUMMARY_COLUMNS}
    region = _prefix(c["region"], SUMMARY_LEVELS[level])
    cursor.execute(
        _insert_sql() + f"SELECT {region}, %s, {c['indicator']}, {c['year']}, SUM({c['towns']}), "
        f"SUM({c['total']}), MIN({c['low']}), MAX({c['high']}), SUM({c['approved']}), "
        f"SUM({c['approved_total']}), MIN({c['approved_low']}), MAX({c['approved_high']}) "
        f"FROM {_table(RegionSummary)} s WHERE {c['level']} = %s AND ({where}) "
        f"GROUP BY {region}, {c['indicator']}, {c['year']}",
        [level, below, *params],
    )


def _chunks(items: list) -> Iterable[list]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


# Two writes in one province recompute the same prefecture and province rows: on
# PostgreSQL the second would insert beside rows the first committed meanwhile.
# A transaction-scoped advisory lock per province (taken in code order, so never
# a deadlock) makes them take turns; SQLite has one writer anyway.
LOCK_NAMESPACE = 7311


def _lock(cursor, provinces: Iterable[str]) -> None:
    if connection.vendor != "postgresql":
        return
    for province in sorted(set(provinces)):
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [LOCK_NAMESPACE, int(province)])


def summaries_refresh(places: Iterable[Place]) -> None:
    """Recompute the summaries of every county, prefecture and province holding these
    (town code, year) pairs, in the caller's transaction; six statements per 200
    counties (or ancestors) and years."""
    places = {(town, int(year)) for town, year in places}
    if not places:
        return
    pairs = {
        level: sorted({(town[:digits].ljust(12, "0"), year) for town, year in places})
        for level, digits in SUMMARY_LEVELS.items()
    }
    summary_code = _column(RegionSummary, "region")
    summary_year = _column(RegionSummary, "year")
    report_code = f"r.{_column(Report, 'region')}"
    report_year = f"r.{_column(Report, 'year')}"
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        _lock(cursor, (town[:2] for town, _year in places))
        for chunk in _chunks(pairs[Level.COUNTY]):
            _delete(cursor, Level.COUNTY, *_ranges(chunk, Level.COUNTY, summary_code, summary_year))
            _counties_from_figures(cursor, *_ranges(chunk, Level.COUNTY, report_code, report_year))
        for level, below in ANCESTORS:
            for chunk in _chunks(pairs[level]):
                _delete(cursor, level, *_ranges(chunk, level, summary_code, summary_year))
                # The rows below these ancestors: their code ranges hold them.
                where = _ranges(chunk, level, f"s.{summary_code}", f"s.{summary_year}")
                _ancestors_from(cursor, level, below, *where)


def summaries_rebuild() -> int:
    """Every summary row again from every figure; returns the number of rows."""
    provinces = {code[:2] for code in Region.objects.values_list("code", flat=True)}
    with transaction.atomic(), connection.cursor() as cursor:
        _lock(cursor, provinces)
        cursor.execute(f"DELETE FROM {_table(RegionSummary)}")
        _counties_from_figures(cursor, "1 = 1", [])
        for level, below in ANCESTORS:
            _ancestors_from(cursor, level, below, "1 = 1", [])
    return RegionSummary.objects.count()
