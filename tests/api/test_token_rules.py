"""API tokens: they expire, stand for the second factor, stop with the password, and go
when the rights behind them change, whichever way they change."""

import importlib
import time
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from knox.crypto import hash_token
from knox.models import AuthToken
from rest_framework.test import APIClient

from indicators.accounts.tokens import token_issue, tokens_of
from indicators.models import Role, TokenRecord, TokenSource
from indicators.models.accounts import PasswordHistory
from tests import factories

pytestmark = pytest.mark.django_db

PASSWORD = "Qingshan-2024x"
VALUES = "/api/v1/values/?year=2024"


def call(key: str):
    return APIClient().get(VALUES, HTTP_AUTHORIZATION=f"Token {key}")


def refusal(key: str) -> tuple[int, str, str]:
    response = call(key)
    error = response.json()["error"]
    return response.status_code, error["code"], error["message"]


def token_row(key: str) -> AuthToken:
    return AuthToken.objects.get(digest=hash_token(key))


def verify_second_factor(client, user) -> None:
    """Sign in with the password, then give the authenticator's code."""
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client.force_login(user)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    response = client.post("/accounts/login/verify/", {"otp_token": f"{totp.token():06d}"})
    assert response.status_code == 302


# --- Expiry -------------------------------------------------------------------------


def test_a_token_expires_ninety_days_after_it_is_issued(clerk, figures):
    key = token_issue(user=clerk)
    row = token_row(key)
    assert row.expiry - row.created == pytest.approx(timedelta(days=90), abs=timedelta(seconds=5))
    assert call(key).status_code == 200
    AuthToken.objects.update(expiry=timezone.now() - timedelta(seconds=1))
    status, code, message = refusal(key)
    assert (status, code) == (401, "token_expired")
    assert "令牌已过期" in message


def test_the_lifetime_follows_api_token_days(clerk, settings):
    settings.API_TOKEN_DAYS = 7
    row = token_row(token_issue(user=clerk))
    assert row.expiry - row.created == pytest.approx(timedelta(days=7), abs=timedelta(seconds=5))


def test_tokens_from_before_expire_and_are_marked_legacy(clerk):
    key = token_issue(user=clerk)
    AuthToken.objects.update(expiry=None, created=timezone.now() - timedelta(days=10))
    TokenRecord.objects.all().delete()
    migration = importlib.import_module("indicators.migrations.0010_api_token_records")
    from django.apps import apps

    migration.record_existing_tokens(apps, None)
    row = token_row(key)
    assert row.expiry == row.created + timedelta(days=90)
    assert row.record.source == TokenSource.LEGACY


# --- Second factor ------------------------------------------------------------------


def test_an_official_without_the_code_in_this_session_cannot_issue_a_token(
    client, county_official, settings
):
    settings.OTP_REQUIRED_ROLES = ["county", "admin"]
    TOTPDevice.objects.create(user=county_official, name="phone", confirmed=True)
    client.force_login(county_official)
    client.post("/account/", {"action": "issue"})
    assert not AuthToken.objects.filter(user=county_official).exists()


def test_the_issue_is_refused_with_a_message_after_a_role_change_to_one_needing_a_code(
    client, clerk, settings
):
    settings.OTP_REQUIRED_ROLES = ["county", "admin"]
    client.force_login(clerk)  # signed in as a clerk: no code was needed
    clerk.profile.role = Role.COUNTY
    clerk.profile.save()
    response = client.post("/account/", {"action": "issue"}, follow=True)
    assert "请先完成双因素认证" in response.content.decode()
    assert not AuthToken.objects.filter(user=clerk).exists()


def test_an_official_who_gave_the_code_issues_a_token_that_works(
    client, county_official, settings, figures
):
    settings.OTP_REQUIRED_ROLES = ["county", "admin"]
    verify_second_factor(client, county_official)
    client.post("/account/", {"action": "issue"})
    (row,) = AuthToken.objects.filter(user=county_official)
    assert row.record.source == TokenSource.OTP
    client.logout()
    key = token_issue(user=county_official, source=TokenSource.OTP)
    assert call(key).status_code == 200


def test_a_token_issued_without_the_code_does_not_work_for_a_role_that_needs_it(
    county_official, settings, figures
):
    settings.OTP_REQUIRED_ROLES = ["county", "admin"]
    key = token_issue(user=county_official, source=TokenSource.PASSWORD)
    status, code, message = refusal(key)
    assert (status, code) == (401, "second_factor_required")
    assert "双因素认证" in message


def test_the_command_token_of_the_admin_works_with_the_second_factor_required(
    admin_user, settings, figures
):
    from io import StringIO

    from django.core.management import call_command

    settings.OTP_REQUIRED_ROLES = ["county", "admin"]
    out = StringIO()
    call_command("api_token", admin_user.username, "--rotate", stdout=out)
    assert call(out.getvalue().strip()).status_code == 200


# --- The password -------------------------------------------------------------------


def test_a_token_stops_while_the_password_is_expired(clerk, settings, figures):
    settings.PASSWORD_MAX_AGE_DAYS = 90
    clerk.set_password(PASSWORD)
    clerk.save()
    key = token_issue(user=clerk)
    assert call(key).status_code == 200
    PasswordHistory.objects.update(created_at=timezone.now() - timedelta(days=91))
    status, code, message = refusal(key)
    assert (status, code) == (401, "password_expired")
    assert "密码已过期" in message


def test_changing_the_password_on_the_page_revokes_the_tokens(client, clerk):
    clerk.set_password(PASSWORD)
    clerk.save()
    key = token_issue(user=clerk)
    client.force_login(clerk)
    new = "Meiling#2025q"
    form = {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    assert client.post("/accounts/password_change/", form).status_code == 302
    assert refusal(key)[:2] == (401, "authentication_failed")


def test_a_password_reset_in_the_admin_revokes_the_tokens(client, clerk):
    sysadmin = factories.user_with_role(Role.SYSADMIN, None, "sysadmin")
    User.objects.filter(pk=sysadmin.pk).update(is_staff=True)
    key = token_issue(user=clerk)
    client.force_login(sysadmin)
    new = "Meiling#2025q"
    url = f"/admin/auth/user/{clerk.pk}/password/"
    response = client.post(url, {"password1": new, "password2": new, "usable_password": "true"})
    assert response.status_code == 302
    assert not AuthToken.objects.filter(user=clerk).exists()
    assert refusal(key)[0] == 401


def test_a_hash_upgrade_at_sign_in_keeps_the_tokens(clerk, settings):
    clerk.set_password(PASSWORD)
    clerk.save()
    token_issue(user=clerk)
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
    assert clerk.check_password(PASSWORD)  # re-hashes and saves
    assert AuthToken.objects.filter(user=clerk).exists()


# --- Rights -------------------------------------------------------------------------


def test_a_role_change_to_admin_revokes_the_old_token_at_once(clerk, figures):
    key = token_issue(user=clerk)
    clerk.profile.role = Role.ADMIN
    clerk.profile.region = None
    clerk.profile.save()
    assert refusal(key)[:2] == (401, "authentication_failed")


def staff(role: str, username: str) -> User:
    user = factories.user_with_role(role, None, username)
    User.objects.filter(pk=user.pk).update(is_staff=True)
    user.refresh_from_db()
    return user


def test_a_role_change_in_the_admin_revokes_the_tokens(client, clerk):
    token_issue(user=clerk)
    client.force_login(staff(Role.SECADMIN, "secadmin"))
    profile = clerk.profile
    url = f"/admin/indicators/profile/{profile.pk}/change/"
    data = {"user": clerk.pk, "role": Role.REVIEWER, "region": profile.region_id}
    assert client.post(url, data).status_code == 302
    profile.refresh_from_db()
    assert profile.role == Role.REVIEWER
    assert not AuthToken.objects.filter(user=clerk).exists()


def test_a_confirmed_change_to_admin_revokes_the_token_only_when_confirmed(clerk, figures):
    from indicators.accounts.role_changes import role_change_confirm, role_change_propose

    key = token_issue(user=clerk)
    proposed_by, confirmed_by = staff(Role.SECADMIN, "secadmin"), staff(Role.AUDITOR, "auditor")
    change = role_change_propose(account=clerk, role=Role.ADMIN, region=None, by=proposed_by)
    assert call(key).status_code == 200  # a proposal changes nothing yet
    role_change_confirm(change=change, by=confirmed_by)
    assert refusal(key)[:2] == (401, "authentication_failed")


def test_saving_a_profile_unchanged_keeps_the_tokens(clerk):
    token_issue(user=clerk)
    clerk.profile.save()
    assert AuthToken.objects.filter(user=clerk).exists()


def test_deactivating_an_account_revokes_its_tokens(clerk):
    token_issue(user=clerk)
    clerk.is_active = False
    clerk.save()
    assert not AuthToken.objects.filter(user=clerk).exists()


def test_making_an_account_superuser_revokes_its_tokens(clerk):
    token_issue(user=clerk)
    clerk.is_superuser = True
    clerk.save()
    assert not AuthToken.objects.filter(user=clerk).exists()


def test_a_revocation_is_in_the_audit_trail(clerk):
    from indicators.audit.models import Action, AuditEvent

    token_issue(user=clerk)
    clerk.is_active = False
    clerk.save()
    assert AuditEvent.objects.filter(action=Action.TOKEN_REVOKED).count() == 1


# --- Last use -----------------------------------------------------------------------


def writes_to_token_records(queries) -> int:
    return sum(
        1 for q in queries if q["sql"].startswith("UPDATE") and "tokenrecord" in q["sql"].lower()
    )


def test_the_last_use_is_written_at_most_once_in_ten_minutes(clerk, figures):
    key = token_issue(user=clerk)
    with CaptureQueriesContext(connection) as first:
        call(key)
    with CaptureQueriesContext(connection) as second:
        call(key)
    assert writes_to_token_records(first) == 1
    assert writes_to_token_records(second) == 0
    used = token_row(key).record.last_used_at
    TokenRecord.objects.update(last_used_at=used - timedelta(minutes=11))
    with CaptureQueriesContext(connection) as later:
        call(key)
    assert writes_to_token_records(later) == 1


def test_the_account_page_lists_each_token_with_its_dates(client, clerk, figures):
    keys = [token_issue(user=clerk), token_issue(user=clerk)]
    call(keys[0])
    client.force_login(clerk)
    page = client.get("/account/").content.decode()
    assert page.count('name="token_key"') == 2
    assert "从未使用" in page  # the second one
    for info in tokens_of(user=clerk):
        assert f"{timezone.localtime(info.expiry):%Y-%m-%d %H:%M}" in page


def test_a_sixth_token_is_refused_and_none_is_revoked_silently(client, clerk):
    for _number in range(5):
        token_issue(user=clerk)
    client.force_login(clerk)
    response = client.post("/account/", {"action": "issue"}, follow=True)
    assert "已达上限" in response.content.decode()
    assert AuthToken.objects.filter(user=clerk).count() == 5


def test_expired_tokens_make_room_for_a_new_one(clerk):
    for _number in range(5):
        token_issue(user=clerk)
    AuthToken.objects.update(expiry=timezone.now() - timedelta(days=1))
    token_issue(user=clerk)
    assert AuthToken.objects.filter(user=clerk).count() == 1
