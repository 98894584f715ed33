"""Role changes that need two separated administrators (三员分立, GB/T 22239-2019 8.1.4.2 d).

Giving, changing or taking 管理员 or a separated role is proposed by the security
administrator and takes effect only when another separated administrator, neither the
proposer nor the account concerned, confirms it. Each step is audited. Other role
changes (a clerk becoming a reviewer) take effect at once, as before.
"""

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from indicators.accounts import access

from ..audit.events import audit_record
from ..audit.models import Action
from ..models import ChangeState, Profile, Region, RoleChange


@dataclass
class RoleChangeRefused(Exception):
    code: str
    message: str

    def __str__(self) -> str:
        return self.message


def staff_sync(user: User, role: str | None, before: str | None) -> None:
    """管理员 and the separated administrators work in the admin, which needs is_staff;
    it goes with the role."""
    staffed = access.PRIVILEGED_ROLES
    if role in staffed:
        staff = True
    elif before in staffed and not user.is_superuser:
        staff = False
    else:
        return
    if user.is_staff != staff:
        user.is_staff = staff
        user.save(update_fields=["is_staff"])


def _details(change: RoleChange) -> dict:
    return {
        "account": change.account.username,
        "before": {"role": change.role_before or None, "region": change.region_before_id},
        "after": {"role": change.role, "region": change.region_id},
        "proposed_by": change.proposed_by.username,
    }


@transaction.atomic
def role_change_propose(*, account: User, role: str, region: Region | None, by: User) -> RoleChange:
    """Record the security administrator's proposal; nothing changes yet."""
    if not access.may_grant_roles(by) or account.pk == by.pk:
        raise RoleChangeRefused("forbidden", _("只有安全管理员可以申请变更他人的角色。"))
    if not access.may_hold_role(account, role):
        raise RoleChangeRefused("superuser", _("超级用户不能担任系统、安全或审计管理员。"))
    profile = Profile.objects.filter(user=account).first()
    before_role = profile.role if profile else ""
    if not access.role_change_needs_confirmation(before_role or None, role):
        raise RoleChangeRefused("not_needed", _("这项角色变更不需要另一名管理员确认。"))
    try:
        with transaction.atomic():
            change = RoleChange.objects.create(
                account=account,
                role_before=before_role,
                region_before=profile.region if profile else None,
                role=role,
                region=region,
                proposed_by=by,
            )
    except IntegrityError:
        raise RoleChangeRefused(
            "pending", _("该账户已有一项待确认的角色变更，请先确认或拒绝它。")
        ) from None
    audit_record(action=Action.ROLE_PROPOSED, user=by, obj=account, details=_details(change))
    return change


def _decidable(change_id: int, by: User) -> RoleChange:
    change = (
        RoleChange.objects.select_for_update()
        .select_related("account", "proposed_by")
        .filter(pk=change_id)
        .first()
    )
    if change is None or change.state != ChangeState.PENDING:
        raise RoleChangeRefused("decided", _("这项申请已经处理过了。"))
    allowed = access.may_decide_role_change(
        by, proposed_by_id=change.proposed_by_id, account_id=change.account_id
    )
    if not allowed:
        raise RoleChangeRefused(
            "forbidden",
            _(
                "角色变更须由申请人以外的另一名系统、安全或审计管理员确认，本人不能确认涉及自己的变更。"
            ),
        )
    return change


def _decide(change: RoleChange, by: User, state: str) -> None:
    change.state = state
    change.decided_by = by
    change.decided_at = timezone.now()
    change.save(update_fields=["state", "decided_by", "decided_at"])


@transaction.atomic
def role_change_confirm(*, change: RoleChange, by: User) -> Profile:
    """A second separated administrator confirms: the role changes now."""
    change = _decidable(change.pk, by)
    account = User.objects.select_for_update().get(pk=change.account_id)
    profile = Profile.objects.filter(user=account).first()
    now = (profile.role, profile.region_id) if profile else ("", None)
    if now != (change.role_before, change.region_before_id):
        raise RoleChangeRefused(
            "stale", _("申请提出后该账户的角色已经变化，请拒绝这项申请后重新申请。")
        )
    if profile is None:
        profile = Profile(user=account)
    profile.role, profile.region = change.role, change.region
    profile.save()
    staff_sync(account, change.role, change.role_before or None)
    _decide(change, by, ChangeState.CONFIRMED)
    audit_record(action=Action.ROLE_CONFIRMED, user=by, obj=account, details=_details(change))
    return profile


@transaction.atomic
def role_change_reject(*, change: RoleChange, by: User) -> RoleChange:
    change = _decidable(change.pk, by)
    _decide(change, by, ChangeState.REJECTED)
    audit_record(action=Action.ROLE_REJECTED, user=by, obj=change.account, details=_details(change))
    return change
