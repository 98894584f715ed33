"""A lost phone: backup codes at enrolment, each signs in once; the security
administrator resets a device, and its owner enrols again at the next sign-in."""

import re

import pytest
from django.contrib.auth.models import User
from django_otp.plugins.otp_totp.models import TOTPDevice

from indicators.accounts.backup_codes import backup_codes_issue
from indicators.accounts.resets import second_factor_reset
from indicators.audit.models import Action, AuditEvent
from indicators.models import AccountReset, BackupCode, BackupCodeDevice, ResetKind, Role
from tests import factories

from .test_sign_in_security import PASSWORD, code_for, enrol, sign_in, with_password

CODE = re.compile(r"<code>([0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4})</code>")


@pytest.fixture
def secadmin(db):
    user = factories.user_with_role(Role.SECADMIN, None, "sec")
    user.is_staff = True
    user.save()
    return user


def enrolled(client, user) -> tuple[TOTPDevice, list[str]]:
    """Enrol ``user``'s authenticator; the device and the backup codes the page showed."""
    with_password(user)
    sign_in(client, user)
    client.get("/account/two-factor/")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post("/account/two-factor/", {"otp_token": code_for(device)})
    client.post("/accounts/logout/")
    device.refresh_from_db()
    return device, CODE.findall(response.content.decode())


def test_enrolment_shows_ten_backup_codes_once_with_a_note_to_print_them(client, clerk):
    with_password(clerk)
    sign_in(client, clerk)
    client.get("/account/two-factor/")
    device = TOTPDevice.objects.get(confirmed=False)
    response = client.post("/account/two-factor/", {"otp_token": code_for(device)})
    page = response.content.decode()
    assert len(set(CODE.findall(page))) == 10
    assert "请现在打印或抄写下面的备用码" in page
    assert "no-store" in response["Cache-Control"]
    assert CODE.findall(client.get("/account/two-factor/").content.decode()) == []
    assert "备用码还剩 10 个" in client.get("/account/two-factor/").content.decode()


def test_the_database_holds_only_salted_digests_of_the_codes(client, clerk):
    _device, codes = enrolled(client, clerk)
    stored = list(BackupCode.objects.values_list("salt", "digest"))
    assert len(stored) == 10
    dump = repr(stored) + repr(list(BackupCodeDevice.objects.values()))
    assert not any(code.replace("-", "") in dump or code in dump for code in codes)
    assert len({salt for salt, _digest in stored}) == 10


def test_a_backup_code_signs_in_in_place_of_the_totp_code_once(client, clerk):
    _device, codes = enrolled(client, clerk)
    sign_in(client, clerk)
    response = client.post("/accounts/login/verify/", {"otp_token": codes[0].upper(), "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/account/").status_code == 200
    assert AuditEvent.objects.filter(action=Action.BACKUP_CODE_USED, username="clerk").exists()
    client.post("/accounts/logout/")

    sign_in(client, clerk)
    again = client.post("/accounts/login/verify/", {"otp_token": codes[0]})
    assert again.status_code == 200 and "验证码不正确" in again.content.decode()
    assert client.get("/account/")["Location"].startswith("/accounts/login/verify/")


def test_after_using_a_backup_code_the_user_is_told_how_many_are_left(client, clerk):
    _device, codes = enrolled(client, clerk)
    sign_in(client, clerk)
    response = client.post("/accounts/login/verify/", {"otp_token": codes[3]}, follow=True)
    assert "还剩 9 个" in response.content.decode()


def test_new_backup_codes_replace_the_old_ones(client, clerk):
    _device, codes = enrolled(client, clerk)
    fresh = backup_codes_issue(user=clerk)
    sign_in(client, clerk)
    assert client.post("/accounts/login/verify/", {"otp_token": fresh[0]}).status_code == 302
    client.post("/accounts/logout/")
    sign_in(client, clerk)
    assert client.post("/accounts/login/verify/", {"otp_token": codes[0]}).status_code == 200


def test_the_security_administrator_reaches_the_devices_page_and_nobody_else(
    client, secadmin, clerk
):
    TOTPDevice.objects.create(user=clerk, name="phone", confirmed=True)
    sysadmin = factories.user_with_role(Role.SYSADMIN, None, "sys")
    sysadmin.is_staff = True
    sysadmin.save()
    root = User.objects.create_superuser("root")
    client.force_login(secadmin)
    assert client.get("/admin/otp_totp/totpdevice/").status_code == 200
    for user in (sysadmin, root):
        client.force_login(user)
        assert client.get("/admin/otp_totp/totpdevice/").status_code == 403


def test_the_secadmin_resets_a_lost_device_and_the_owner_enrols_again(client, secadmin, clerk):
    device, _codes = enrolled(client, clerk)
    client.force_login(secadmin)
    data = {"action": "reset_second_factor", "_selected_action": [device.pk]}
    response = client.post("/admin/otp_totp/totpdevice/", data, follow=True)
    assert "已重置 clerk 的双因素认证" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=clerk).exists()
    assert not BackupCodeDevice.objects.filter(user=clerk).exists()
    event = AuditEvent.objects.get(action=Action.SECOND_FACTOR_RESET)
    assert (event.username, event.object_repr) == ("sec", "clerk")
    client.logout()

    sign_in(client, clerk)  # a clerk's role needs no device, but this one must enrol again
    assert client.get("/account/")["Location"].startswith("/account/two-factor/?next=")
    enrol(client)
    assert not AccountReset.objects.filter(user=clerk, kind=ResetKind.SECOND_FACTOR).exists()
    assert client.get("/account/").status_code == 200


def test_a_reset_device_no_longer_takes_its_codes(client, secadmin, clerk):
    enrolled(client, clerk)
    second_factor_reset(user=clerk, by=secadmin)
    sign_in(client, clerk)
    assert client.get("/accounts/login/verify/").status_code == 302  # nothing to verify
    assert not BackupCode.objects.exists()
    assert PASSWORD  # the password still works: only the second factor was reset
