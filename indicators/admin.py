from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin

from .access import is_admin
from .models import (
    DataValue,
    ImportBatch,
    Indicator,
    Profile,
    Region,
    Report,
    ReportTransition,
    Section,
    Target,
)


class ReadOnlyMixin:
    """Viewable in the admin, never written there.

    Figures, reports and targets are written only through the domain services, which
    validate, check rights and locks, and keep history; the admin would bypass all of it.
    """

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyHistoryAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    """A read-only model with its simple_history views (list of versions, one version)."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple_history saves a posted version ("revert") after checking only the view
        # permission, so the change permission above would not stop it.
        if request.method not in ("GET", "HEAD"):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name", "name_en"]
    raw_id_fields = ["parent"]


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["number", "short_name", "heading", "title_en", "is_public"]
    list_editable = ["is_public"]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "section", "name", "unit", "value_type", "aggregation", "is_public"]
    list_filter = ["section", "value_type", "aggregation", "is_public"]
    search_fields = ["code", "name", "name_en"]


class TransitionInline(ReadOnlyMixin, admin.TabularInline):
    model = ReportTransition
    extra = 0
    fields = ["from_status", "to_status", "user", "reason", "created_at"]
    readonly_fields = fields


@admin.register(Report)
class ReportAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Reports are created, moved between statuses and versioned by the workflow services,
    which record who and why (the transitions below)."""

    list_display = ["region", "year", "status", "version", "updated_at"]
    list_filter = ["status", "year"]
    list_select_related = ["region"]
    search_fields = ["region__name", "region__code"]
    inlines = [TransitionInline]


@admin.register(DataValue)
class DataValueAdmin(ReadOnlyHistoryAdmin):
    """Figures are read here, never written: writes go through the entry form or the
    API, which respect the review lock and the report version."""

    list_display = ["indicator", "report", "value", "source", "changed_by", "updated_at"]
    list_filter = ["source", "indicator__section"]
    list_select_related = ["indicator", "report__region", "changed_by"]
    search_fields = ["indicator__code", "report__region__name"]


@admin.register(Target)
class TargetAdmin(ReadOnlyHistoryAdmin):
    """Targets are read here; the target services validate them against the indicator."""

    list_display = ["indicator", "region", "year", "value"]
    list_filter = ["year", "indicator__section"]
    list_select_related = ["indicator", "region"]
    search_fields = ["indicator__code", "region__name", "region__code"]


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "region"]
    list_filter = ["role"]
    raw_id_fields = ["region"]


@admin.register(DataValue.history.model)
class DataValueHistoryAdmin(admin.ModelAdmin):
    """The history of figures: read by staff, removed only by an administrator."""

    list_display = ["history_date", "indicator", "report", "value", "source", "history_user"]
    # The historical foreign keys are nullable, so a bare select_related() skips them.
    list_select_related = ["indicator", "report__region", "history_user"]
    list_filter = ["source", "history_type"]
    search_fields = ["indicator__code", "report__region__name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return is_admin(request.user)


@admin.register(LogEntry)
class LogEntryAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Every add, change and delete made through the admin, as Django records it."""

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

    @admin.display(description=LogEntry._meta.get_field("change_message").verbose_name)
    def change_message_text(self, entry: LogEntry) -> str:
        # The stored message is JSON; this is its translated, readable form.
        return entry.get_change_message()


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Who uploaded which file, when, and what it wrote: a record, never edited."""

    list_display = ["file_name", "user", "layout", "state", "created_at", "written_at"]
    list_filter = ["state", "layout"]
    list_select_related = ["user"]
    search_fields = ["file_name", "user__username"]
    exclude = ["rows"]  # up to 10,000 rows: the preview page shows them
