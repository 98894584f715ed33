"""Who may see and change a county's assessment."""

from indicators.accounts.access import AnyUser, can_write_targets, covers, profile_of
from indicators.models import Region


def may_manage(user: AnyUser, county: Region) -> bool:
    """Edit the scheme, try what-ifs, publish: the county's official (or an admin), who
    sets its targets too."""
    return can_write_targets(user, county)


def may_see_live(user: AnyUser, county: Region) -> bool:
    """The league table before it is published: whoever covers the whole county."""
    return covers(user, county)


def own_town(user: AnyUser, county: Region) -> str | None:
    """The town of town staff in this county, whose breakdown they always see."""
    profile = profile_of(user)
    if profile is None or profile.region is None or covers(user, county):
        return None
    return profile.region.code if county.contains(profile.region) else None


def may_see_published(user: AnyUser, county: Region) -> bool:
    return covers(user, county) or own_town(user, county) is not None


def home_county(user: AnyUser) -> Region | None:
    """The county whose assessment the user reads first: their own, or the first with a scheme."""
    from .models import SchemeVersion

    profile = profile_of(user)
    if profile is not None and profile.region is not None and len(profile.region.code) == 12:
        code = profile.region.code[:6] + "000000"
        county = Region.objects.filter(pk=code, level="county").first()
        if county is not None:
            return county
    first = SchemeVersion.objects.order_by("county_id").values_list("county_id", flat=True).first()
    return Region.objects.filter(pk=first).first() if first else None
