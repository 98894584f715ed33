"""The 管理员's rights in the admin."""

from indicators.accounts.access import is_admin


class BusinessAdminMixin:
    """管理员 (Role.ADMIN) reads the records and edits the catalogue by their role, with no
    Django permission to hand out (the demo's admin is no superuser). Anyone else has
    what Django's permissions give. Read-only admins put ReadOnlyMixin first, which
    refuses every write whatever this says."""

    def has_module_permission(self, request):
        return is_admin(request.user) or super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return is_admin(request.user) or super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        return is_admin(request.user) or super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return is_admin(request.user) or super().has_change_permission(request, obj)
