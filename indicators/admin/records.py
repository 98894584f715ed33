"""The domain's records: the catalogue is edited here; figures, reports, targets,
their history and uploads are only read (they are written by the domain services)."""

from django.contrib import admin

from indicators.accounts.access import is_admin

from ..models import (
    DataValue,
    ImportBatch,
    Indicator,
    Region,
    Report,
    ReportTransition,
    Section,
    Target,
)
from .business import BusinessAdminMixin
from .readonly import ReadOnlyHistoryAdmin, ReadOnlyMixin


@admin.register(Region)
class RegionAdmin(BusinessAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name", "name_en"]
    raw_id_fields = ["parent"]


@admin.register(Section)
class SectionAdmin(BusinessAdminMixin, admin.ModelAdmin):
    list_display = ["number", "short_name", "heading", "title_en", "is_public"]
    list_editable = ["is_public"]


@admin.register(Indicator)
class IndicatorAdmin(BusinessAdminMixin, admin.ModelAdmin):
    list_display = ["code", "section", "name", "unit", "value_type", "aggregation", "is_public"]
    list_filter = ["section", "value_type", "aggregation", "is_public"]
    search_fields = ["code", "name", "name_en"]


class TransitionInline(ReadOnlyMixin, BusinessAdminMixin, admin.TabularInline):
    model = ReportTransition
    extra = 0
    fields = ["from_status", "to_status", "user", "reason", "created_at"]
    readonly_fields = fields


@admin.register(Report)
class ReportAdmin(ReadOnlyMixin, BusinessAdminMixin, admin.ModelAdmin):
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


@admin.register(DataValue.history.model)
class DataValueHistoryAdmin(BusinessAdminMixin, admin.ModelAdmin):
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


@admin.register(ImportBatch)
class ImportBatchAdmin(ReadOnlyMixin, BusinessAdminMixin, admin.ModelAdmin):
    """Who uploaded which file, when, and what it wrote: a record, never edited."""

    list_display = ["file_name", "user", "layout", "state", "created_at", "written_at"]
    list_filter = ["state", "layout"]
    list_select_related = ["user"]
    search_fields = ["file_name", "user__username"]
    exclude = ["rows"]  # up to 10,000 rows: the preview page shows them
