"""A region's figure from its towns' figures, under each indicator's aggregation rule."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Max, Min, Q, QuerySet, Sum

from indicators.models import Aggregation, DataValue, Indicator, Region, Status


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
