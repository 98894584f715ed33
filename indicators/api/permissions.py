"""Who may call the write endpoints at all; which rows they may write is the services' job."""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from indicators.accounts import access

from ..models import Role


class CanWriteValues(BasePermission):
    """Town staff (clerk, reviewer) and administrators write figures."""

    message = _("您的角色不能填报数字，只有填报员、镇审核人和管理员可以。")

    def has_permission(self, request, view) -> bool:
        return access.role_of(request.user) in (Role.CLERK, Role.REVIEWER, Role.ADMIN)


class CanWriteTargets(BasePermission):
    """County officials and administrators set targets."""

    message = _("您的角色不能设定目标，只有县级审核人员和管理员可以。")

    def has_permission(self, request, view) -> bool:
        return access.role_of(request.user) in (Role.COUNTY, Role.ADMIN)
