"""The sign-in history django-axes keeps, read for the lockout handler
(dashboard/account/lockout.py decides from it)."""

from datetime import datetime

from axes.models import AccessAttempt, AccessLog
from django.db.models import Max, Q, Sum


def recent_failures(username: str | None, address: str | None, since: datetime) -> dict:
    """Failures since ``since`` and the last failure's time, for the account from this
    address (``pair``), the address over all accounts, and the account from anywhere.
    One query; a count is None when there is none."""
    mine = Q(username=username)  # None: the posts without a name, as one account
    here = Q(ip_address=address)
    pair = mine & here
    return AccessAttempt.objects.filter(mine | here, attempt_time__gte=since).aggregate(
        pair=Sum("failures_since_start", filter=pair),
        pair_last=Max("attempt_time", filter=pair),
        address=Sum("failures_since_start", filter=here),
        address_last=Max("attempt_time", filter=here),
        account=Sum("failures_since_start", filter=mine),
        account_last=Max("attempt_time", filter=mine),
    )


def signed_in_from(username: str | None, address: str | None, since: datetime) -> bool:
    """Whether the account signed in successfully from this address since ``since``."""
    signed_in = AccessLog.objects.filter(username=username, ip_address=address)
    return signed_in.filter(attempt_time__gte=since).exists()
