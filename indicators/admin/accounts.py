"""Accounts and roles: each separated administrator (三员分立) sees and does only what
their role allows; a superuser, nothing more than anyone else here."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from indicators.accounts import access

from ..accounts.resets import password_reset_record
from ..accounts.role_changes import RoleChangeRefused, role_change_propose, staff_sync
from ..models import ChangeState, Profile, RoleChange
from .separation import SeparatedAdminsMixin

admin.site.unregister(User)

# Rights no form here offers: is_superuser only from `createsuperuser` at the console
# (and `check --deploy` warns about it); staff goes with the role (staff_sync).
RIGHTS = {"is_staff", "is_superuser", "groups", "user_permissions"}


@admin.register(User)
class AccountAdmin(SeparatedAdminsMixin, UserAdmin):
    """Accounts: the system administrator creates, deactivates and resets passwords
    of ordinary accounts; a password they set is one-time (indicators/accounts/
    resets.py). Nobody grants rights or deletes an account here. Roles are the
    security administrator's."""

    def role_allows(self, right, user, obj):
        if right == "view":
            return access.may_see_accounts(user)
        if right == "add":
            return access.may_manage_accounts(user)
        if right == "change":
            if obj is None:
                return access.may_manage_accounts(user)
            return access.may_change_account(user, obj)
        return False  # deactivated, never deleted: audit entries name the account

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets
        # Without the rights fields in the form, a posted is_superuser is ignored.
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f not in RIGHTS]})
            for name, options in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        return ["last_login", "date_joined"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change and obj.has_usable_password():
            # The first password of a new account is the administrator's, not the owner's.
            password_reset_record(user=obj, by=request.user)

    def user_change_password(self, request, id, form_url=""):
        with transaction.atomic():
            account = self.get_object(request, unquote(id))
            before = account.password if account is not None else None
            response = super().user_change_password(request, id, form_url)
            if account is not None and request.method == "POST":
                account.refresh_from_db(fields=["password"])
                if account.password != before and account.has_usable_password():
                    password_reset_record(user=account, by=request.user)
        return response


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Profile
        fields = ["user", "role", "region"]

    def clean(self):
        cleaned = super().clean()
        user, role = cleaned.get("user"), cleaned.get("role")
        if user is not None and role and not access.may_hold_role(user, role):
            raise ValidationError(_("超级用户不能担任系统、安全或审计管理员。"))
        if role in access.SEPARATED_ADMIN_ROLES and cleaned.get("region") is not None:
            self.add_error("region", _("系统、安全和审计管理员不属于任何区划。"))
        before = self.initial.get("role") if self.instance.pk else None
        if user is not None and access.role_change_needs_confirmation(before, role):
            pending = RoleChange.objects.filter(account=user, state=ChangeState.PENDING)
            if pending.exists():
                raise ValidationError(_("该账户已有一项待确认的角色变更，请先确认或拒绝它。"))
        return cleaned


@admin.register(Profile)
class ProfileAdmin(SeparatedAdminsMixin, admin.ModelAdmin):
    """Roles and regions: the security administrator's, never their own role.

    Giving, changing or taking 管理员 or a separated role is not saved here: it becomes
    a proposal (角色变更申请) that another separated administrator must confirm."""

    form = ProfileForm
    list_display = ["user", "role", "region"]
    list_filter = ["role"]
    list_select_related = ["user", "region"]
    raw_id_fields = ["region"]

    def role_allows(self, right, user, obj):
        if right == "view":
            return access.may_see_accounts(user)
        if not access.may_grant_roles(user):
            return False
        if obj is None:
            return True
        if right == "delete" and obj.role in access.PRIVILEGED_ROLES:
            return False  # taking such a role is a proposal too: change it instead
        return access.may_change_profile(user, obj)

    def save_model(self, request, obj, form, change):
        before = form.initial.get("role") if change else None
        if access.role_change_needs_confirmation(before, obj.role):
            try:
                obj._proposal = role_change_propose(
                    account=obj.user, role=obj.role, region=obj.region, by=request.user
                )
            except RoleChangeRefused as refused:
                obj._proposal = refused
            return
        super().save_model(request, obj, form, change)
        staff_sync(obj.user, obj.role, before)

    def log_addition(self, request, obj, message):
        if not hasattr(obj, "_proposal"):  # a proposal is audited by its service
            super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        if not hasattr(obj, "_proposal"):
            super().log_change(request, obj, message)

    def response_add(self, request, obj, post_url_continue=None):
        if hasattr(obj, "_proposal"):
            return self._proposed(request, obj._proposal)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if hasattr(obj, "_proposal"):
            return self._proposed(request, obj._proposal)
        return super().response_change(request, obj)

    def _proposed(self, request, proposal):
        if isinstance(proposal, RoleChangeRefused):
            self.message_user(request, proposal.message, messages.ERROR)
        else:
            self.message_user(
                request,
                _("已提交角色变更申请（%(change)s），须由另一名系统、安全或审计管理员确认后生效。")
                % {"change": proposal},
                messages.WARNING,
            )
        return redirect("admin:indicators_rolechange_changelist")

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        staff_sync(obj.user, None, obj.role)

    def delete_queryset(self, request, queryset):
        gone = [(profile.user, profile.role) for profile in queryset.select_related("user")]
        super().delete_queryset(request, queryset)
        for user, role in gone:
            staff_sync(user, None, role)
