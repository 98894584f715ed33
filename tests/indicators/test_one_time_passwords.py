"""A password someone else set is one-time: its owner replaces it at the next sign-in."""

import pytest
from django.contrib.auth.models import User

from indicators.audit.models import Action, AuditEvent
from indicators.models import AccountReset, ResetKind, Role
from tests import factories

PASSWORD = "Zx9!long-Passphrase-2024"
OWN = "Mine#Own-Secret-2025"


@pytest.fixture(autouse=True)
def no_second_factor(settings):
    settings.OTP_REQUIRED_ROLES = []


@pytest.fixture
def sysadmin(db):
    user = factories.user_with_role(Role.SYSADMIN, None, "sys")
    user.is_staff = True
    user.save()
    return user


def reset_password(client, sysadmin, account) -> None:
    client.force_login(sysadmin)
    data = {"password1": PASSWORD, "password2": PASSWORD, "usable_password": "true"}
    response = client.post(f"/admin/auth/user/{account.pk}/password/", data)
    assert response.status_code == 302
    client.logout()


def sign_in(client, user, password=PASSWORD):
    return client.post("/accounts/login/", {"username": user.username, "password": password})


def test_a_reset_password_must_be_changed_before_anything_else(client, sysadmin, clerk):
    reset_password(client, sysadmin, clerk)
    sign_in(client, clerk)
    response = client.get("/entry/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/password_change/?next=")
    page = client.get("/accounts/password_change/").content.decode()
    assert "您的密码已由管理员 sys 于" in page and "这是一次性密码" in page


def test_after_the_owner_changes_it_the_account_opens_and_the_notice_goes(client, sysadmin, clerk):
    reset_password(client, sysadmin, clerk)
    sign_in(client, clerk)
    data = {"old_password": PASSWORD, "new_password1": OWN, "new_password2": OWN, "next": "/"}
    assert client.post("/accounts/password_change/", data).status_code == 302
    assert client.get("/account/").status_code == 200
    assert not AccountReset.objects.filter(user=clerk).exists()
    assert "一次性密码" not in client.get("/accounts/password_change/").content.decode()


def test_the_reset_is_in_the_audit_trail_with_who_and_whom(client, sysadmin, clerk):
    reset_password(client, sysadmin, clerk)
    event = AuditEvent.objects.get(action=Action.PASSWORD_RESET)
    assert (event.username, event.object_repr) == ("sys", "clerk")
    reset = AccountReset.objects.get(user=clerk)
    assert (reset.kind, reset.reset_by) == (ResetKind.PASSWORD, sysadmin)


def test_an_account_created_with_a_password_must_change_it_at_first_sign_in(client, sysadmin):
    client.force_login(sysadmin)
    data = {
        "username": "newclerk",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "usable_password": "true",
    }
    assert client.post("/admin/auth/user/add/", data).status_code == 302
    client.logout()
    sign_in(client, User.objects.get(username="newclerk"))
    assert client.get("/")["Location"].startswith("/accounts/password_change/")


def test_a_password_the_owner_changes_themselves_is_not_one_time(client, clerk):
    clerk.set_password(PASSWORD)
    clerk.save()
    sign_in(client, clerk)
    data = {"old_password": PASSWORD, "new_password1": OWN, "new_password2": OWN}
    client.post("/accounts/password_change/", data)
    assert not AccountReset.objects.exists()
    assert client.get("/account/").status_code == 200
