"""The rights of the separated administrators (三员分立) on one model admin."""

from django.contrib.auth.models import User


class SeparatedAdminsMixin:
    """``role_allows`` alone decides, for every user: Django permissions and the
    superuser flag give nothing here, so no account stands above the separation."""

    def role_allows(self, right: str, user: User, obj) -> bool:
        """``right`` is view, add, change or delete; ``obj`` may be None."""
        return False

    def has_module_permission(self, request):
        return self.role_allows("view", request.user, None)

    def has_view_permission(self, request, obj=None):
        return self.role_allows("view", request.user, obj)

    def has_add_permission(self, request, *args):
        return self.role_allows("add", request.user, None)

    def has_change_permission(self, request, obj=None):
        return self.role_allows("change", request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return self.role_allows("delete", request.user, obj)
