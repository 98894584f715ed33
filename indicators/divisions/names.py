"""The name a region had in a given year, from its name history (RegionName).

A rename to "B" from 2021 keeps "A" as a past name used until 2020: the 2019
report, chart and table say "A", the 2021 ones "B". The name of a year is the
earliest past name whose ``until_year`` is not before the year, or else the
region's current name.
"""

from collections.abc import Iterable

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.translation import get_language

from ..models import Region, RegionName


def _english() -> bool:
    return (get_language() or "").startswith("en")


def _pick(current: Region, past: list[RegionName], year: int) -> str:
    """The display name in ``year``: ``past`` sorted by ``until_year``."""
    for entry in past:
        if entry.until_year >= year:
            if _english() and entry.name_en:
                return entry.name_en
            return entry.name
    return current.display_name


def name_in(region: Region, year: int) -> str:
    """The name ``region`` had in ``year`` (English when the page is, if known); one query."""
    past = list(
        RegionName.objects.filter(region=region, until_year__gte=year).order_by("until_year")
    )
    return _pick(region, past, year)


def _past_by_region(codes: list[str], first_year: int) -> dict[str, list[RegionName]]:
    by_region: dict[str, list[RegionName]] = {}
    rows = RegionName.objects.filter(region_id__in=codes, until_year__gte=first_year)
    for entry in rows.order_by("region_id", "until_year"):
        by_region.setdefault(entry.region_id, []).append(entry)
    return by_region


def names_in(regions: Iterable[Region], year: int) -> dict[str, str]:
    """Code → the name each region had in ``year``: one query whatever their number."""
    regions = list(regions)
    past = _past_by_region([region.code for region in regions], year)
    return {region.code: _pick(region, past.get(region.code, []), year) for region in regions}


def names_in_years(regions: Iterable[Region], years: Iterable[int]) -> dict[tuple[str, int], str]:
    """(code, year) → the name in that year, for trend charts and tables: one query."""
    regions, years = list(regions), sorted(set(years))
    if not years:
        return {}
    past = _past_by_region([region.code for region in regions], years[0])
    return {
        (region.code, year): _pick(region, past.get(region.code, []), year)
        for region in regions
        for year in years
    }


def with_name_in(queryset: QuerySet, year: int) -> QuerySet:
    """``queryset`` with each region's name in ``year`` annotated, for :func:`named_as_in`.

    The name of a year is the earliest past name used until that year or later
    (``RegionName.until_year``), else the current one: one subquery, no query more.
    """
    past = RegionName.objects.filter(region=OuterRef("pk"), until_year__gte=year).order_by(
        "until_year"
    )
    return queryset.annotate(
        name_then=Subquery(past.values("name")[:1]),
        name_en_then=Subquery(past.values("name_en")[:1]),
    )


def named_as_in(regions: Iterable[Region]) -> list[Region]:
    """The regions read by :func:`with_name_in`, their names those of the year.

    The instances are page data, never saved: ``display_name`` and every template
    then show the name the region had in the page's year (the 2019 page shows the
    2019 name). The current name stays in ``current_name``.
    """
    found = []
    for region in regions:
        region.current_name = region.name
        then = getattr(region, "name_then", None)
        if then:
            region.name = then
            region.name_en = getattr(region, "name_en_then", "") or ""
        found.append(region)
    return found
