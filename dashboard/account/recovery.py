"""Signing in without the phone: a backup code in place of the TOTP code, once."""

from django_otp.models import Device
from django_otp.plugins.otp_totp.models import TOTPDevice

from indicators.accounts.backup_codes import backup_device, looks_like_backup_code


def device_accepting(user, totp: TOTPDevice, code: str) -> Device | None:
    """The device that accepts ``code``: the TOTP app for 6 digits, else the backup codes
    (each accepted once). None when neither does."""
    if code.isdigit() and len(code) == 6:
        return totp if totp.verify_token(code) else None
    if not looks_like_backup_code(code):
        return None
    device = backup_device(user=user)
    return device if device is not None and device.verify_token(code) else None
