"""Viewable in the admin, never written there: the domain's records."""

from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin

from .business import BusinessAdminMixin


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


class ReadOnlyHistoryAdmin(ReadOnlyMixin, BusinessAdminMixin, SimpleHistoryAdmin):
    """A read-only model with its simple_history views (list of versions, one version),
    read by the 管理员."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple_history saves a posted version ("revert") after checking only the view
        # permission, so the change permission above would not stop it.
        if request.method not in ("GET", "HEAD"):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)
