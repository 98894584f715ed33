"""Backup codes: ten one-time codes, given at enrolment, for signing in without the phone.

Each code is 12 characters from an alphabet without look-alikes (0/o, 1/l/i), about
59 bits of chance; the database keeps a salted SHA-256 of each, never the code. A
slow password hash is not needed for random codes this long, and would cost a second
per sign-in with ten codes to compare. A code signs in once.
"""

import hashlib
import hmac
import secrets

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from ..audit.events import audit_record
from ..audit.models import Action
from ..models import BackupCode, BackupCodeDevice

COUNT = 10
LENGTH = 12
GROUP = 4
ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
DEVICE_NAME = "backup codes"


def _digest(salt: str, code: str) -> str:
    return hashlib.sha256(f"{salt}:{code}".encode()).hexdigest()


def normalized(code: str) -> str:
    """As people type a code: any case, with or without the hyphens and spaces."""
    return "".join(code.split()).replace("-", "").lower()


def looks_like_backup_code(code: str) -> bool:
    code = normalized(code)
    return len(code) == LENGTH and all(char in ALPHABET for char in code)


def _new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    return "-".join(raw[i : i + GROUP] for i in range(0, LENGTH, GROUP))


@transaction.atomic
def backup_codes_issue(*, user: User) -> list[str]:
    """Ten new codes for the user, in clear this once; any earlier codes stop working."""
    BackupCodeDevice.objects.filter(user=user).delete()
    device = BackupCodeDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=True)
    codes = [_new_code() for _ in range(COUNT)]
    rows = []
    for code in codes:
        salt = secrets.token_hex(16)
        rows.append(BackupCode(device=device, salt=salt, digest=_digest(salt, normalized(code))))
    BackupCode.objects.bulk_create(rows)
    audit_record(action=Action.BACKUP_CODES_ISSUED, obj=user, details={"count": COUNT})
    return codes


def backup_code_redeem(*, device: BackupCodeDevice, code: str) -> bool:
    """Whether ``code`` is one of the device's unused codes; if so it is used up now.

    Throttled as django-otp's devices are: each wrong code doubles the wait.
    """
    allowed, _detail = device.verify_is_allowed()
    if not allowed:
        return False
    code = normalized(code)
    with transaction.atomic():
        for pk, salt, digest in device.codes.filter(used_at__isnull=True).values_list(
            "pk", "salt", "digest"
        ):
            if not hmac.compare_digest(digest, _digest(salt, code)):
                continue
            # The condition makes a code used twice at the same moment succeed once.
            used = BackupCode.objects.filter(pk=pk, used_at__isnull=True)
            if used.update(used_at=timezone.now()) != 1:
                break
            device.throttle_reset(commit=False)
            device.set_last_used_timestamp(commit=False)
            device.save()
            left = backups_left(user=device.user)
            audit_record(
                action=Action.BACKUP_CODE_USED,
                user=device.user,
                obj=device.user,
                details={"left": left},
            )
            return True
    device.throttle_increment()
    return False


def backups_left(*, user: User) -> int:
    return BackupCode.objects.filter(device__user=user, used_at__isnull=True).count()


def backup_device(*, user: User) -> BackupCodeDevice | None:
    return BackupCodeDevice.objects.filter(user=user, confirmed=True).first()
