"""Sign-in policy around every request (等保 level 3, GB/T 22239-2019 8.1.4.1).

- A signed-in user with a confirmed TOTP device must give its code before anything
  else, whichever login page they came through (ours or the admin's).
- A user whose role is in OTP_REQUIRED_ROLES and who has no device must enrol one.
- A password an administrator set (one-time), or one older than
  PASSWORD_MAX_AGE_DAYS, must be changed.
- A user whose second factor the security administrator reset must enrol again.
- The session slides: its expiry moves on with activity (SESSION_IDLE_MINUTES).

What these checks need is read once at sign-in and kept in the session, so a page
costs no extra query for them; the pages' query counts stay as they were.
"""

import ipaddress
from datetime import datetime
from urllib.parse import urlencode

from django.conf import settings
from django.db import DatabaseError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django_otp import user_has_device

from dashboard.middleware import DatabaseUnavailableMiddleware
from indicators.accounts import access
from indicators.accounts.passwords import password_changed_at, password_expires_at
from indicators.accounts.resets import resets_owed
from indicators.models import ResetKind

FACTS = "signin_facts"
SEEN = "signin_seen"


# --- What the checks need, kept in the session ---------------------------------------


def remember_sign_in(request, user) -> dict:
    """Store in the session what the policy needs to know about the user (4 queries, 5
    without a device: django-otp asks each device model, TOTP then backup codes)."""
    changed = password_changed_at(user)
    owed = resets_owed(user)
    facts = {
        "role": access.role_of(user),
        "otp_device": user_has_device(user, confirmed=True),
        "password_changed": changed.isoformat() if changed else None,
        # Set by an administrator (indicators/accounts/resets.py): one-time password,
        # second factor to enrol again.
        "password_reset": ResetKind.PASSWORD in owed,
        "otp_reset": ResetKind.SECOND_FACTOR in owed,
    }
    request.session[FACTS] = facts
    request.session[SEEN] = int(timezone.now().timestamp())
    return facts


def update_facts(request, **changes) -> None:
    facts = request.session.get(FACTS) or remember_sign_in(request, request.user)
    if "password_changed" in changes:
        changes["password_changed"] = changes["password_changed"].isoformat()
    request.session[FACTS] = {**facts, **changes}


def on_user_logged_in(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        remember_sign_in(request, user)


def password_expiry(facts: dict) -> datetime | None:
    changed = facts.get("password_changed")
    return password_expires_at(datetime.fromisoformat(changed) if changed else None)


def pending_step(request) -> str | None:
    """The URL name of the step the signed-in user must take first, if any."""
    user = request.user
    facts = request.session.get(FACTS) or remember_sign_in(request, user)
    # otp_device: set by OTPMiddleware; absent on a user that login() has just set.
    if facts["otp_device"] and getattr(user, "otp_device", None) is None:
        return "login_verify"
    if facts.get("password_reset"):
        return "password_change"
    required = facts["role"] in settings.OTP_REQUIRED_ROLES or facts.get("otp_reset")
    if not facts["otp_device"] and required:
        return "account:two_factor"
    expires = password_expiry(facts)
    if expires is not None and expires <= timezone.now():
        return "password_change"
    return None


class SignInPolicyMiddleware:
    """Sends a signed-in user to the step they owe (code, enrolment, new password)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            step = pending_step(request) if request.user.is_authenticated else None
        except DatabaseError as error:
            # Reading the session or the user failed here, before any view: the same
            # Chinese 503 that a view's database error gets, never a skipped check.
            busy = DatabaseUnavailableMiddleware(None).process_exception(request, error)
            if busy is None:
                raise
            return busy
        if step is not None and request.path_info not in self._allowed(step):
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse(step)}?{query}")
        if request.user.is_authenticated:
            self._slide(request)
        return self.get_response(request)

    @staticmethod
    def _allowed(step: str) -> set[str]:
        # Signing out and switching the language stay possible on the way.
        return {reverse(step), reverse("logout"), reverse("set_language")}

    @staticmethod
    def _slide(request) -> None:
        """Move the session's expiry on, at most once a SESSION_REFRESH_SECONDS.

        Django's SESSION_SAVE_EVERY_REQUEST would write the session row on every
        page a signed-in user opens; SQLite has one writer at a time, and clerks'
        saves would queue behind page views. So the row is written at most once a
        SESSION_REFRESH_SECONDS, and its life (SESSION_COOKIE_AGE) is the idle limit
        plus that step: a request that is not written lies within one step of the last
        one that was, so whoever comes back within the idle limit is still signed in,
        and a session ends at most one step after the idle limit. (Expiring the row
        at the idle limit itself signed out a user seen every 40 s under a 1-minute
        limit: the request at 40 s was not written, the one at 80 s found it expired.)
        """
        now = int(timezone.now().timestamp())
        if now - request.session.get(SEEN, 0) >= settings.SESSION_REFRESH_SECONDS:
            request.session[SEEN] = now


# --- The client's address (django-axes, the API throttle) ---------------------------


def client_ip(request) -> str | None:
    """The client's address as the API throttle sees it (API_NUM_PROXIES hops trusted).

    With no proxy, X-Forwarded-For is ignored: anyone can send it, and a lockout by
    address that trusted it would be no lockout at all.
    """
    remote = request.META.get("REMOTE_ADDR")
    hops = settings.REST_FRAMEWORK.get("NUM_PROXIES") or 0
    forwarded = [
        address.strip()
        for address in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if address.strip()
    ]
    if hops <= 0 or not forwarded:
        return remote
    candidate = forwarded[-min(hops, len(forwarded))]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
