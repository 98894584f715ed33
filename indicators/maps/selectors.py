"""Reads of boundaries for a page: one query whatever the number of regions."""

from dataclasses import dataclass

from django.db.models import Q

from indicators.models import Level, Region

from .models import Boundary, BoundaryUpload


@dataclass(frozen=True)
class Shape:
    geometry: dict
    label: tuple[float, float]


def _of_regions_existing_in(year: int) -> Q:
    """Boundaries of the regions that exist in ``year``: a town merged away is not
    drawn on the maps of the years after, whatever its boundary's years say."""
    return (Q(region__active_from__isnull=True) | Q(region__active_from__lte=year)) & (
        Q(region__retired_from__isnull=True) | Q(region__retired_from__gt=year)
    )


def shapes_in_year(regions: list[Region], year: int) -> dict[str, Shape]:
    """Each region's boundary valid in ``year``, by region code; regions without one,
    or that do not exist in ``year``, are absent."""
    rows = (
        Boundary.objects.in_year(year)
        .filter(_of_regions_existing_in(year), region_id__in=[region.code for region in regions])
        .order_by("region_id", "valid_from")
        .values_list("region_id", "geometry", "label")
    )
    # The latest start wins where spans overlap (ordered by start, later rows overwrite).
    return {code: Shape(geometry, tuple(label)) for code, geometry, label in rows}


def boundaries_within(region: Region, year: int) -> bool:
    """Whether any town of ``region`` existing in ``year`` has a boundary then."""
    low, high = region.bounds
    return (
        Boundary.objects.in_year(year)
        .filter(
            _of_regions_existing_in(year),
            region__gte=low,
            region__lte=high,
            region__level=Level.TOWN,
        )
        .exists()
    )


def staged_upload(pk: int, user) -> BoundaryUpload | None:
    """A boundary file the user staged and has not yet applied, or None."""
    return BoundaryUpload.objects.filter(pk=pk, user=user).first()
