from django.conf import settings
from django.db import models
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .regions import Region


class Role(models.TextChoices):
    CLERK = "clerk", _("填报员")
    REVIEWER = "reviewer", _("镇审核人")
    COUNTY = "county", _("县级审核")
    ADMIN = "admin", _("管理员")
    # Separated administrators (三员分立, GB/T 22239-2019 8.1.4.2 d and 8.1.10): system,
    # security and audit administration, each without the others' rights or figures.
    SYSADMIN = "sysadmin", _("系统管理员")
    SECADMIN = "secadmin", _("安全管理员")
    AUDITOR = "auditor", _("审计管理员")


class Profile(models.Model):
    """A user's role and the region whose subtree their rights cover."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    role = models.CharField(_("角色"), max_length=10, choices=Role.choices)
    region = models.ForeignKey(
        Region,
        verbose_name=_("所属区划"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="profiles",
        help_text=_("管理员可留空，表示全部区划。"),
    )

    class Meta:
        verbose_name = _("用户角色")
        verbose_name_plural = _("用户角色")
        constraints = [
            models.CheckConstraint(
                # Separated administrators hold no region: they read no figures.
                condition=models.Q(role__in=["admin", "sysadmin", "secadmin", "auditor"])
                | models.Q(region__isnull=False),
                name="profile_region_required_unless_admin",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.region or '全部'}"


class PasswordHistoryQuerySet(models.QuerySet):
    def latest_for(self, user) -> "PasswordHistory | None":
        return self.filter(user=user).order_by("-created_at", "-pk").first()


class PasswordHistory(models.Model):
    """A password a user has had: its hash as Django stores it, never the password.

    The newest row is the current password and says when it was set, which decides
    when it expires (PASSWORD_MAX_AGE_DAYS); the newest few refuse reuse
    (indicators/accounts/passwords.py). GB/T 22239-2019 8.1.4.1 a) asks for complexity and
    regular replacement. Rows are written by ``PasswordHistoryValidator.password_changed``,
    which Django calls whenever ``set_password`` is followed by a save, and below for
    an account created with a password.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="password_history"
    )
    password = models.CharField(_("密码摘要"), max_length=128)
    created_at = models.DateTimeField(_("设置时间"), default=timezone.now)

    objects = PasswordHistoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("密码历史")
        verbose_name_plural = _("密码历史")
        indexes = [models.Index(fields=["user", "-created_at"], name="password_history_latest")]

    def __str__(self) -> str:
        return f"{self.user} · {self.created_at:%Y-%m-%d %H:%M}"


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="password_history_first")
def _record_first_password(sender, instance, created, raw=False, **kwargs):
    """``create_user`` and ``createsuperuser`` hash the password without ``set_password``,
    so Django's ``password_changed`` hook misses an account's first password."""
    if raw or not created or not instance.password or not instance.has_usable_password():
        return
    PasswordHistory.objects.create(user=instance, password=instance.password)
