"""A region's figure from its towns' figures, under each indicator's aggregation rule.

Read from the region summaries (:class:`~indicators.models.RegionSummary`) where they
answer (:func:`summary_aggregates`), else as a GROUP BY over the figures
(:func:`aggregate_values`); both give the same answers.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Max, Min, Q, QuerySet, Sum

from indicators.models import Aggregation, DataValue, Indicator, Region, RegionSummary, Status


@dataclass(frozen=True)
class Aggregate:
    indicator: str
    region: str
    year: int
    value: Decimal | None  # None: no town reported, or the rule is "none"
    towns: int  # towns that reported a figure
    approved: int  # of those, towns whose figures are approved


def combine(indicator: Indicator, total, low, high, count: int) -> Decimal | None:
    """One figure from the SQL aggregates of a group of towns."""
    if count == 0:
        return None
    rule = indicator.aggregation
    if rule == Aggregation.SUM:
        value = total
    elif rule == Aggregation.MEAN:
        value = Decimal(total) / count
    elif rule == Aggregation.MIN:
        value = low
    elif rule == Aggregation.MAX:
        value = high
    else:
        return None
    return Decimal(value).quantize(indicator.quantum, rounding=ROUND_HALF_UP)


def aggregate_values(
    values: QuerySet[DataValue],
    *,
    region: Region,
    indicators: list[Indicator],
    first_year: int | None = None,
    last_year: int | None = None,
) -> list[Aggregate]:
    """Figures of ``region`` per indicator and year, from the values the caller may see.

    One query, whatever the number of towns, years and indicators. Mean is
    computed from SUM and COUNT in Decimal, so SQLite and PostgreSQL agree.
    """
    by_code = {indicator.code: indicator for indicator in indicators}
    rows = (
        values.within(region)
        .years(first_year, last_year)
        .filter(indicator_id__in=by_code)
        .values("indicator_id", "report__year")
        .annotate(
            total=Sum("value"),
            low=Min("value"),
            high=Max("value"),
            towns=Count("id"),
            approved=Count("id", filter=Q(report__status=Status.APPROVED)),
        )
        .order_by("indicator_id", "report__year")
    )
    return [
        Aggregate(
            indicator=row["indicator_id"],
            region=region.code,
            year=row["report__year"],
            value=combine(
                by_code[row["indicator_id"]], row["total"], row["low"], row["high"], row["towns"]
            ),
            towns=row["towns"],
            approved=row["approved"],
        )
        for row in rows
    ]


def summary_aggregates(
    *,
    region: Region,
    indicators: list[Indicator],
    approved_only: bool,
    first_year: int | None = None,
    last_year: int | None = None,
) -> list[Aggregate]:
    """What :func:`aggregate_values` answers, from the region's summary rows: one query.

    ``approved_only``: the caller reads the approved figures of the region only (an
    anonymous caller, or one whose own subtree lies elsewhere); else every figure.
    Only for a county, prefecture or province (the levels summaries are kept for).
    """
    by_code = {indicator.code: indicator for indicator in indicators}
    rows = RegionSummary.objects.filter(
        region=region.code, level=region.level, indicator_id__in=by_code
    )
    if first_year is not None:
        rows = rows.filter(year__gte=first_year)
    if last_year is not None:
        rows = rows.filter(year__lte=last_year)
    prefix = "approved_" if approved_only else ""
    columns = (f"{prefix}total", f"{prefix}low", f"{prefix}high")
    found = rows.order_by("indicator_id", "year").values_list(
        "indicator_id", "year", "towns", "approved", *columns
    )
    answers = []
    for code, year, towns, approved, total, low, high in found:
        count = approved if approved_only else towns
        if count:
            value = combine(by_code[code], total, low, high, count)
            answers.append(Aggregate(code, region.code, year, value, count, approved))
    return answers
