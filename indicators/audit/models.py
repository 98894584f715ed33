import json
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, router, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .chain import CONTENT, canonical, chain_hash, chain_head


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
    REFUSED = "refused", _("拒绝访问")
    AUDIT_PURGED = "audit_purged", _("清理已归档的审计记录")
    PASSWORD_RESET = "password_reset", _("重置密码")
    SECOND_FACTOR_RESET = "otp_reset", _("重置双因素认证")
    BACKUP_CODES_ISSUED = "backup_codes_issued", _("生成备用码")
    BACKUP_CODE_USED = "backup_code_used", _("使用备用码")
    ROLE_PROPOSED = "role_proposed", _("申请变更角色")
    ROLE_CONFIRMED = "role_confirmed", _("确认变更角色")
    ROLE_REJECTED = "role_rejected", _("拒绝变更角色")
    SCHEME_SAVED = "scheme_saved", _("保存考核方案")
    ASSESSMENT_PUBLISHED = "assessment_published", _("发布考核结果")
    FACTS_CHANGED = "facts_changed", _("修改地方信息")
    CATALOGUE_CHANGED = "catalogue_changed", _("修改指标目录")
    REGIONS_CHANGED = "regions_changed", _("调整行政区划")


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

    def bulk_create(self, objs, *args, **kwargs):
        """Append several entries, chained in order under the append lock as save() does."""
        objs = list(objs)
        with transaction.atomic(using=self.db, savepoint=False):
            previous = chain_head(self.db)
            for obj in objs:
                obj.prev_hash = previous
                obj.row_hash = previous = chain_hash(previous, obj.chain_content())
            return super().bulk_create(objs, *args, **kwargs)


class AuditEvent(models.Model):
    """One audited event. Append-only: the database refuses UPDATE and DELETE, and each
    entry chains onto the one before it by hash (``chain.py``)."""

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
    prev_hash = models.CharField(_("前一条的哈希"), max_length=64, blank=True, editable=False)
    row_hash = models.CharField(_("哈希"), max_length=64, blank=True, editable=False)

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

    def save(self, *args, **kwargs):
        if not self._state.adding:
            return super().save(*args, **kwargs)  # an UPDATE, which the database refuses
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        # Inside the caller's transaction when there is one: the lock taken by
        # chain_head() holds until the entry commits.
        with transaction.atomic(using=using, savepoint=False):
            self.prev_hash = chain_head(using)
            self.row_hash = chain_hash(self.prev_hash, self.chain_content())
            return super().save(*args, **kwargs)

    def chain_content(self) -> str:
        return canonical({name: getattr(self, name) for name in CONTENT})

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
