"""Separated administrators (三员分立): what each may and may not do, in the admin and
through the services. GB/T 22239-2019 8.1.4.2 d) and 8.1.10."""

import pytest
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone

from indicators import access
from indicators.audit.models import Action, AuditEvent
from indicators.models import DataValue, Profile, Role, Target
from indicators.targets import targets_import
from indicators.workflow import TransitionRefused, report_approve, report_submit
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


def test_a_separated_role_given_in_the_admin_opens_the_admin_and_taking_it_closes_it(
    client, secadmin, towns
):
    user = User.objects.create_user("wang")
    signed_in(client, secadmin)
    assert (
        status(client, "/admin/indicators/profile/add/", {"user": user.pk, "role": "auditor"})
        == 302
    )
    user.refresh_from_db()
    assert user.is_staff
    profile = Profile.objects.get(user=user)
    data = {"user": user.pk, "role": Role.CLERK, "region": towns[0].pk}
    assert status(client, f"/admin/indicators/profile/{profile.pk}/change/", data) == 302
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


def test_a_separated_administrator_cannot_be_made_a_superuser(client, superuser, auditor):
    signed_in(client, superuser)
    data = user_form(auditor, is_superuser="on", is_staff="on")
    response = client.post(f"/admin/auth/user/{auditor.pk}/change/", data)
    assert response.status_code == 200
    assert "不能同时是超级用户" in response.content.decode()
    auditor.refresh_from_db()
    assert not auditor.is_superuser


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


def test_the_audit_trail_cannot_be_changed_in_the_admin_even_by_the_superuser(client, superuser):
    event = AuditEvent.objects.create(action=Action.LOGIN, username="clerk")
    signed_in(client, superuser)
    assert status(client, f"/admin/audit/auditevent/{event.pk}/change/") == 200  # read-only
    assert status(client, f"/admin/audit/auditevent/{event.pk}/delete/", {"post": "yes"}) == 403
    assert status(client, "/admin/audit/auditevent/add/") == 403


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
        "root": (True, True, True),
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
