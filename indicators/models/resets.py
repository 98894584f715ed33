from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ResetKind(models.TextChoices):
    PASSWORD = "password", _("密码")
    SECOND_FACTOR = "second_factor", _("双因素认证")


class AccountReset(models.Model):
    """Something an administrator reset on an account, which its owner must follow up
    at the next sign-in: a one-time password to replace, or a second factor to enrol
    again. The row lives until the owner has done so (indicators/accounts/resets.py);
    the audit trail keeps the history."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="resets"
    )
    kind = models.CharField(_("重置内容"), max_length=20, choices=ResetKind.choices)
    # Null when set by a command at the console (create_admins).
    reset_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("重置人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reset_at = models.DateTimeField(_("重置时间"), default=timezone.now)

    class Meta:
        verbose_name = _("待完成的重置")
        verbose_name_plural = _("待完成的重置")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="account_reset_one_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_kind_display()} · {self.reset_at:%Y-%m-%d %H:%M}"
