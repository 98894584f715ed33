"""Which areas a visitor may open, and the region picker's choices.

An area is a county, prefecture or province: a dashboard page about it compares the
places one level down.
"""

from django.conf import settings
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q

from indicators.accounts.access import covers, is_admin, profile_of
from indicators.models import Level, Region, RegionSummary, Report

# The levels whose page compares regions (not towns) one level down.
REGIONAL_LEVELS = (Level.PROVINCE, Level.PREFECTURE)
AREA_LEVELS = (*REGIONAL_LEVELS, Level.COUNTY)


def may_compare(user, region: Region) -> bool:
    """Whether the user may open a province or prefecture page of ``region``.

    Everyone may read the public's approved figures anywhere, but an official sees
    the regions of their own account: a county or town official their county (as
    its county page), a province or prefecture official their subtree.
    """
    profile = None if is_admin(user) else profile_of(user)
    if profile is None or profile.region is None:
        return True
    return profile.region.level in REGIONAL_LEVELS and covers(user, region)


def picker_filter(user) -> Q:
    """Provinces, prefectures and counties with figures that the region picker offers.

    A county or town official is offered their county only; a province or prefecture
    official their subtree; everyone else every region with figures. A condition on
    regions, so that a page reads its own region and the choices in one query.
    """
    levels = (Level.PROVINCE, Level.PREFECTURE, Level.COUNTY)
    pickable = Q(Exists(RegionSummary.objects.filter(region=OuterRef("code"))), level__in=levels)
    profile = None if is_admin(user) else profile_of(user)
    own = profile.region if profile is not None else None
    if own is None:
        return pickable
    if own.level in (Level.TOWN, Level.VILLAGE, Level.COUNTY):
        return pickable & Q(code=own.code[:6].ljust(12, "0"))
    low, high = own.bounds
    return pickable & Q(code__gte=low, code__lte=high)


def with_choices(user, code: str) -> tuple[Region | None, tuple[Region, ...]]:
    """The region of ``code`` (None if there is none) and the picker's choices, in one query."""
    pickable = picker_filter(user)
    rows = (
        Region.objects.filter(Q(code=code) | pickable)
        .annotate(pickable=ExpressionWrapper(pickable, output_field=BooleanField()))
        .order_by("code")
    )
    found, choices = None, []
    for row in rows:
        if row.code == code:
            found = row
        if row.pickable:
            choices.append(row)
    return found, tuple(choices)


def default_area(user) -> tuple[Region | None, tuple[Region, ...]]:
    """The user's own area (a town's official: their county), else the demo county,
    else the first county with reports; None on an installation without any. And the
    picker's choices."""
    profile = profile_of(user)
    region = profile.region if profile else None
    if region is not None and region.level in AREA_LEVELS:
        code = region.code
    elif region is not None and region.level in (Level.TOWN, Level.VILLAGE):
        code = region.code[:6].ljust(12, "0")
    else:
        code = settings.DEMO_COUNTY_CODE
    area, choices = with_choices(user, code)
    if area is not None and area.level not in AREA_LEVELS:
        area = None
    if area is None:
        area = (
            Region.objects.counties()
            .filter(Exists(Report.objects.filter(region__parent=OuterRef("pk"))))
            .first()
        )
    return area, choices
