"""The first accounts of an installation: the three separated administrators.

They replace the superuser of a fresh installation: the system administrator then
creates the other accounts, the security administrator gives them roles. Each gets a
one-time password, shown once, which must be replaced at the first sign-in.
"""

import secrets
import string

from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils.translation import gettext as _

from indicators.accounts import access
from indicators.accounts.passwords import character_classes

from ..models import Profile, Role
from .resets import password_set_one_time

FIRST_ADMINS = {
    Role.SYSADMIN: "sysadmin",
    Role.SECADMIN: "secadmin",
    Role.AUDITOR: "auditor",
}


class FirstAdminsRefused(Exception):
    pass


def one_time_password() -> str:
    """16 characters of letters, digits and symbols, which pass the password policy."""
    symbols = "!#%+-=?@"
    alphabet = string.ascii_letters + string.digits + symbols
    while True:
        password = "".join(secrets.choice(alphabet) for _ in range(16))
        if character_classes(password) == 4:
            return password


@transaction.atomic
def first_admins_create(*, usernames: dict[str, str] | None = None) -> dict[str, str]:
    """Create the three separated administrators; their one-time passwords, by username.

    Refused when any separated administrator exists, or any of the names is taken:
    this starts an installation, it never adds a second set.
    """
    usernames = {**FIRST_ADMINS, **(usernames or {})}
    if Profile.objects.filter(role__in=access.SEPARATED_ADMIN_ROLES).exists():
        raise FirstAdminsRefused(_("已有系统、安全或审计管理员，不再创建。"))
    taken = User.objects.filter(username__in=usernames.values()).values_list("username", flat=True)
    if taken:
        raise FirstAdminsRefused(_("用户名已存在：%(names)s") % {"names": "、".join(sorted(taken))})
    if len(set(usernames.values())) != len(usernames):
        raise FirstAdminsRefused(_("三名管理员须使用不同的用户名。"))
    passwords = {}
    for role, username in usernames.items():
        user = User.objects.create_user(username, is_staff=True)
        Profile.objects.create(user=user, role=role)
        password = one_time_password()
        validate_password(password, user)
        password_set_one_time(user=user, password=password, by=None)
        passwords[username] = password
    return passwords
