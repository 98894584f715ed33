"""Accounts, roles, the admin log, the audit trail and lockouts: each separated
administrator (三员分立) sees and does only what their role allows."""

from django import forms
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .. import access
from ..audit.models import AuditEvent
from ..models import (
    Profile,
)
from .readonly import ReadOnlyMixin


class SeparatedAdminsMixin:
    """Permissions of the separated administrators (三员分立) on one model.

    For a system, security or audit administrator ``role_allows`` alone decides
    (Django permissions given to them are ignored); for everyone else Django's
    permissions decide, as before, so a superuser may do everything.
    """

    def role_allows(self, right: str, user: User, obj) -> bool:
        """``right`` is view, add, change or delete; ``obj`` may be None."""
        return False

    def _decide(self, request, right: str, obj, default) -> bool:
        if access.is_separated_admin(request.user):
            return self.role_allows(right, request.user, obj)
        return default()

    def has_module_permission(self, request):
        parent = super().has_module_permission
        return self._decide(request, "view", None, lambda: parent(request))

    def has_view_permission(self, request, obj=None):
        parent = super().has_view_permission
        return self._decide(request, "view", obj, lambda: parent(request, obj))

    def has_add_permission(self, request, *args):
        parent = super().has_add_permission
        return self._decide(request, "add", None, lambda: parent(request, *args))

    def has_change_permission(self, request, obj=None):
        parent = super().has_change_permission
        return self._decide(request, "change", obj, lambda: parent(request, obj))

    def has_delete_permission(self, request, obj=None):
        parent = super().has_delete_permission
        return self._decide(request, "delete", obj, lambda: parent(request, obj))


class AccountForm(UserChangeForm):
    def clean(self):
        cleaned = super().clean()
        if cleaned.get("is_superuser") and access.is_separated_admin(self.instance):
            raise ValidationError(_("系统、安全和审计管理员不能同时是超级用户。"))
        return cleaned


admin.site.unregister(User)


@admin.register(User)
class AccountAdmin(SeparatedAdminsMixin, UserAdmin):
    """Accounts: the system administrator creates, deactivates and resets passwords
    of ordinary accounts; nobody but the superuser grants rights (staff, superuser,
    groups, permissions) or deletes an account. Roles are the security administrator's."""

    form = AccountForm

    def role_allows(self, right, user, obj):
        if right == "view":
            return True
        if right == "add":
            return access.may_manage_accounts(user)
        if right == "change":
            if obj is None:
                return access.may_manage_accounts(user)
            return access.may_change_account(user, obj)
        return False  # deactivated, never deleted: audit entries name the account

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or request.user.is_superuser:
            return fieldsets
        # Without the rights fields in the form, a posted is_superuser is ignored.
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f not in RIGHTS]})
            for name, options in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_readonly_fields(request, obj)
        return ["last_login", "date_joined"]


RIGHTS = {"is_staff", "is_superuser", "groups", "user_permissions"}


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Profile
        fields = ["user", "role", "region"]

    def clean(self):
        cleaned = super().clean()
        user, role = cleaned.get("user"), cleaned.get("role")
        if user is not None and role and not access.may_hold_role(user, role):
            raise ValidationError(_("超级用户不能担任系统、安全或审计管理员。"))
        if role in access.SEPARATED_ADMIN_ROLES and cleaned.get("region") is not None:
            self.add_error("region", _("系统、安全和审计管理员不属于任何区划。"))
        return cleaned


@admin.register(Profile)
class ProfileAdmin(SeparatedAdminsMixin, admin.ModelAdmin):
    """Roles and regions: the security administrator's, never their own role."""

    form = ProfileForm
    list_display = ["user", "role", "region"]
    list_filter = ["role"]
    list_select_related = ["user", "region"]
    raw_id_fields = ["region"]

    def role_allows(self, right, user, obj):
        if right == "view":
            return True
        if not access.may_grant_roles(user):
            return False
        return obj is None or access.may_change_profile(user, obj)

    def save_model(self, request, obj, form, change):
        before = Profile.objects.filter(pk=obj.pk).values_list("role", flat=True).first()
        super().save_model(request, obj, form, change)
        _sync_staff(obj.user, obj.role, before)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        _sync_staff(obj.user, None, obj.role)

    def delete_queryset(self, request, queryset):
        gone = [(profile.user, profile.role) for profile in queryset.select_related("user")]
        super().delete_queryset(request, queryset)
        for user, role in gone:
            _sync_staff(user, None, role)


def _sync_staff(user: User, role: str | None, before: str | None) -> None:
    """Separated administrators work in the admin, which needs is_staff; it goes with
    the role (but a superuser keeps it)."""
    separated = access.SEPARATED_ADMIN_ROLES
    if role in separated:
        staff = True
    elif before in separated and not user.is_superuser:
        staff = False
    else:
        return
    if user.is_staff != staff:
        user.is_staff = staff
        user.save(update_fields=["is_staff"])


@admin.register(LogEntry)
class LogEntryAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Every add, change and delete made through the admin, as Django records it.

    Part of the audit trail: read by the audit administrator (and the superuser) only.
    """

    date_hierarchy = "action_time"
    list_display = [
        "action_time",
        "user",
        "content_type",
        "object_repr",
        "action_flag",
        "change_message_text",
    ]
    list_filter = ["action_flag", "content_type"]
    list_select_related = ["user", "content_type"]
    search_fields = ["object_repr", "object_id", "user__username"]
    fields = [
        "action_time",
        "user",
        "content_type",
        "object_id",
        "object_repr",
        "action_flag",
        "change_message_text",
    ]
    readonly_fields = fields

    def has_module_permission(self, request):
        return access.may_read_audit(request.user)

    def has_view_permission(self, request, obj=None):
        return access.may_read_audit(request.user)

    @admin.display(description=LogEntry._meta.get_field("change_message").verbose_name)
    def change_message_text(self, entry: LogEntry) -> str:
        # The stored message is JSON; this is its translated, readable form.
        return entry.get_change_message()


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """The audit trail, read by the audit administrator; nobody writes it here (the
    database refuses changes anyway). The page /audit/ filters and exports it."""

    date_hierarchy = "created_at"
    list_display = ["created_at", "username", "address", "action", "object_type", "object_repr"]
    list_filter = ["action"]
    search_fields = ["username", "object_repr", "object_id"]
    readonly_fields = [field.name for field in AuditEvent._meta.fields]

    def has_module_permission(self, request):
        return access.may_read_audit(request.user)

    def has_view_permission(self, request, obj=None):
        return access.may_read_audit(request.user)


class LockoutAdminMixin(SeparatedAdminsMixin):
    """django-axes' records: the security administrator unlocks an account by deleting
    its failed attempts; the audit administrator reads them."""

    def role_allows(self, right, user, obj):
        if right == "view":
            return access.may_grant_roles(user) or access.may_read_audit(user)
        return right == "delete" and access.may_grant_roles(user)


def _guard_lockout_admin() -> None:
    """Give axes' admin pages (when axes is installed) the separated administrators' rights."""
    from axes import admin as _axes_admin  # noqa: F401  (registers axes' model admins)

    for model in apps.get_app_config("axes").get_models():
        if admin.site.is_registered(model):
            base = type(admin.site.get_model_admin(model))
            admin.site.unregister(model)
            guarded = type(f"Guarded{base.__name__}", (LockoutAdminMixin, base), {})
            admin.site.register(model, guarded)


if apps.is_installed("axes"):
    _guard_lockout_admin()
