"""What an administrator resets, the account's owner must follow up at the next sign-in.

- A password set by someone else (the system administrator in the admin, or
  ``create_admins``) is one-time: its owner must replace it before anything else
  (dashboard/account/security.py sends them to the password change page).
- A second factor reset by the security administrator: the TOTP device and the
  backup codes are gone, and the owner must enrol again, whatever their role.

Both are recorded in the audit trail with who and when; the owner is told both.
"""

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..audit.events import audit_record
from ..audit.models import Action
from ..models import AccountReset, BackupCodeDevice, ResetKind


def _mark(*, user: User, kind: str, by: User | None) -> AccountReset:
    # A second reset before the owner followed up replaces the first: it is the one to report.
    reset, _created = AccountReset.objects.update_or_create(
        user=user, kind=kind, defaults={"reset_by": by, "reset_at": timezone.now()}
    )
    return reset


@transaction.atomic
def password_reset_record(*, user: User, by: User | None) -> AccountReset:
    """``by`` has just set ``user``'s password: it is one-time from now on."""
    reset = _mark(user=user, kind=ResetKind.PASSWORD, by=by)
    audit_record(
        action=Action.PASSWORD_RESET, user=by, obj=user, details={"account": user.username}
    )
    return reset


@transaction.atomic
def password_set_one_time(*, user: User, password: str, by: User | None) -> AccountReset:
    """Set a password for ``user`` that they must replace at their first sign-in."""
    user.set_password(password)
    user.save()
    return password_reset_record(user=user, by=by)


def password_reset_done(*, user: User) -> None:
    """The owner chose their own password: nothing is owed any more."""
    AccountReset.objects.filter(user=user, kind=ResetKind.PASSWORD).delete()


@transaction.atomic
def second_factor_reset(*, user: User, by: User) -> AccountReset:
    """A lost phone: remove the user's TOTP devices and backup codes; they enrol again
    at their next sign-in (dashboard/account/security.py)."""
    totp, _detail = TOTPDevice.objects.filter(user=user).delete()
    BackupCodeDevice.objects.filter(user=user).delete()
    reset = _mark(user=user, kind=ResetKind.SECOND_FACTOR, by=by)
    audit_record(
        action=Action.SECOND_FACTOR_RESET,
        user=by,
        obj=user,
        details={"account": user.username, "devices": totp},
    )
    return reset


def second_factor_enrolled(*, user: User) -> None:
    AccountReset.objects.filter(user=user, kind=ResetKind.SECOND_FACTOR).delete()


def resets_owed(user: User) -> dict[str, AccountReset]:
    """The resets the user has yet to follow up, by kind (one query)."""
    resets = AccountReset.objects.filter(user=user).select_related("reset_by")
    return {reset.kind: reset for reset in resets}
