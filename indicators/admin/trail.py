"""The audit trail in the admin: Django's admin log and our audit events, read by the
audit administrator; lockouts, lifted by the security administrator."""

from django.apps import apps
from django.contrib import admin
from django.contrib.admin.models import LogEntry

from indicators.accounts import access

from ..audit.models import AuditEvent
from .readonly import ReadOnlyMixin
from .separation import SeparatedAdminsMixin


@admin.register(LogEntry)
class LogEntryAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Every add, change and delete made through the admin, as Django records it.

    Part of the audit trail: read by the audit administrator only.
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
