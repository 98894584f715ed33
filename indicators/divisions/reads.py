"""What the division pages show, read here: the pages run no query themselves
(tests/architecture/test_pages_without_orm.py)."""

from collections.abc import Iterable

from django.db.models import QuerySet

from ..accounts import access
from ..models import Region, RegionChange
from .names import names_in_years


def region_coded(code: str, level: str | None = None) -> Region | None:
    """The region with this code (of this level, if given), or None."""
    regions = Region.objects.filter(code=code)
    if level is not None:
        regions = regions.filter(level=level)
    return regions.first()


def region_exists(code: str) -> bool:
    return Region.objects.filter(code=code).exists()


def _area(user) -> QuerySet[Region]:
    """The regions of the administrator's area: their region's subtree, or everything."""
    profile = access.profile_of(user)
    regions = Region.objects.all()
    if profile is not None and profile.region is not None:
        regions = regions.within(profile.region)
    return regions


def area_regions(user) -> list[Region]:
    """Every region of the administrator's area, whether it exists today or not."""
    return list(_area(user))


def area_regions_in(user, year: int) -> list[Region]:
    """The regions of the administrator's area that exist in ``year``: code, name, level."""
    return list(_area(user).existing_in(year).only("code", "name", "level"))


def area_tree(user, levels: Iterable[str]) -> list[Region]:
    """The area's regions of these levels in code order, with their past names."""
    return list(_area(user).filter(level__in=levels).prefetch_related("past_names"))


def recent_changes(limit: int = 500) -> list[RegionChange]:
    """The latest changes of the division tree, newest first, with who made each."""
    return list(RegionChange.objects.select_related("user").order_by("-created_at", "-id")[:limit])


def names_of_codes(codes: Iterable[str], years: Iterable[int]) -> dict[tuple[str, int], str]:
    """(code, year) → the region's name that year, for regions named by code. Two queries."""
    return names_in_years(Region.objects.filter(code__in=set(codes)), years)
