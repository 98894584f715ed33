"""Password policy: complexity, no reuse of the last five, a history that dates the password."""

from datetime import timedelta

import pytest
from django.contrib.auth.hashers import check_password
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from indicators.accounts.passwords import (
    character_classes,
    password_changed_at,
    password_expires_at,
)
from indicators.models.accounts import PasswordHistory

GOOD = "Qingshan-2024x"


def refusals(password: str, user=None) -> list[str]:
    try:
        validate_password(password, user)
    except ValidationError as error:
        return [e.code for e in error.error_list]
    return []


def messages(password: str, user=None) -> str:
    with pytest.raises(ValidationError) as caught:
        validate_password(password, user)
    return " ".join(caught.value.messages)


def change_password(user, password: str) -> None:
    validate_password(password, user)
    user.set_password(password)
    user.save()


@pytest.fixture
def user(db):
    return User.objects.create_user("wangfang", first_name="王芳")


def test_a_long_password_of_three_classes_is_accepted(user):
    assert refusals(GOOD, user) == []
    assert refusals("qingshan 2024 river", user) == []  # lower, digit, space as the symbol


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("Qs-2024x", "password_too_short"),
        ("qingshanriver", "password_too_simple"),
        ("QINGSHAN2024", "password_too_simple"),
        ("20242024202420", "password_entirely_numeric"),
        ("Password123", "password_too_common"),
    ],
)
def test_weak_passwords_are_refused(user, password, code):
    assert code in refusals(password, user)


def test_a_password_like_the_username_is_refused(user):
    assert "password_too_similar" in refusals("Wangfang-01", user)


def test_refusals_speak_chinese(user):
    text = messages("abc", user)
    assert "至少需要 10 个字符" in text
    assert "四类中的至少 3 类" in text
    assert "Password" not in text and "characters" not in text


def test_symbols_include_full_width_and_space():
    assert character_classes("ab") == 1
    assert character_classes("aB1") == 3
    assert character_classes("aB1，") == 4
    assert character_classes("ab cd") == 2


def test_setting_a_password_records_only_its_hash(user):
    change_password(user, GOOD)
    (entry,) = PasswordHistory.objects.filter(user=user)
    assert entry.password == user.password
    assert GOOD not in entry.password
    assert check_password(GOOD, entry.password)


def test_the_last_five_passwords_cannot_be_used_again(user):
    passwords = [f"Qingshan-{n}x-river" for n in range(6)]
    for password in passwords:
        change_password(user, password)
    assert "password_reused" in refusals(passwords[-1], user)  # the current one
    assert "password_reused" in refusals(passwords[1], user)  # fifth from last
    assert refusals(passwords[0], user) == []  # sixth from last: allowed again
    assert PasswordHistory.objects.filter(user=user).count() == 5
    assert "最近 5 次" in messages(passwords[2], user)


def test_createsuperuser_records_the_first_password(db, monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", GOOD)
    call_command("createsuperuser", "--noinput", username="root", email="root@example.cn")
    root = User.objects.get(username="root")
    assert password_changed_at(root) is not None


def test_a_user_without_a_password_has_no_history_and_no_expiry(user):
    assert password_changed_at(user) is None
    assert password_expires_at(None) is None


def test_a_hash_upgrade_at_sign_in_keeps_the_password_age(user, settings):
    change_password(user, GOOD)
    long_ago = timezone.now() - timedelta(days=40)
    PasswordHistory.objects.filter(user=user).update(created_at=long_ago)
    # A newer hasher: signing in re-hashes the password and saves it.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
    assert user.check_password(GOOD)
    user.refresh_from_db()
    assert user.password.startswith("pbkdf2_sha1$")
    assert password_changed_at(user) == long_ago


def test_a_password_expires_after_the_configured_days(settings):
    settings.PASSWORD_MAX_AGE_DAYS = 90
    changed = timezone.now()
    assert password_expires_at(changed) == changed + timedelta(days=90)
    settings.PASSWORD_MAX_AGE_DAYS = 0
    assert password_expires_at(changed) is None


@pytest.mark.parametrize(
    "password",
    ["Password123!", "P@ssw0rd2024", "Passw0rd-2025", "passwordpassword1A!", "Summer2024!!"],
)
def test_a_common_password_with_decorations_is_refused(user, password):
    assert "password_too_common" in refusals(password, user)
    assert "常见密码" in messages(password, user) or "太常见" in messages(password, user)


@pytest.mark.parametrize(
    "password", ["wangfangwangfangA1", "WangfangWangfang-9x", "A1wangfangwangfang"]
)
def test_the_username_written_twice_with_a_letter_and_a_digit_is_refused(user, password):
    assert "password_too_similar" in refusals(password, user)
    assert "个人信息" in messages(password, user)


def test_a_password_that_merely_contains_the_name_among_enough_else_is_accepted(user):
    assert refusals("Wangfang-qingshan-river-7", user) == []


def test_stronger_checks_leave_good_passwords_alone(user):
    for password in (GOOD, "Meiling#2025q", "qingshan 2024 river", "Xiaohe#2024-Lu"):
        assert refusals(password, user) == [], password
