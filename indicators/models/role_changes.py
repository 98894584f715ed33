from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .accounts import Role
from .regions import Region


class ChangeState(models.TextChoices):
    PENDING = "pending", _("待确认")
    CONFIRMED = "confirmed", _("已确认生效")
    REJECTED = "rejected", _("已拒绝")


class RoleChange(models.Model):
    """A change of role that takes effect only when a second separated administrator
    confirms it (三员分立, GB/T 22239-2019 8.1.4.2 d): giving, changing or taking
    管理员 or a separated role. Who proposed and who decided, when, are kept here and
    in the audit trail."""

    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("账户"),
        on_delete=models.CASCADE,
        related_name="role_changes",
    )
    role_before = models.CharField(_("原角色"), max_length=10, choices=Role.choices, blank=True)
    region_before = models.ForeignKey(
        Region,
        verbose_name=_("原区划"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    role = models.CharField(_("新角色"), max_length=10, choices=Role.choices)
    region = models.ForeignKey(
        Region,
        verbose_name=_("新区划"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("申请时间"), default=timezone.now)
    state = models.CharField(
        _("状态"), max_length=10, choices=ChangeState.choices, default=ChangeState.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("确认人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("确认时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("角色变更申请")
        verbose_name_plural = _("角色变更申请")
        ordering = ["-proposed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["account"],
                condition=Q(state="pending"),
                name="role_change_one_pending_per_account",
            ),
            # Nobody confirms their own proposal, whatever the code above the database does.
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True) | ~Q(decided_by=F("proposed_by")),
                name="role_change_decided_by_another",
            ),
            models.CheckConstraint(
                condition=Q(state="pending", decided_by__isnull=True, decided_at__isnull=True)
                | (
                    Q(state__in=["confirmed", "rejected"])
                    & Q(decided_by__isnull=False, decided_at__isnull=False)
                ),
                name="role_change_decision_complete",
            ),
        ]

    def __str__(self) -> str:
        before = self.get_role_before_display() or _("无角色")
        return f"{self.account} · {before} → {self.get_role_display()}"
