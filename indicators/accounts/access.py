"""Who may see and do what. Rights follow the user's region subtree.

Every page and API endpoint asks these functions rather than checking roles
itself, so the rules live in one place.
"""

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q, QuerySet

from indicators.models import (
    DataValue,
    Indicator,
    Profile,
    Region,
    Report,
    Role,
    Status,
    Target,
)

AnyUser = User | AnonymousUser


def profile_of(user: AnyUser) -> Profile | None:
    if not user.is_authenticated:
        return None
    try:
        return user.profile
    except Profile.DoesNotExist:
        return None


def own_region(user: AnyUser | None) -> Region | None:
    """The region a user's profile names: a regional 管理员 maintains the catalogue and
    the divisions of that subtree only. None for the whole installation (and for no
    user: an import's preview checks no rights)."""
    profile = profile_of(user) if user is not None else None
    return profile.region if profile is not None else None


def is_admin(user: AnyUser) -> bool:
    """管理员, by the role alone: being a superuser grants nothing here (docs/security.md)."""
    profile = profile_of(user)
    return profile is not None and profile.role == Role.ADMIN


def role_of(user: AnyUser) -> str | None:
    if is_admin(user):
        return Role.ADMIN
    profile = profile_of(user)
    return profile.role if profile else None


def covers(user: AnyUser, region: Region) -> bool:
    """Whether the region lies in the user's subtree (an admin covers everything)."""
    if is_admin(user):
        return True
    profile = profile_of(user)
    if profile is None or profile.region is None:
        return False
    return profile.region.contains(region)


def can_see_unapproved(user: AnyUser, region: Region) -> bool:
    return covers(user, region)


def may_edit(user: AnyUser, region: Region) -> bool:
    """The right to change a town's figures, whatever its report's status."""
    if is_admin(user):
        return True
    return role_of(user) in (Role.CLERK, Role.REVIEWER) and covers(user, region)


def can_edit(user: AnyUser, report: Report) -> bool:
    """Town staff edit their own town's figures while the report is a draft or returned."""
    return report.is_editable and may_edit(user, report.region)


def may_submit(user: AnyUser, report: Report) -> bool:
    """The right to submit a town's figures, whatever the report's status."""
    return is_admin(user) or (role_of(user) == Role.REVIEWER and covers(user, report.region))


def can_submit(user: AnyUser, report: Report) -> bool:
    return report.is_editable and may_submit(user, report)


def can_review(user: AnyUser, report: Report) -> bool:
    """County officials approve, return and reopen the towns of their county."""
    return is_admin(user) or (role_of(user) == Role.COUNTY and covers(user, report.region))


def can_approve(user: AnyUser, report: Report) -> bool:
    return report.status == Status.SUBMITTED and can_review(user, report)


def can_return(user: AnyUser, report: Report) -> bool:
    return report.status == Status.SUBMITTED and can_review(user, report)


def can_reopen(user: AnyUser, report: Report) -> bool:
    return report.is_locked and can_review(user, report)


# What anonymous visitors see instead of an approved report's status.
PUBLISHED = "published"


def shown_status(user: AnyUser | None, status: str | None) -> str | None:
    """A report's status as this user may see it.

    The workflow (草稿, 已提交, 退回, 已审核) is internal to the government: signed-in
    users see it; anonymous visitors learn only that a town-year's figures are
    published (approved), and nothing otherwise.
    """
    if user is not None and user.is_authenticated:
        return status
    return PUBLISHED if status in (Status.APPROVED, PUBLISHED) else None


def can_read_report(user: AnyUser, report: Report) -> bool:
    """Everyone whose subtree holds the town reads its figures in any status."""
    return covers(user, report.region)


def can_write_targets(user: AnyUser, region: Region) -> bool:
    return is_admin(user) or (role_of(user) == Role.COUNTY and covers(user, region))


def may_change_regions(user: AnyUser) -> bool:
    """Rename, merge, split, move, create and retire regions, and load a new edition
    of the division code list: the 管理员 alone (indicators/divisions)."""
    return is_admin(user)


def may_edit_catalogue(user: AnyUser) -> bool:
    """Add, change, reorder and retire sections, indicators and rules, import the
    catalogue: the 管理员 alone. One whose profile names a region changes only the
    indicators scoped inside it (indicators/catalogue/editing.py)."""
    return is_admin(user)


PUBLIC = Q(indicator__is_public=True, indicator__section__is_public=True)


def _own_subtree(user: AnyUser, region_field: str) -> Q | None:
    """The user's own region subtree as a range on ``region_field``; None without one."""
    profile = profile_of(user)
    if profile is None or profile.region is None:
        return None
    low, high = profile.region.bounds
    return Q(**{f"{region_field}__gte": low, f"{region_field}__lte": high})


def _readable(user: AnyUser, queryset: QuerySet, shared: Q, region_field: str) -> QuerySet:
    """Everything inside the user's subtree, and what is ``shared`` everywhere else."""
    if is_admin(user):
        return queryset
    own = _own_subtree(user, region_field)
    return queryset.filter(shared if own is None else own | shared)


def visible_values(user: AnyUser, queryset: QuerySet[DataValue] | None = None) -> QuerySet:
    """Values the user may read.

    Anonymous visitors read approved figures of public sections and indicators.
    A signed-in user also reads unapproved figures inside their own subtree, and
    approved figures everywhere; the non-public sections only inside their subtree.
    """
    queryset = DataValue.objects.all() if queryset is None else queryset
    shared = PUBLIC & Q(report__status=Status.APPROVED)
    return _readable(user, queryset, shared, "report__region_id")


def visible_targets(user: AnyUser, queryset: QuerySet[Target] | None = None) -> QuerySet:
    """Targets the user may read: as figures, non-public ones only inside the own subtree."""
    queryset = Target.objects.all() if queryset is None else queryset
    return _readable(user, queryset, PUBLIC, "region_id")


def visible_indicators(
    user: AnyUser, region: Region | None = None, *, year: int | None = None
) -> QuerySet[Indicator]:
    """Indicators whose figures the user may read: anywhere, or somewhere in ``region``.

    Non-public figures are readable only inside the user's own subtree, so a page
    about another county must not list those indicators as rows of gaps.

    Scope: an indicator with a ``scope`` counts only inside that region's subtree.
    With ``region`` it is listed when ``region`` lies inside the scope (the scope
    itself or a region below it: a county's own indicator on that county's pages
    and its towns'), never on a page about a region above the scope or beside it
    (the province's or another county's pages). Without ``region`` (the catalogue,
    the API's lists) every scope is listed: its figures are readable somewhere.
    No join and no extra query: the region's ancestors are prefixes of its code.

    Retirement: with ``year``, an indicator retired by then (``retired_from`` ≤
    ``year``) is left out, so that a page about that year lists no row of gaps for
    it; without ``year`` (a trend, the API, an earlier year's figures) it stays.
    """
    queryset = Indicator.objects.in_report_order()
    if year is not None:
        queryset = queryset.in_use_in(year)
    if region is not None:
        queryset = queryset.in_scope_of(region)
    if is_admin(user):
        return queryset
    profile = profile_of(user)
    if profile is not None and profile.region is not None:
        own = profile.region
        if region is None or own.contains(region) or region.contains(own):
            return queryset
    return queryset.filter(is_public=True, section__is_public=True)


# Separated administrators (三员分立, GB/T 22239-2019 8.1.4.2 d and 8.1.10): the
# system administrator manages accounts, the security administrator rights, the
# audit administrator reads the audit trail. None of them writes figures, targets or
# workflow steps: the predicates above never name their roles. Every right here
# follows a role alone: a superuser passes none of these checks, so there is no
# account above the separation (the first administrators are made by
# `manage.py create_admins`; `check --deploy` warns while a superuser is active).
SEPARATED_ADMIN_ROLES = (Role.SYSADMIN, Role.SECADMIN, Role.AUDITOR)
# Roles whose grant or change a second separated administrator must confirm.
PRIVILEGED_ROLES = (Role.ADMIN, *SEPARATED_ADMIN_ROLES)


def _has_role(user: AnyUser, role: str) -> bool:
    profile = profile_of(user)
    return profile is not None and profile.role == role


def is_separated_admin(user: AnyUser) -> bool:
    profile = profile_of(user)
    return profile is not None and profile.role in SEPARATED_ADMIN_ROLES


def may_hold_role(account: User, role: str) -> bool:
    """A superuser may not also be a separated administrator: the roles would merge."""
    return not (role in SEPARATED_ADMIN_ROLES and account.is_superuser)


def may_manage_accounts(user: AnyUser) -> bool:
    """Create, deactivate and reset the password of accounts (the system administrator)."""
    return _has_role(user, Role.SYSADMIN)


def may_change_account(user: AnyUser, account: User) -> bool:
    """A system administrator changes ordinary accounts, never a superuser or another
    separated administrator (resetting their password would be taking their role)."""
    if not may_manage_accounts(user):
        return False
    return not account.is_superuser and not is_separated_admin(account)


def may_grant_roles(user: AnyUser) -> bool:
    """Assign roles and regions, unlock locked-out accounts, reset a lost second
    factor (the security administrator)."""
    return _has_role(user, Role.SECADMIN)


def may_change_profile(user: AnyUser, profile: Profile) -> bool:
    """A security administrator never changes their own role."""
    return may_grant_roles(user) and profile.user_id != user.pk


def role_change_needs_confirmation(before: str | None, after: str | None) -> bool:
    """Giving, changing or taking 管理员 or a separated role needs a second separated
    administrator's confirmation (indicators/accounts/role_changes.py)."""
    return before != after and (before in PRIVILEGED_ROLES or after in PRIVILEGED_ROLES)


def may_decide_role_change(user: AnyUser, *, proposed_by_id: int, account_id: int) -> bool:
    """Any separated administrator but the one who proposed the change, and never the
    account the change is about."""
    return is_separated_admin(user) and user.pk not in (proposed_by_id, account_id)


def may_see_accounts(user: AnyUser) -> bool:
    """The list of accounts and roles: every separated administrator reads it."""
    return is_separated_admin(user)


def may_read_audit(user: AnyUser) -> bool:
    """The audit trail and the admin log: the audit administrator alone."""
    return _has_role(user, Role.AUDITOR)
