"""双因素设备 in the admin: the security administrator sees who has enrolled and resets
the second factor of a user who lost their phone (the user enrols again at the next
sign-in). Nobody else sees the devices; nobody adds or edits one here (the secret would
be an administrator's to read)."""

from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from indicators.accounts import access

from ..accounts.resets import second_factor_reset
from .separation import SeparatedAdminsMixin


class GuardedTOTPDeviceAdmin(SeparatedAdminsMixin, TOTPDeviceAdmin):
    actions = ["reset_second_factor"]

    def role_allows(self, right, user, obj):
        return right == "view" and access.may_grant_roles(user)

    def has_reset_permission(self, request):
        return access.may_grant_roles(request.user)

    @admin.action(
        description=gettext_lazy("重置所选用户的双因素认证（下次登录时重新绑定）"),
        permissions=["reset"],
    )
    def reset_second_factor(self, request, queryset):
        users = {device.user for device in queryset.select_related("user")}
        for user in sorted(users, key=lambda account: account.username):
            second_factor_reset(user=user, by=request.user)
        names = "、".join(sorted(user.username for user in users))
        self.message_user(
            request,
            _("已重置 %(names)s 的双因素认证：验证器和备用码已作废，下次登录时须重新绑定。")
            % {"names": names},
            messages.SUCCESS,
        )


if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)
admin.site.register(TOTPDevice, GuardedTOTPDeviceAdmin)
