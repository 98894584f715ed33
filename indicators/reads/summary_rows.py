"""Reading the region summaries (:mod:`indicators.derived.summaries`) as figures.

A summary row holds, per region, indicator and year, the towns that reported and
their sum, minimum and maximum, over every figure and over the approved ones: what a
visitor who covers the region sees, and what the public sees.
"""

from django.db import connection
from django.db.models import Count
from django.db.models.functions import Substr

from indicators.models import Indicator, Level, Region, RegionSummary
from indicators.reads.aggregates import Aggregate, combine

# A summary row as read: (indicator, region, year, approved towns, then towns, sum,
# min and max over either every figure or the approved ones).
SUMMARY_FIELDS = {
    True: ("towns", "total", "low", "high"),
    False: ("approved", "approved_total", "approved_low", "approved_high"),
}


def summary_rows(queryset, include_unapproved: bool):
    """Summary rows as tuples, over every figure or the approved ones only."""
    return queryset.values_list(
        "indicator_id", "region", "year", "approved", *SUMMARY_FIELDS[include_unapproved]
    ).order_by()


def summary_aggregates(rows, by_code: dict[str, Indicator]) -> list[Aggregate]:
    """The figures a visitor sees from :func:`summary_rows`; none where no town counts."""
    return [
        Aggregate(
            indicator=code,
            region=region,
            year=year,
            value=combine(by_code[code], total, low, high, towns),
            towns=towns,
            approved=approved,
        )
        for code, region, year, approved, towns, total, low, high in rows
        if towns
    ]


def per_child(queryset, code_field: str, digits: int, **counts):
    """``queryset`` counted per child region (the ``digits``-long prefix of ``code_field``)."""
    return (
        queryset.annotate(child=Substr(code_field, 1, digits))
        .order_by()
        .values("child")
        .annotate(count=Count("pk"), **counts)
    )


def summary_years(region: Region) -> list[dict]:
    """Each year with figures in ``region``: towns that reported, were approved, and the
    region's towns in that year; oldest first. One statement, from the summaries rather
    than 30,000 reports: the year's rows are added up first, then each of those few
    years counts its towns (counting them for each summary row instead, as an ORM
    annotation of the grouped rows does, cost a province 1.5 s)."""
    low, high = region.bounds
    sql = f"""
        SELECT s.year, s.reports, s.approved, (
            SELECT COUNT(*) FROM {Region._meta.db_table} r
            WHERE r.code >= %s AND r.code <= %s AND r.level = %s
              AND (r.active_from IS NULL OR r.active_from <= s.year)
              AND (r.retired_from IS NULL OR r.retired_from > s.year)
        ) AS towns
        FROM (
            SELECT year, MAX(towns) AS reports, MAX(approved) AS approved
            FROM {RegionSummary._meta.db_table} WHERE region = %s GROUP BY year
        ) s
        ORDER BY s.year
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [low, high, Level.TOWN, region.code])
        names = ("year", "reports", "approved", "towns")
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
