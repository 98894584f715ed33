import json
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    LOGIN = "login", _("登录")
    LOGOUT = "logout", _("退出")
    LOGIN_FAILED = "login_failed", _("登录失败")
    LOCKED_OUT = "locked_out", _("账户锁定")
    FIGURES_WRITTEN = "figures_written", _("写入数字")
    TARGETS_WRITTEN = "targets_written", _("设定目标")
    REPORT_MOVED = "report_moved", _("审核流转")
    EXPORT = "export", _("导出数据")
    USER_CREATED = "user_created", _("新建账户")
    USER_CHANGED = "user_changed", _("修改账户")
    USER_DELETED = "user_deleted", _("删除账户")
    ROLE_GRANTED = "role_granted", _("分配角色")
    ROLE_CHANGED = "role_changed", _("变更角色")
    ROLE_REVOKED = "role_revoked", _("撤销角色")
    ADMIN_ACTION = "admin_action", _("后台操作")
    TOKEN_ISSUED = "token_issued", _("签发令牌")
    TOKEN_REVOKED = "token_revoked", _("吊销令牌")


def local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


class AuditEventQuerySet(models.QuerySet):
    def matching(
        self,
        *,
        who: str = "",
        action: str = "",
        since: date | None = None,
        until: date | None = None,
        address: str = "",
    ) -> "AuditEventQuerySet":
        """The audit page's filters; dates are local days, ``until`` included.

        Bounds on ``created_at`` rather than ``__date`` so that the index serves them.
        """
        queryset = self
        if who:
            queryset = queryset.filter(username=who)
        if action:
            queryset = queryset.filter(action=action)
        if since:
            queryset = queryset.filter(created_at__gte=local_midnight(since))
        if until:
            queryset = queryset.filter(created_at__lt=local_midnight(until + timedelta(days=1)))
        if address:
            queryset = queryset.filter(address=address)
        return queryset.order_by("-created_at", "-id")


class AuditEvent(models.Model):
    """One audited event. Append-only: the database refuses UPDATE and DELETE."""

    created_at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    # No database constraint and nothing done on delete: deleting an account must
    # not touch (and cannot update) its entries; ``username`` keeps who it was.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    username = models.CharField(_("用户名"), max_length=150, blank=True)
    address = models.GenericIPAddressField(_("来源地址"), null=True, blank=True)
    action = models.CharField(_("操作"), max_length=20, choices=Action.choices)
    object_type = models.CharField(_("对象类型"), max_length=100, blank=True)
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    object_repr = models.CharField(_("对象"), max_length=200, blank=True)
    details = models.JSONField(_("详情"), default=dict, blank=True, encoder=DjangoJSONEncoder)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["username", "created_at"], name="audit_username_created"),
            models.Index(fields=["action", "created_at"], name="audit_action_created"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.username} {self.action}"

    @property
    def details_text(self) -> str:
        """The details as an auditor reads them: "key: value；…" in key order (the same on
        SQLite and PostgreSQL, whose jsonb reorders keys), nested values as JSON."""
        if not isinstance(self.details, dict):
            return json.dumps(self.details, ensure_ascii=False)
        return "；".join(
            f"{key}: {value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)}"
            for key, value in sorted(self.details.items())  # jsonb reorders keys
        )
