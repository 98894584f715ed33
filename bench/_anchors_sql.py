"""The anchors' SQL: what an anonymous caller may read, as one SELECT per query.

Shared by the raw anchor (``_raw_app.py``), the SQLite export for Datasette and the
``psql \\copy`` of the CSV measurement, so that all three read exactly the rows the
product's ``values/`` answers anonymously: approved figures of public indicators in
public sections, ordered by region, year, then report order.
"""

# Columns in the order and with the names of the product's values/ rows.
VALUE_COLUMNS = (
    "indicator",
    "indicator_name",
    "region",
    "region_name",
    "year",
    "value",
    "unit",
    "status",
    "version",
    "updated_at",
)

_FROM = """
FROM indicators_datavalue v
JOIN indicators_report r ON r.id = v.report_id
JOIN indicators_region g ON g.code = r.region_id
JOIN indicators_indicator i ON i.code = v.indicator_id
JOIN indicators_section s ON s.code = i.section_id
WHERE r.status = 'approved' AND i.is_public AND s.is_public
"""

# round(numeric, n) has exactly n decimals: "94.50" for 94.5000 with 2 decimals,
# which is the product's Indicator.format_value.
VALUES_SELECT = (
    """SELECT v.indicator_id AS indicator, i.name AS indicator_name, r.region_id AS region,
       g.name AS region_name, r.year, round(v.value, i.decimals)::text AS value, i.unit,
       r.status, r.version, v.updated_at"""
    + _FROM
)
VALUES_ORDER = ' ORDER BY r.region_id, r.year, s.number, i."order"'

VALUES_OF_YEAR = (
    VALUES_SELECT
    + " AND r.region_id BETWEEN %(low)s AND %(high)s AND r.year = %(year)s"
    + VALUES_ORDER
)
VALUES_OF_INDICATOR = (
    VALUES_SELECT
    + " AND r.region_id BETWEEN %(low)s AND %(high)s AND v.indicator_id = %(indicator)s"
    + VALUES_ORDER
)
VALUES_ALL = VALUES_SELECT + VALUES_ORDER

# The product's rule (indicators/reads/aggregates.py): mean is SUM/COUNT, rounded half up
# to the indicator's decimals; "none" gives null.
AGGREGATES = (
    """
SELECT v.indicator_id AS indicator, %(region)s AS region, r.year,
  (CASE i.aggregation
     WHEN 'sum' THEN round(sum(v.value), i.decimals)
     WHEN 'mean' THEN round(sum(v.value) / count(*), i.decimals)
     WHEN 'min' THEN round(min(v.value), i.decimals)
     WHEN 'max' THEN round(max(v.value), i.decimals)
   END)::text AS value,
  i.unit, i.aggregation, count(*) AS towns,
  count(*) FILTER (WHERE r.status = 'approved') AS approved
"""
    + _FROM
    + """
  AND r.region_id BETWEEN %(low)s AND %(high)s AND v.indicator_id = ANY(%(indicators)s)
GROUP BY v.indicator_id, r.year, i.aggregation, i.decimals, i.unit
ORDER BY v.indicator_id, r.year
"""
)

# The same aggregates on the flat SQLite table Datasette serves. SQLite sums REAL
# (floating point), so the check allows one unit of the last decimal here.
DATASETTE_AGGREGATES = """
SELECT f.indicator, :region AS region, f.year,
  CASE i.aggregation
    WHEN 'sum' THEN round(sum(f.value), i.decimals)
    WHEN 'mean' THEN round(avg(f.value), i.decimals)
    WHEN 'min' THEN min(f.value)
    WHEN 'max' THEN max(f.value)
  END AS value,
  i.unit, i.aggregation, count(*) AS towns, sum(f.status = 'approved') AS approved
FROM figures f JOIN indicators i ON i.code = f.indicator
WHERE f.region >= :low AND f.region <= :high AND f.indicator IN (:first, :second)
GROUP BY f.indicator, f.year
ORDER BY f.indicator, f.year
""".strip()

# What a sensible Datasette user adds to the flat table: one index for "a region (or a
# code range) and a year", one covering index for "an indicator in a code range", which
# also serves the GROUP BY of the aggregates without touching the table.
SQLITE_SCHEMA = """
CREATE TABLE figures (
  indicator TEXT NOT NULL, indicator_name TEXT NOT NULL, region TEXT NOT NULL,
  region_name TEXT NOT NULL, year INTEGER NOT NULL, value REAL NOT NULL, unit TEXT NOT NULL,
  status TEXT NOT NULL, version INTEGER NOT NULL, updated_at TEXT NOT NULL
);
CREATE TABLE indicators (
  code TEXT PRIMARY KEY, unit TEXT NOT NULL, aggregation TEXT NOT NULL,
  decimals INTEGER NOT NULL
);
"""
SQLITE_INDEXES = (
    "CREATE INDEX figures_region_year ON figures (region, year)",
    "CREATE INDEX figures_indicator_region ON figures (indicator, region, year, value, status)",
)


def subtree_bounds(code: str) -> tuple[str, str]:
    """A region's subtree as a code range, from the code alone (the product reads the level).

    12-digit statistical division codes: 2 province, 2 prefecture, 2 county, 3 town,
    3 village digits; a unit's code ends in zeros below its level.
    """
    for length in (2, 4, 6, 9):
        if code[length:] == "0" * (12 - length):
            prefix = code[:length]
            return prefix.ljust(12, "0"), prefix.ljust(12, "9")
    return code, code


# The same SELECTs on the product's own schema on SQLite (the --sqlite mode): values
# are stored as numbers there, so printf writes the indicator's decimals; times are
# stored as UTC text.
_SQLITE_SELECT = (
    """SELECT v.indicator_id AS indicator, i.name AS indicator_name, r.region_id AS region,
       g.name AS region_name, r.year, printf('%.' || i.decimals || 'f', v.value) AS value,
       i.unit, r.status, r.version, replace(v.updated_at, ' ', 'T') || '+00:00' AS updated_at"""
    + _FROM
)
SQLITE_VALUES_OF_YEAR = (
    _SQLITE_SELECT + " AND r.region_id BETWEEN :low AND :high AND r.year = :year" + VALUES_ORDER
)
SQLITE_VALUES_OF_INDICATOR = (
    _SQLITE_SELECT
    + " AND r.region_id BETWEEN :low AND :high AND v.indicator_id = :indicator"
    + VALUES_ORDER
)
SQLITE_AGGREGATES = (
    """
SELECT v.indicator_id AS indicator, :region AS region, r.year,
  CASE i.aggregation
     WHEN 'sum' THEN printf('%.' || i.decimals || 'f', sum(v.value))
     WHEN 'mean' THEN printf('%.' || i.decimals || 'f', sum(v.value) / count(*))
     WHEN 'min' THEN printf('%.' || i.decimals || 'f', min(v.value))
     WHEN 'max' THEN printf('%.' || i.decimals || 'f', max(v.value))
  END AS value,
  i.unit, i.aggregation, count(*) AS towns,
  count(*) FILTER (WHERE r.status = 'approved') AS approved
"""
    + _FROM
    + """
  AND r.region_id BETWEEN :low AND :high AND v.indicator_id IN (:first, :second)
GROUP BY v.indicator_id, r.year, i.aggregation, i.decimals, i.unit
ORDER BY v.indicator_id, r.year
"""
)
