from django.db import models
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin, TimestampMixin


class BackupCodeDevice(TimestampMixin, ThrottlingMixin, Device):
    """The user's one-time backup codes, as a django-otp device, so that signing in with
    one marks the session verified like a TOTP code does.

    Not django-otp's otp_static: its StaticToken keeps each code in clear text. Here
    only a salted SHA-256 of each code is stored (:class:`BackupCode`); the codes are
    shown once, at enrolment (indicators/accounts/backup_codes.py)."""

    class Meta:
        verbose_name = _("备用码")
        verbose_name_plural = _("备用码")

    def get_throttle_factor(self) -> int:
        return 1

    def verify_token(self, token) -> bool:
        from ..accounts.backup_codes import backup_code_redeem

        return backup_code_redeem(device=self, code=str(token))


class BackupCode(models.Model):
    """One backup code: a salted digest, and when it was used (then never again)."""

    device = models.ForeignKey(BackupCodeDevice, on_delete=models.CASCADE, related_name="codes")
    salt = models.CharField(max_length=32)
    digest = models.CharField(max_length=64)
    used_at = models.DateTimeField(_("使用时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("备用码")
        verbose_name_plural = _("备用码")

    def __str__(self) -> str:
        return f"{self.device.user} · {'used' if self.used_at else 'unused'}"
