"""角色变更申请: proposals waiting for a second separated administrator, who confirms
or rejects them with the list's actions."""

from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators.accounts import access

from ..accounts.role_changes import RoleChangeRefused, role_change_confirm, role_change_reject
from ..models import ChangeState, RoleChange
from .separation import SeparatedAdminsMixin


@admin.register(RoleChange)
class RoleChangeAdmin(SeparatedAdminsMixin, admin.ModelAdmin):
    list_display = [
        "account",
        "role_before",
        "role",
        "region",
        "proposed_by",
        "proposed_at",
        "state",
        "decided_by",
        "decided_at",
    ]
    list_filter = ["state"]
    list_select_related = ["account", "region", "proposed_by", "decided_by"]
    readonly_fields = [*list_display, "region_before"]
    actions = ["confirm", "reject"]

    def role_allows(self, right, user, obj):
        # Every separated administrator reads the proposals; nobody edits one here:
        # they change only by the actions below.
        return right == "view" and access.is_separated_admin(user)

    def has_decide_permission(self, request):
        return access.is_separated_admin(request.user)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def _each(self, request, queryset, decide, done: str) -> None:
        for change in queryset.filter(state=ChangeState.PENDING):
            try:
                decide(change=change, by=request.user)
            except RoleChangeRefused as refused:
                self.message_user(request, f"{change}：{refused.message}", messages.ERROR)
            else:
                self.message_user(request, f"{change}：{done}", messages.SUCCESS)

    @admin.action(description=gettext_lazy("确认所选角色变更（立即生效）"), permissions=["decide"])
    def confirm(self, request, queryset):
        self._each(request, queryset, role_change_confirm, _("已确认，角色已变更。"))

    @admin.action(description=gettext_lazy("拒绝所选角色变更"), permissions=["decide"])
    def reject(self, request, queryset):
        self._each(request, queryset, role_change_reject, _("已拒绝，角色未变。"))
