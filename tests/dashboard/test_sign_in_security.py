"""Signing in (等保 level 3): lockout, TOTP second factor, password expiry, idle sessions."""

import time
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.test import RequestFactory
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from dashboard.account.security import SEEN, client_ip
from indicators.models.accounts import PasswordHistory

PASSWORD = "Qingshan-2024x"
LOGIN = "/accounts/login/"


def with_password(user):
    user.set_password(PASSWORD)
    user.save()
    return user


def sign_in(client, user, password=PASSWORD, next_url=""):
    data = {"username": user.username, "password": password, "next": next_url}
    return client.post(LOGIN, data)


def code_for(device, steps_ahead: int = 0) -> str:
    """The code an authenticator app shows now, or ``steps_ahead`` 30-second steps later."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def enrol(client) -> TOTPDevice:
    client.get("/account/two-factor/")
    device = TOTPDevice.objects.get(confirmed=False)
    response = client.post("/account/two-factor/", {"otp_token": code_for(device)})
    assert response.status_code == 200 and "备用码" in response.content.decode()  # shown once
    device.refresh_from_db()
    assert device.confirmed
    return device


# --- Lockout -----------------------------------------------------------------------


def test_five_wrong_passwords_lock_the_account_even_with_the_right_password(client, clerk):
    with_password(clerk)
    for _attempt in range(4):
        assert sign_in(client, clerk, "wrong").status_code == 200
    fifth = sign_in(client, clerk, "wrong")
    assert fifth.status_code == 429

    response = sign_in(client, clerk)
    html = response.content.decode()
    assert response.status_code == 429
    assert "已被暂时锁定" in html and "15 分钟后再试" in html
    assert 'name="password"' in html  # the login page, not a bare error page
    assert "_auth_user_id" not in client.session


def test_the_lockout_ends_after_the_cool_off(client, clerk):
    with_password(clerk)
    for _attempt in range(5):
        sign_in(client, clerk, "wrong")
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    response = sign_in(client, clerk)
    assert response.status_code == 302 and response["Location"] == "/"


def test_the_admin_login_is_locked_out_too(client, admin_user):
    with_password(admin_user)
    for _attempt in range(5):
        client.post("/admin/login/", {"username": admin_user.username, "password": "wrong"})
    response = client.post("/admin/login/", {"username": admin_user.username, "password": PASSWORD})
    assert response.status_code == 429
    assert "已被暂时锁定" in response.content.decode()


def test_a_forged_forwarded_for_does_not_change_the_address_without_a_proxy(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.7", HTTP_X_FORWARDED_FOR="1.2.3.4")
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 0}
    assert client_ip(request) == "10.0.0.7"
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    assert client_ip(request) == "1.2.3.4"


# --- No mail-based password reset ----------------------------------------------------


def test_there_is_no_password_reset_by_mail(client, db):
    assert client.get("/accounts/password_reset/").status_code == 404
    assert "联系县统计局管理员" in client.get(LOGIN).content.decode()


# --- Second factor -------------------------------------------------------------------


def test_a_clerk_enrols_an_authenticator_and_then_signs_in_with_its_code(client, clerk):
    with_password(clerk)
    sign_in(client, clerk)
    page = client.get("/account/two-factor/").content.decode()
    assert 'src="data:image/svg+xml' in page  # the QR code, drawn here
    device = enrol(client)
    client.post("/accounts/logout/")

    response = sign_in(client, clerk, next_url="/account/")
    assert response["Location"] == "/accounts/login/verify/?next=%2Faccount%2F"
    assert client.get("/entry/")["Location"].startswith("/accounts/login/verify/")
    # The next 30-second step: the code just used to enrol cannot be replayed.
    code = {"otp_token": code_for(device, 1), "next": "/account/"}
    verified = client.post("/accounts/login/verify/", code)
    assert verified.status_code == 302 and verified["Location"] == "/account/"
    assert client.get("/account/").status_code == 200


def test_a_wrong_code_is_refused_and_nothing_opens(client, clerk):
    device = TOTPDevice.objects.create(user=with_password(clerk), name="phone", confirmed=True)
    sign_in(client, clerk)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    response = client.post("/accounts/login/verify/", {"otp_token": wrong})
    assert response.status_code == 200
    assert "验证码不正确" in response.content.decode()
    assert client.get("/entry/")["Location"].startswith("/accounts/login/verify/")
    assert AccessAttempt.objects.get().failures_since_start == 1  # counts towards the lockout


def test_a_required_role_without_a_device_is_sent_to_enrolment(client, county_official, settings):
    settings.OTP_REQUIRED_ROLES = ["county", "admin"]
    client.force_login(county_official)
    response = client.get("/progress/")
    assert response.status_code == 302
    assert response["Location"].startswith("/account/two-factor/?next=")
    assert client.get("/account/two-factor/").status_code == 200
    enrol(client)
    assert client.get("/account/").status_code == 200


def test_a_clerk_needs_no_device_when_only_officials_must_have_one(client, clerk, settings):
    settings.OTP_REQUIRED_ROLES = ["county", "admin"]
    client.force_login(clerk)
    assert client.get("/account/").status_code == 200


# --- Password expiry -----------------------------------------------------------------


def test_an_expired_password_must_be_changed_before_anything_else(client, clerk, settings):
    settings.PASSWORD_MAX_AGE_DAYS = 90
    with_password(clerk)
    PasswordHistory.objects.update(created_at=timezone.now() - timedelta(days=91))
    client.force_login(clerk)

    response = client.get("/account/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/password_change/?next=")
    page = client.get("/accounts/password_change/").content.decode()
    assert "密码已到期" in page

    new = {"old_password": PASSWORD, "new_password1": "Meiling#2025q", "new_password2": ""}
    new["new_password2"] = new["new_password1"]
    assert client.post("/accounts/password_change/", new).status_code == 302
    assert client.get("/account/").status_code == 200


def test_the_current_password_cannot_be_set_again(client, clerk):
    with_password(clerk)
    client.force_login(clerk)
    same = {"old_password": PASSWORD, "new_password1": PASSWORD, "new_password2": PASSWORD}
    response = client.post("/accounts/password_change/", same)
    assert response.status_code == 200
    assert "最近 5 次" in response.content.decode()


# --- Sessions ------------------------------------------------------------------------


def test_a_session_ends_at_browser_close_and_after_thirty_idle_minutes(client, clerk, settings):
    client.force_login(clerk)
    # Thirty idle minutes, and at most the one-minute refresh step more.
    assert settings.SESSION_COOKIE_AGE == 31 * 60
    assert client.session.get_expiry_age() == 31 * 60
    response = client.get("/account/")
    assert not response.cookies.get("sessionid") or not response.cookies["sessionid"]["max-age"]
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


def test_an_idle_session_is_signed_out(client, clerk):
    client.force_login(clerk)
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get("/account/")
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_activity_moves_the_expiry_on(client, clerk):
    client.force_login(clerk)
    session = client.session
    session[SEEN] = int(time.time()) - 120  # the last refresh was two minutes ago
    session.save()
    soon = timezone.now() + timedelta(minutes=28)
    Session.objects.update(expire_date=soon)

    assert client.get("/account/").status_code == 200
    expire_date = Session.objects.get().expire_date
    assert expire_date > timezone.now() + timedelta(minutes=29)


@pytest.mark.parametrize("path", ["/", "/account/"])
def test_a_fresh_session_is_not_written_again_on_every_page(client, clerk, path):
    client.force_login(clerk)
    before = Session.objects.get().expire_date
    client.get(path)
    assert Session.objects.get().expire_date == before
