"""A user's TOTP authenticator (django-otp): the enrolled one, the one being enrolled,
and confirming it. The pages show the QR code and ask for the code; this module reads
and writes the devices."""

from django.contrib.auth.models import User
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from .backup_codes import backup_codes_issue
from .resets import second_factor_enrolled

DEVICE_NAME = "authenticator"


def confirmed_device(user: User) -> TOTPDevice | None:
    """The user's enrolled authenticator, if any."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_device(user: User) -> TOTPDevice:
    """The user's unconfirmed device, created once: reloading the page keeps the QR code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def device_confirm(user: User, device: TOTPDevice) -> list[str]:
    """The device enrolled (its code was right), any other unconfirmed one dropped,
    a pending second-factor reset settled: the new backup codes, in clear, once."""
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        codes = backup_codes_issue(user=user)
        second_factor_enrolled(user=user)
    return codes
