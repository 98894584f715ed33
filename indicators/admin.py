from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .access import is_admin
from .models import DataValue, Indicator, Profile, Region, Report, ReportTransition, Section, Target


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


class TransitionInline(admin.TabularInline):
    model = ReportTransition
    extra = 0
    readonly_fields = ["from_status", "to_status", "user", "reason", "created_at"]
    can_delete = False


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["region", "year", "status", "version", "updated_at"]
    list_filter = ["status", "year"]
    search_fields = ["region__name", "region__code"]
    inlines = [TransitionInline]
    raw_id_fields = ["region"]
    # Status moves only through the workflow services, which record who and why.
    readonly_fields = ["status", "version"]


@admin.register(DataValue)
class DataValueAdmin(SimpleHistoryAdmin):
    """Figures are read here, never written: writes go through the entry form or the
    API, which respect the review lock and the report version."""

    list_display = ["indicator", "report", "value", "source", "changed_by", "updated_at"]
    list_filter = ["source", "indicator__section"]
    list_select_related = ["indicator", "report__region", "changed_by"]
    search_fields = ["indicator__code", "report__region__name"]
    raw_id_fields = ["report"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Target)
class TargetAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "region", "year", "value"]
    list_filter = ["year", "indicator__section"]
    raw_id_fields = ["region"]


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
