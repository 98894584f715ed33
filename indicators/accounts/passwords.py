"""Password policy (等保 level 3, GB/T 22239-2019 8.1.4.1 a): complexity, no reuse, expiry.

The validators are listed in AUTH_PASSWORD_VALIDATORS, so every form that sets a
password (password change, the admin's) applies them. Django's own validators are
subclassed only to speak our Chinese.
"""

import re
import string
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from indicators.models.accounts import PasswordHistory

CHARACTER_CLASSES = (
    string.ascii_uppercase,
    string.ascii_lowercase,
    string.digits,
)


def character_classes(password: str) -> int:
    """How many of upper case, lower case, digits and symbols the password uses."""
    used = sum(any(char in chars for char in password) for chars in CHARACTER_CLASSES)
    letters_and_digits = "".join(CHARACTER_CLASSES)
    # Anything else is a symbol: punctuation, a space, a full-width character.
    return used + any(char not in letters_and_digits for char in password)


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self):
        # Formatted by ValidationError with params={"min_length": ...}.
        return _("密码太短，至少需要 %(min_length)d 个字符。")

    def get_help_text(self):
        return _("密码至少 %(min_length)d 个字符。") % {"min_length": self.min_length}


# Substitutions people make to pass complexity rules: "P@ssw0rd" is "password".
LEET = str.maketrans(
    {"@": "a", "4": "a", "0": "o", "1": "l", "!": "i", "3": "e", "$": "s", "5": "s", "7": "t"}
)
# Digits, symbols and spaces at either end: "Password123!" is "Password" decorated.
DECORATION = re.compile(r"^[\W\d_]+|[\W\d_]+$")
#: What must remain of a password once the user's name and the like are taken out.
MIN_REMAINDER = 6


def password_cores(password: str) -> set[str]:
    """The password without its decorations, in the forms to look up: lower case,
    digits and symbols at either end dropped, with or without one stray letter among
    them ("Password1a"), common substitutions undone, a part written twice once."""
    base = DECORATION.sub("", password.casefold())
    candidates = [base]
    if len(base) > 2 and not base[-2].isalpha():  # "...1a": a letter among the decorations
        candidates.append(DECORATION.sub("", base[:-1]))
    if len(base) > 2 and not base[1].isalpha():
        candidates.append(DECORATION.sub("", base[1:]))
    cores = set()
    for candidate in candidates:
        candidate = candidate.translate(LEET)
        repeated = re.fullmatch(r"(.+?)\1+", candidate)
        cores.add(repeated[1] if repeated else candidate)
    return cores - {""}


def _attribute_parts(user, attributes) -> set[str]:
    parts = set()
    for attribute in attributes:
        value = getattr(user, attribute, None)
        if isinstance(value, str) and value:
            value = value.casefold()
            parts |= {value, *re.split(r"\W+", value)}
    # Two-letter names would take too much out of any password.
    return {part for part in parts if len(part) >= 3}


class UserAttributeSimilarityValidator(password_validation.UserAttributeSimilarityValidator):
    """Django's similarity test, and: the password minus every occurrence of the
    user's name, e-mail and the like must keep MIN_REMAINDER characters, so that
    "wangfangwangfangA1" does not pass for the user wangfang."""

    def validate(self, password, user=None):
        super().validate(password, user)
        if user is None:
            return
        rest = password.casefold()
        parts = _attribute_parts(user, self.user_attributes)
        for part in sorted(parts, key=len, reverse=True):
            rest = rest.replace(part, "")
        if parts and len(rest) < len(password) and len(rest) < MIN_REMAINDER:
            message = _(
                "密码主要由用户名、姓名等个人信息组成：去掉这些后至少还要有 %(count)d 个字符。"
            )
            raise ValidationError(message % {"count": MIN_REMAINDER}, code="password_too_similar")

    def get_error_message(self):
        return _("密码与您的%(verbose_name)s太相似。")

    def get_help_text(self):
        return _("密码不能与用户名、姓名等个人信息相似。")


class CommonPasswordValidator(password_validation.CommonPasswordValidator):
    """Django's list of 20,000 common passwords, checked also without decorations
    (``password_cores``): "Password123!" and "P@ssw0rd2024" are "password"."""

    def validate(self, password, user=None):
        super().validate(password, user)
        if not password_cores(password).isdisjoint(self.passwords):
            raise ValidationError(self.get_error_message(), code="password_too_common")

    def get_error_message(self):
        return _("这个密码太常见，容易被猜到（加上数字、符号或大写字母也一样）。")

    def get_help_text(self):
        return _("不能使用常见密码，也不能是常见密码加上数字或符号。")


class NumericPasswordValidator(password_validation.NumericPasswordValidator):
    def get_error_message(self):
        return _("密码不能全是数字。")

    def get_help_text(self):
        return _("密码不能全是数字。")


class CharacterClassesValidator:
    """At least ``min_classes`` of: upper case, lower case, digits, symbols."""

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        if character_classes(password) < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self):
        return _("密码须包含大写字母、小写字母、数字、符号四类中的至少 %(count)d 类。") % {
            "count": self.min_classes
        }


class PasswordHistoryValidator:
    """Refuses the last ``settings.PASSWORD_HISTORY_COUNT`` passwords and records each new one.

    Django calls ``password_changed`` after every ``set_password`` that is saved: the
    password-change form, the admin, ``createsuperuser``, ``changepassword`` and the
    demo seed. A hash upgrade on sign-in does not call it, so the password's age
    stays. Only hashes are stored; a candidate is compared with ``check_password``.
    """

    def validate(self, password, user=None):
        if user is None or user.pk is None:
            return
        recent = PasswordHistory.objects.filter(user=user).order_by("-created_at", "-pk")
        hashes = recent.values_list("password", flat=True)[: settings.PASSWORD_HISTORY_COUNT]
        if any(check_password(password, encoded) for encoded in hashes):
            raise ValidationError(self._message(), code="password_reused")

    def password_changed(self, password, user=None):
        if user is None or user.pk is None or not user.has_usable_password():
            return
        password_history_record(user=user)

    def get_help_text(self):
        return self._message()

    @staticmethod
    def _message():
        count = settings.PASSWORD_HISTORY_COUNT
        return ngettext(
            "不能与最近 %(count)d 次使用过的密码相同。",
            "不能与最近 %(count)d 次使用过的密码相同。",
            count,
        ) % {"count": count}


@transaction.atomic
def password_history_record(*, user) -> PasswordHistory:
    """Record the user's current password hash; keep only the newest few."""
    latest = PasswordHistory.objects.latest_for(user)
    if latest is not None and latest.password == user.password:
        return latest
    entry = PasswordHistory.objects.create(user=user, password=user.password)
    keep = PasswordHistory.objects.filter(user=user).order_by("-created_at", "-pk")
    kept = list(keep.values_list("pk", flat=True)[: settings.PASSWORD_HISTORY_COUNT])
    PasswordHistory.objects.filter(user=user).exclude(pk__in=kept).delete()
    return entry


def password_changed_at(user) -> datetime | None:
    """When the current password was set; None if it never was (no usable password)."""
    latest = PasswordHistory.objects.latest_for(user)
    return latest.created_at if latest else None


def password_expires_at(changed_at: datetime | None) -> datetime | None:
    """None: the password does not expire (no max age, or no password of record)."""
    days = settings.PASSWORD_MAX_AGE_DAYS
    if not days or changed_at is None:
        return None
    return changed_at + timedelta(days=days)
