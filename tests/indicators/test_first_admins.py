"""The first administrators come from a command, not from a superuser; `check --deploy`
warns while a superuser is active."""

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from indicators.accounts.checks import no_active_superuser
from indicators.models import AccountReset, Profile, ResetKind, Role

pytestmark = pytest.mark.django_db


def create_admins() -> str:
    out = StringIO()
    call_command("create_admins", stdout=out)
    return out.getvalue()


def test_the_command_makes_the_three_separated_administrators_with_one_time_passwords(client):
    printed = create_admins()
    roles = dict(Profile.objects.values_list("user__username", "role"))
    assert roles == {"sysadmin": Role.SYSADMIN, "secadmin": Role.SECADMIN, "auditor": Role.AUDITOR}
    for username in roles:
        line = next(line for line in printed.splitlines() if f"  {username}  " in line)
        password = line.split()[-1]
        user = User.objects.get(username=username)
        assert user.check_password(password) and user.is_staff and not user.is_superuser
        assert AccountReset.objects.filter(user=user, kind=ResetKind.PASSWORD).exists()
    assert len({line.split()[-1] for line in printed.splitlines()[2:]}) == 3


def test_the_command_refuses_when_administrators_exist():
    create_admins()
    with pytest.raises(CommandError, match="已有系统、安全或审计管理员"):
        create_admins()
    assert Profile.objects.count() == 3


def test_the_command_refuses_a_name_already_taken():
    User.objects.create_user("auditor")
    with pytest.raises(CommandError, match="用户名已存在：auditor"):
        create_admins()
    assert not Profile.objects.exists()


def test_the_deploy_check_warns_while_a_superuser_is_active():
    assert no_active_superuser() == []
    root = User.objects.create_superuser("root")
    (warning,) = no_active_superuser()
    assert warning.id == "indicators.W001" and "root" in warning.msg
    root.is_active = False
    root.save()
    assert no_active_superuser() == []
