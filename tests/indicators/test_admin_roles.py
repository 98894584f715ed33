"""Separated administrators (三员分立): what each may and may not do, in the admin and
through the services. GB/T 22239-2019 8.1.4.2 d) and 8.1.10."""

import pytest
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone

from indicators.accounts import access
from indicators.accounts.role_changes import (
    RoleChangeRefused,
    role_change_confirm,
    role_change_propose,
)
from indicators.audit.models import Action, AuditEvent
from indicators.figures.targets import targets_import
from indicators.models import ChangeState, DataValue, Profile, Role, RoleChange, Target
from indicators.workflow.transitions import TransitionRefused, report_approve, report_submit
from tests import factories

PASSWORD = "Zx9!long-Passphrase-2024"


@pytest.fixture(autouse=True)
def no_second_factor(settings):
    # The TOTP step for these roles is another control, tested with it.
    settings.OTP_REQUIRED_ROLES = []


def separated(role: str, username: str) -> User:
    """An account with a separated role, as the security administrator leaves it (staff)."""
    user = factories.user_with_role(role, None, username)
    user.is_staff = True
    user.save()
    return user


@pytest.fixture
def sysadmin(db):
    return separated(Role.SYSADMIN, "sys")


@pytest.fixture
def secadmin(db):
    return separated(Role.SECADMIN, "sec")


@pytest.fixture
def auditor(db):
    return separated(Role.AUDITOR, "audit")


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("root", password=PASSWORD)


def signed_in(client, user):
    client.force_login(user)
    return client


def status(client, url: str, data: dict | None = None) -> int:
    return (client.post(url, data) if data is not None else client.get(url)).status_code


def confirm_pending(client, confirmer: User, back: User) -> None:
    """``confirmer`` confirms every pending role change with the list's action; the
    client is then signed in as ``back`` again."""
    signed_in(client, confirmer)
    pending = RoleChange.objects.filter(state=ChangeState.PENDING)
    data = {"action": "confirm", "_selected_action": [c.pk for c in pending]}
    assert status(client, "/admin/indicators/rolechange/", data) == 302
    signed_in(client, back)


def user_form(user: User, **changes) -> dict:
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on" if user.is_active else "",
        "date_joined_0": "2024-01-01",
        "date_joined_1": "00:00:00",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value != ""}


# --- the system administrator: accounts, no rights, no figures


def test_a_sysadmin_creates_an_account(client, sysadmin):
    signed_in(client, sysadmin)
    data = {
        "username": "newclerk",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "usable_password": "true",
    }
    assert status(client, "/admin/auth/user/add/", data) == 302
    assert User.objects.get(username="newclerk").check_password(PASSWORD)


def test_a_sysadmin_deactivates_an_account_but_cannot_grant_rights(client, sysadmin, clerk):
    signed_in(client, sysadmin)
    data = user_form(clerk, is_active="", is_superuser="on", is_staff="on")
    assert status(client, f"/admin/auth/user/{clerk.pk}/change/", data) == 302
    clerk.refresh_from_db()
    assert (clerk.is_active, clerk.is_superuser, clerk.is_staff) == (False, False, False)


def test_a_sysadmin_resets_a_password(client, sysadmin, clerk):
    signed_in(client, sysadmin)
    data = {"password1": PASSWORD, "password2": PASSWORD, "usable_password": "true"}
    assert status(client, f"/admin/auth/user/{clerk.pk}/password/", data) == 302
    clerk.refresh_from_db()
    assert clerk.check_password(PASSWORD)


def test_a_sysadmin_cannot_take_over_a_superuser_or_another_administrator(
    client, sysadmin, superuser, secadmin
):
    signed_in(client, sysadmin)
    for target in (superuser, secadmin):
        data = {"password1": "Other!Passphrase-99", "password2": "Other!Passphrase-99"}
        assert status(client, f"/admin/auth/user/{target.pk}/password/", data) == 403
        assert status(client, f"/admin/auth/user/{target.pk}/change/", user_form(target)) == 403
    superuser.refresh_from_db()
    assert superuser.check_password(PASSWORD)


def test_a_sysadmin_deletes_no_account(client, sysadmin, clerk):
    signed_in(client, sysadmin)
    assert status(client, f"/admin/auth/user/{clerk.pk}/delete/", {"post": "yes"}) == 403
    assert User.objects.filter(pk=clerk.pk).exists()


def test_a_sysadmin_cannot_grant_roles(client, sysadmin, towns):
    user = User.objects.create_user("nobody")
    signed_in(client, sysadmin)
    data = {"user": user.pk, "role": Role.ADMIN}
    assert status(client, "/admin/indicators/profile/add/", data) == 403
    profile = access.profile_of(sysadmin)
    change = {"user": sysadmin.pk, "role": Role.ADMIN}
    assert status(client, f"/admin/indicators/profile/{profile.pk}/change/", change) == 403
    assert not Profile.objects.filter(user=user).exists()
    assert Profile.objects.get(user=sysadmin).role == Role.SYSADMIN


def test_a_sysadmin_reads_no_audit_trail(client, sysadmin):
    signed_in(client, sysadmin)
    assert status(client, "/admin/audit/auditevent/") == 403
    assert status(client, "/admin/admin/logentry/") == 403
    assert status(client, "/audit/") == 403


# --- the security administrator: roles, regions, lockouts; no accounts, no figures


def test_a_secadmin_cannot_add_an_account(client, secadmin):
    signed_in(client, secadmin)
    data = {"username": "x", "password1": PASSWORD, "password2": PASSWORD}
    assert status(client, "/admin/auth/user/add/", data) == 403
    assert not User.objects.filter(username="x").exists()


def test_a_secadmin_cannot_change_an_account(client, secadmin, clerk):
    signed_in(client, secadmin)
    assert status(client, f"/admin/auth/user/{clerk.pk}/change/", user_form(clerk)) == 403
    data = {"password1": PASSWORD, "password2": PASSWORD}
    assert status(client, f"/admin/auth/user/{clerk.pk}/password/", data) == 403


def test_a_secadmin_assigns_a_role_and_region(client, secadmin, clerk, towns):
    signed_in(client, secadmin)
    profile = access.profile_of(clerk)
    data = {"user": clerk.pk, "role": Role.REVIEWER, "region": towns[1].pk}
    assert status(client, f"/admin/indicators/profile/{profile.pk}/change/", data) == 302
    profile.refresh_from_db()
    assert (profile.role, profile.region) == (Role.REVIEWER, towns[1])


def test_a_separated_role_confirmed_opens_the_admin_and_taking_it_closes_it(
    client, secadmin, sysadmin, towns
):
    user = User.objects.create_user("wang")
    signed_in(client, secadmin)
    data = {"user": user.pk, "role": "auditor"}
    assert status(client, "/admin/indicators/profile/add/", data) == 302
    confirm_pending(client, sysadmin, secadmin)
    user.refresh_from_db()
    assert user.is_staff
    profile = Profile.objects.get(user=user)
    data = {"user": user.pk, "role": Role.CLERK, "region": towns[0].pk}
    assert status(client, f"/admin/indicators/profile/{profile.pk}/change/", data) == 302
    confirm_pending(client, sysadmin, secadmin)
    user.refresh_from_db()
    assert not user.is_staff


def test_a_secadmin_cannot_change_their_own_role(client, secadmin):
    signed_in(client, secadmin)
    profile = access.profile_of(secadmin)
    data = {"user": secadmin.pk, "role": Role.ADMIN}
    assert status(client, f"/admin/indicators/profile/{profile.pk}/change/", data) == 403
    assert status(client, f"/admin/indicators/profile/{profile.pk}/delete/", {"post": "yes"}) == 403
    assert Profile.objects.get(user=secadmin).role == Role.SECADMIN


def test_a_superuser_cannot_be_given_a_separated_role(client, secadmin, superuser):
    signed_in(client, secadmin)
    response = client.post(
        "/admin/indicators/profile/add/", {"user": superuser.pk, "role": Role.AUDITOR}
    )
    assert response.status_code == 200
    assert "超级用户不能担任" in response.content.decode()
    assert not Profile.objects.filter(user=superuser).exists()


def test_a_superuser_cannot_change_accounts_or_roles_in_the_admin(client, superuser, auditor):
    signed_in(client, superuser)
    data = user_form(auditor, is_active="")
    assert status(client, f"/admin/auth/user/{auditor.pk}/change/", data) == 403
    profile = access.profile_of(auditor)
    change = {"user": auditor.pk, "role": Role.ADMIN}
    assert status(client, f"/admin/indicators/profile/{profile.pk}/change/", change) == 403
    assert status(client, "/admin/auth/user/add/", {"username": "x"}) == 403
    auditor.refresh_from_db()
    assert auditor.is_active and profile.role == Role.AUDITOR


def test_a_secadmin_reads_no_audit_trail(client, secadmin):
    signed_in(client, secadmin)
    assert status(client, "/admin/audit/auditevent/") == 403
    assert status(client, "/audit/") == 403


def test_a_secadmin_unlocks_a_locked_out_account(client, secadmin, sysadmin):
    from axes.models import AccessAttempt

    attempt = AccessAttempt.objects.create(
        username="clerk", ip_address="10.0.0.9", failures_since_start=5, user_agent="x"
    )
    signed_in(client, sysadmin)
    assert status(client, f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"}) == 403
    signed_in(client, secadmin)
    assert status(client, f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"}) == 302
    assert not AccessAttempt.objects.exists()


# --- the audit administrator: reads, changes nothing


def test_an_auditor_reads_the_audit_trail_and_the_admin_log(client, auditor):
    AuditEvent.objects.create(action=Action.LOGIN, username="clerk")
    signed_in(client, auditor)
    assert status(client, "/admin/audit/auditevent/") == 200
    assert status(client, "/admin/admin/logentry/") == 200
    assert status(client, "/admin/auth/user/") == 200
    assert status(client, "/audit/") == 200


def test_an_auditor_changes_nothing(client, auditor, clerk, towns):
    event = AuditEvent.objects.create(action=Action.LOGIN, username="clerk")
    profile = access.profile_of(clerk)
    signed_in(client, auditor)
    attempts = {
        "/admin/auth/user/add/": {"username": "x", "password1": PASSWORD, "password2": PASSWORD},
        f"/admin/auth/user/{clerk.pk}/change/": user_form(clerk, is_active=""),
        f"/admin/auth/user/{clerk.pk}/password/": {"password1": PASSWORD, "password2": PASSWORD},
        f"/admin/auth/user/{clerk.pk}/delete/": {"post": "yes"},
        "/admin/indicators/profile/add/": {"user": clerk.pk, "role": Role.ADMIN},
        f"/admin/indicators/profile/{profile.pk}/change/": {"user": clerk.pk, "role": "admin"},
        f"/admin/indicators/profile/{profile.pk}/delete/": {"post": "yes"},
        f"/admin/audit/auditevent/{event.pk}/change/": {"username": "x"},
        f"/admin/audit/auditevent/{event.pk}/delete/": {"post": "yes"},
    }
    refused = {url: status(client, url, data) for url, data in attempts.items()}
    assert refused == dict.fromkeys(attempts, 403)
    clerk.refresh_from_db()
    assert clerk.is_active and not clerk.check_password(PASSWORD)
    assert Profile.objects.get(user=clerk).role == Role.CLERK


def test_the_audit_trail_is_read_only_for_the_auditor_and_closed_to_a_superuser(
    client, auditor, superuser
):
    event = AuditEvent.objects.create(action=Action.LOGIN, username="clerk")
    signed_in(client, auditor)
    assert status(client, f"/admin/audit/auditevent/{event.pk}/change/") == 200  # read-only
    assert status(client, f"/admin/audit/auditevent/{event.pk}/delete/", {"post": "yes"}) == 403
    assert status(client, "/admin/audit/auditevent/add/") == 403
    signed_in(client, superuser)
    assert status(client, f"/admin/audit/auditevent/{event.pk}/change/") == 403
    assert status(client, "/admin/admin/logentry/") == 403
    assert status(client, "/audit/") == 403


# --- none of them writes figures, targets or workflow steps, or reads non-public figures


@pytest.mark.parametrize("role", [Role.SYSADMIN, Role.SECADMIN, Role.AUDITOR])
def test_a_separated_administrator_writes_no_figures(role, towns, catalogue):
    user = separated(role, role)
    codes = factories.refusal_codes(towns[0], 2024, {"street_lights": 3}, user=user)
    assert codes == ["forbidden"]
    assert not DataValue.objects.exists()


@pytest.mark.parametrize("role", [Role.SYSADMIN, Role.SECADMIN, Role.AUDITOR])
def test_a_separated_administrator_sets_no_targets(role, towns, catalogue):
    user = separated(role, role)
    rows = factories.figure_rows(towns[0], timezone.localdate().year, {"street_lights": 3})
    summary = targets_import(rows=rows, user=user)
    assert [conflict.code for conflict in summary.conflicts] == ["forbidden"]
    assert not Target.objects.exists()


@pytest.mark.parametrize("role", [Role.SYSADMIN, Role.SECADMIN, Role.AUDITOR])
def test_a_separated_administrator_moves_no_report(role, reviewer, towns, catalogue):
    factories.save_figures(towns[0], 2024, {"street_lights": 3}, user=reviewer)
    report = towns[0].reports.get(year=2024)
    user = separated(role, role)
    with pytest.raises(TransitionRefused) as refused:
        report_submit(report=report, user=user)
    assert refused.value.code == "forbidden"
    report_submit(report=report, user=reviewer)
    with pytest.raises(TransitionRefused) as refused:
        report_approve(report=report, user=user)
    assert refused.value.code == "forbidden"


@pytest.mark.parametrize("role", [Role.SYSADMIN, Role.SECADMIN, Role.AUDITOR])
def test_a_separated_administrator_reads_only_public_approved_figures(
    role, towns, catalogue, clerk
):
    factories.save_figures(towns[0], 2024, {"street_lights": 3}, user=clerk)  # a draft
    user = separated(role, role)
    assert not access.visible_values(user).exists()
    assert access.visible_values(clerk).exists()


# --- one role per account


def test_an_account_holds_one_role(clerk):
    with pytest.raises(IntegrityError), transaction.atomic():
        Profile.objects.create(user=clerk, role=Role.AUDITOR)


def test_separated_roles_hold_no_region_and_business_roles_need_one(towns):
    user = User.objects.create_user("li")
    Profile.objects.create(user=user, role=Role.SYSADMIN)  # no region: allowed
    other = User.objects.create_user("zhou")
    with pytest.raises(IntegrityError), transaction.atomic():
        Profile.objects.create(user=other, role=Role.CLERK)


def test_the_predicates_follow_the_roles(sysadmin, secadmin, auditor, superuser, clerk):
    table = {
        user.username: (
            access.may_manage_accounts(user),
            access.may_grant_roles(user),
            access.may_read_audit(user),
        )
        for user in (sysadmin, secadmin, auditor, superuser, clerk)
    }
    assert table == {
        "sys": (True, False, False),
        "sec": (False, True, False),
        "audit": (False, False, True),
        "root": (False, False, False),
        "clerk": (False, False, False),
    }
    assert not access.may_hold_role(superuser, Role.AUDITOR)
    assert access.may_hold_role(superuser, Role.ADMIN)


@pytest.mark.parametrize(
    ("role", "listed", "hidden"),
    [
        (Role.SYSADMIN, ["/admin/auth/user/"], ["/admin/audit/auditevent/", "/admin/axes/"]),
        (Role.SECADMIN, ["/admin/indicators/profile/", "/admin/axes/"], ["/admin/audit/"]),
        (Role.AUDITOR, ["/admin/audit/auditevent/", "/admin/admin/logentry/"], ["/add/"]),
    ],
)
def test_the_admin_index_lists_what_the_role_may_see(client, db, role, listed, hidden):
    signed_in(client, separated(role, role))
    html = client.get("/admin/").content.decode()
    assert all(url in html for url in listed), html
    assert not any(url in html for url in hidden)
    assert "/admin/indicators/datavalue/" not in html


# --- a superuser stands above nothing


def test_a_superuser_writes_no_figures_and_moves_no_report(superuser, reviewer, towns, catalogue):
    codes = factories.refusal_codes(towns[0], 2024, {"street_lights": 3}, user=superuser)
    assert codes == ["forbidden"]
    factories.save_figures(towns[0], 2024, {"street_lights": 3}, user=reviewer)
    report = report_submit(report=towns[0].reports.get(year=2024), user=reviewer)
    with pytest.raises(TransitionRefused) as refused:
        report_approve(report=report, user=superuser)
    assert refused.value.code == "forbidden"


def test_a_superuser_reads_only_public_approved_figures(superuser, clerk, towns, catalogue):
    factories.save_figures(towns[0], 2024, {"street_lights": 3}, user=clerk)  # a draft
    assert not access.visible_values(superuser).exists()


# --- role changes that need a second separated administrator


def profile_url(user: User) -> str:
    return f"/admin/indicators/profile/{access.profile_of(user).pk}/change/"


def test_the_secadmin_alone_cannot_demote_the_auditor(client, secadmin, auditor, towns):
    signed_in(client, secadmin)
    data = {"user": auditor.pk, "role": Role.CLERK, "region": towns[0].pk}
    response = client.post(profile_url(auditor), data, follow=True)
    assert "须由另一名系统、安全或审计管理员确认后生效" in response.content.decode()
    assert Profile.objects.get(user=auditor).role == Role.AUDITOR
    change = RoleChange.objects.get()
    assert (change.account, change.role_before, change.role) == (auditor, "auditor", "clerk")
    assert (change.proposed_by, change.state) == (secadmin, ChangeState.PENDING)
    assert AuditEvent.objects.filter(action=Action.ROLE_PROPOSED, user=secadmin).exists()


def test_the_secadmin_alone_cannot_make_a_clerk_a_business_admin(client, secadmin, clerk):
    signed_in(client, secadmin)
    assert status(client, profile_url(clerk), {"user": clerk.pk, "role": Role.ADMIN}) == 302
    assert Profile.objects.get(user=clerk).role == Role.CLERK
    assert RoleChange.objects.get().role == Role.ADMIN


def test_with_the_sysadmins_confirmation_the_auditor_is_demoted(
    client, secadmin, sysadmin, auditor, towns
):
    signed_in(client, secadmin)
    data = {"user": auditor.pk, "role": Role.CLERK, "region": towns[0].pk}
    client.post(profile_url(auditor), data)
    confirm_pending(client, sysadmin, secadmin)
    profile = Profile.objects.get(user=auditor)
    assert (profile.role, profile.region) == (Role.CLERK, towns[0])
    change = RoleChange.objects.get()
    assert (change.state, change.decided_by) == (ChangeState.CONFIRMED, sysadmin)
    assert AuditEvent.objects.filter(action=Action.ROLE_CONFIRMED, user=sysadmin).exists()
    auditor.refresh_from_db()
    assert not auditor.is_staff


def test_with_the_auditors_confirmation_a_clerk_becomes_a_business_admin(
    client, secadmin, auditor, clerk
):
    signed_in(client, secadmin)
    client.post(profile_url(clerk), {"user": clerk.pk, "role": Role.ADMIN, "region": ""})
    confirm_pending(client, auditor, secadmin)
    assert access.is_admin(User.objects.get(pk=clerk.pk))


def test_the_proposer_cannot_confirm_their_own_proposal(client, secadmin, auditor, towns):
    signed_in(client, secadmin)
    client.post(profile_url(auditor), {"user": auditor.pk, "role": Role.SYSADMIN})
    change = RoleChange.objects.get()
    data = {"action": "confirm", "_selected_action": [change.pk]}
    response = client.post("/admin/indicators/rolechange/", data, follow=True)
    assert "本人不能确认" in response.content.decode()
    change.refresh_from_db()
    assert change.state == ChangeState.PENDING
    assert Profile.objects.get(user=auditor).role == Role.AUDITOR


def test_the_account_concerned_cannot_confirm_its_own_change(client, secadmin, auditor, towns):
    signed_in(client, secadmin)
    client.post(profile_url(auditor), {"user": auditor.pk, "role": Role.SYSADMIN})
    change = RoleChange.objects.get()
    with pytest.raises(RoleChangeRefused):
        role_change_confirm(change=change, by=auditor)
    assert Profile.objects.get(user=auditor).role == Role.AUDITOR


def test_the_database_refuses_a_proposal_decided_by_its_proposer(secadmin, auditor):
    change = RoleChange.objects.create(
        account=auditor, role_before="auditor", role=Role.CLERK, proposed_by=secadmin
    )
    change.state, change.decided_by = ChangeState.CONFIRMED, secadmin
    change.decided_at = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        change.save()


def test_a_rejected_change_changes_nothing(client, secadmin, sysadmin, clerk):
    signed_in(client, secadmin)
    client.post(profile_url(clerk), {"user": clerk.pk, "role": Role.ADMIN})
    signed_in(client, sysadmin)
    change = RoleChange.objects.get()
    data = {"action": "reject", "_selected_action": [change.pk]}
    assert status(client, "/admin/indicators/rolechange/", data) == 302
    change.refresh_from_db()
    assert (change.state, change.decided_by) == (ChangeState.REJECTED, sysadmin)
    assert Profile.objects.get(user=clerk).role == Role.CLERK
    assert AuditEvent.objects.filter(action=Action.ROLE_REJECTED).exists()


def test_a_change_proposed_before_another_change_is_refused_as_stale(
    secadmin, sysadmin, auditor, clerk, towns
):
    change = role_change_propose(account=clerk, role=Role.ADMIN, region=None, by=secadmin)
    Profile.objects.filter(user=clerk).update(region=towns[1])  # moved in the meantime
    with pytest.raises(RoleChangeRefused) as refused:
        role_change_confirm(change=change, by=sysadmin)
    assert refused.value.code == "stale"
    assert Profile.objects.get(user=clerk).role == Role.CLERK


def test_ordinary_role_changes_still_take_effect_at_once(client, secadmin, clerk, towns):
    signed_in(client, secadmin)
    data = {"user": clerk.pk, "role": Role.REVIEWER, "region": towns[0].pk}
    assert status(client, profile_url(clerk), data) == 302
    assert Profile.objects.get(user=clerk).role == Role.REVIEWER
    assert not RoleChange.objects.exists()


def test_a_privileged_role_cannot_be_deleted_by_the_secadmin_alone(client, secadmin, auditor):
    signed_in(client, secadmin)
    url = f"/admin/indicators/profile/{access.profile_of(auditor).pk}/delete/"
    assert status(client, url, {"post": "yes"}) == 403
    assert Profile.objects.filter(user=auditor).exists()


def test_every_separated_administrator_reads_the_proposals_and_a_clerk_does_not(
    client, sysadmin, auditor, clerk
):
    for user, expected in ((sysadmin, 200), (auditor, 200), (clerk, 302)):
        signed_in(client, user)
        assert status(client, "/admin/indicators/rolechange/") == expected
