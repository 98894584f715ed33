"""Handling failed sign-ins (等保 level 3, GB/T 22239-2019 8.1.4.1 b) without letting
anyone lock a colleague out.

django-axes records the failures (per account, address and browser, kept while they
are less than AXES_COOLOFF_TIME old); this handler decides from them, in one query:

- an account from one address: AXES_FAILURE_LIMIT (5) failures lock that pair for
  the cool-off (15 minutes). The same account from another address is not locked;
- one address: SIGNIN_ADDRESS_LIMIT (100) failures, over all accounts, lock the
  address. Far above the pair's limit: an office behind one NAT address is not
  locked out by one person's typing;
- one account from any address: from SIGNIN_SLOWDOWN_AFTER (10) failures on, each
  further try waits 5 s, then twice as long after each failure, up to
  SIGNIN_SLOWDOWN_MAX_SECONDS (5 minutes). Not applied at an address from which the
  account signed in successfully in the last SIGNIN_KNOWN_ADDRESS_DAYS, so guessing
  from elsewhere cannot keep the owner out. Guessing from many addresses gets a few
  tries an hour.

A refused try does not count and does not extend any wait. Wrong TOTP codes count as
failures (dashboard/account/signin.py). The admin's login goes through the same backend.
"""

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.template.response import TemplateResponse
from django.utils import timezone

from indicators.accounts.signins import recent_failures, signed_in_from

PAIR = "pair"
ADDRESS = "address"
ACCOUNT = "account"
FIRST_WAIT_SECONDS = 5


@dataclass(frozen=True)
class Brake:
    """Why a sign-in is refused now, and from when it may be tried again."""

    kind: str
    retry_at: datetime

    @property
    def seconds(self) -> int:
        return max(1, math.ceil((self.retry_at - timezone.now()).total_seconds()))

    @property
    def minutes(self) -> int:
        return math.ceil(self.seconds / 60)


def slowdown_seconds(failures: int) -> int:
    """The wait after the account's ``failures``-th recent failure (0 below the threshold)."""
    beyond = failures - settings.SIGNIN_SLOWDOWN_AFTER
    if beyond < 0:
        return 0
    return min(settings.SIGNIN_SLOWDOWN_MAX_SECONDS, FIRST_WAIT_SECONDS * 2 ** min(beyond, 16))


def signin_brake(request, credentials: dict | None) -> Brake | None:
    """The brake on this sign-in, if any (one query; one more when the account is slowed)."""
    cool_off = get_cool_off(request) or timedelta(0)
    now = timezone.now()
    username = get_client_username(request, credentials)
    address = getattr(request, "axes_ip_address", None)
    seen = recent_failures(username, address, now - cool_off)
    if (seen["pair"] or 0) >= settings.AXES_FAILURE_LIMIT:
        return Brake(PAIR, seen["pair_last"] + cool_off)
    if (seen["address"] or 0) >= settings.SIGNIN_ADDRESS_LIMIT:
        return Brake(ADDRESS, seen["address_last"] + cool_off)
    wait = slowdown_seconds(seen["account"] or 0)
    if wait:
        retry_at = seen["account_last"] + timedelta(seconds=wait)
        if retry_at > now and not _known_address(username, address, now):
            return Brake(ACCOUNT, retry_at)
    return None


def _known_address(username: str, address: str | None, now: datetime) -> bool:
    since = now - timedelta(days=settings.SIGNIN_KNOWN_ADDRESS_DAYS)
    return signed_in_from(username, address, since)


class SignInLockoutHandler(AxesDatabaseHandler):
    """django-axes' database handler, locking by the brakes above.

    axes itself still counts failures per (account, address) for AXES_FAILURE_LIMIT
    (AXES_LOCKOUT_PARAMETERS), so the failure that reaches it answers with the
    lockout page at once.
    """

    def is_locked(self, request, credentials: dict | None = None) -> bool:
        brake = signin_brake(request, credentials)
        request.signin_brake = brake
        return brake is not None


def lockout_response(request, original_response=None, credentials=None):
    """The login page, in Chinese, saying what is locked and when to try again."""
    brake = getattr(request, "signin_brake", None) or signin_brake(request, credentials)
    if brake is None:  # the failure that reached the pair's limit
        brake = Brake(PAIR, timezone.now() + (get_cool_off(request) or timedelta(0)))
    username = get_client_username(request, credentials) or ""
    context = {
        "form": AuthenticationForm(request, initial={"username": username}),
        "lockout": brake,
        "next": request.POST.get("next") or request.GET.get("next", ""),
    }
    response = TemplateResponse(
        request, "registration/login.html", context, status=settings.AXES_HTTP_RESPONSE_CODE
    )
    response["Retry-After"] = str(brake.seconds)
    return response.render()
