"""The figures of an ADX export: what the caller may read, nothing more."""

from django.contrib.auth.models import AnonymousUser, User

from indicators.accounts import access

from ...models import DataValue, Region
from .message import Figure


def adx_figures(user: User | AnonymousUser, region: Region, year: int) -> list[Figure]:
    """The figures of the towns in ``region`` for ``year`` that ``user`` may read, by
    town and in report order; one query. Visibility is :func:`access.visible_values`:
    anonymous callers get approved figures of public indicators only."""
    queryset = DataValue.objects.within(region).filter(report__year=year)
    rows = (
        access.visible_values(user, queryset)
        .order_by("report__region_id", "indicator__section__number", "indicator__order")
        .values_list("indicator_id", "report__region_id", "report__year", "value", "comment")
    )
    return [Figure(*row) for row in rows]
