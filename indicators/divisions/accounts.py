"""Accounts whose region has been retired.

They are kept as they are: a clerk of a merged town still reads and, for the years
the town existed, corrects its figures. The division pages list them so that the
security administrator (who assigns regions) can give them their new town.
"""

from ..models import Profile


def stranded_accounts():
    """Profiles whose region is retired (from some year), with user and region."""
    return (
        Profile.objects.filter(region__retired_from__isnull=False)
        .select_related("user", "region")
        .order_by("region_id", "user__username")
    )
