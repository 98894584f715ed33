"""Failed sign-ins: the pair of account and address locks, nobody can lock out a colleague.

Addresses are set with REMOTE_ADDR (no proxy is trusted in the tests).
"""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.utils import timezone

from dashboard.account.lockout import slowdown_seconds

PASSWORD = "Qingshan-2024x"
LOGIN = "/accounts/login/"
OFFICE, HOME, ELSEWHERE = "10.1.1.1", "10.2.2.2", "10.3.3.3"


@pytest.fixture
def alice(clerk):
    clerk.set_password(PASSWORD)
    clerk.save()
    return clerk


@pytest.fixture
def bob(reviewer):
    reviewer.set_password(PASSWORD)
    reviewer.save()
    return reviewer


def sign_in(client, username, address, password=PASSWORD):
    data = {"username": username, "password": password}
    return client.post(LOGIN, data, REMOTE_ADDR=address)


def fail(client, username, address, times):
    for _attempt in range(times):
        sign_in(client, username, address, "wrong")


def signed_in(response) -> bool:
    return response.status_code == 302 and response["Location"] == "/"


def test_25_failures_on_one_account_leave_a_colleague_at_the_same_address_free(client, alice, bob):
    fail(client, alice.username, OFFICE, 25)
    assert sign_in(client, alice.username, OFFICE).status_code == 429
    assert signed_in(sign_in(client, bob.username, OFFICE))


def test_five_failures_from_one_address_do_not_stop_the_owner_elsewhere(client, alice):
    fail(client, alice.username, ELSEWHERE, 5)
    assert sign_in(client, alice.username, ELSEWHERE).status_code == 429
    assert signed_in(sign_in(client, alice.username, HOME))


def test_the_pair_lockout_says_when_to_try_again(client, alice):
    fail(client, alice.username, OFFICE, 5)
    response = sign_in(client, alice.username, OFFICE)
    page = response.content.decode()
    assert "此账号在本机登录失败次数过多" in page and "15 分钟后再试" in page
    assert int(response["Retry-After"]) == 15 * 60


def test_failures_over_many_accounts_lock_the_address_far_above_the_pair_limit(
    client, bob, settings
):
    settings.SIGNIN_ADDRESS_LIMIT = 12
    for name in ("zhang", "wang", "li"):
        fail(client, name, OFFICE, 4)  # under the pair's limit each
    response = sign_in(client, bob.username, OFFICE)
    assert response.status_code == 429
    assert "本机所在网络地址登录失败次数过多" in response.content.decode()
    assert signed_in(sign_in(client, bob.username, HOME))


def test_the_address_limit_is_a_hundred_by_default(settings):
    assert settings.SIGNIN_ADDRESS_LIMIT == 100 and settings.AXES_FAILURE_LIMIT == 5


def test_many_failures_on_an_account_slow_down_every_new_address(client, alice):
    for address in ("10.9.0.1", "10.9.0.2"):
        fail(client, alice.username, address, 5)  # 10 failures: the slowdown begins
    response = sign_in(client, alice.username, ELSEWHERE)
    assert response.status_code == 429
    assert "秒后再试" in response.content.decode()
    assert 1 <= int(response["Retry-After"]) <= 5


def test_a_try_during_the_wait_is_not_counted(client, alice):
    for address in ("10.9.0.1", "10.9.0.2"):
        fail(client, alice.username, address, 5)
    fail(client, alice.username, ELSEWHERE, 3)
    assert sum(AccessAttempt.objects.values_list("failures_since_start", flat=True)) == 10


def test_after_the_wait_the_right_password_signs_in(client, alice):
    for address in ("10.9.0.1", "10.9.0.2"):
        fail(client, alice.username, address, 5)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(seconds=6))
    assert signed_in(sign_in(client, alice.username, ELSEWHERE))


def test_guessing_from_elsewhere_does_not_slow_the_owner_at_a_known_address(client, alice):
    assert signed_in(sign_in(client, alice.username, HOME))
    client.post("/accounts/logout/")
    for address in ("10.9.0.1", "10.9.0.2", "10.9.0.3"):
        fail(client, alice.username, address, 5)
    assert sign_in(client, alice.username, ELSEWHERE).status_code == 429
    assert signed_in(sign_in(client, alice.username, HOME))


def test_the_wait_doubles_up_to_five_minutes():
    waits = [slowdown_seconds(failures) for failures in range(9, 20)]
    assert waits == [0, 5, 10, 20, 40, 80, 160, 300, 300, 300, 300]
