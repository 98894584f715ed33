"""Signing in as a browser sees it: the lockout message, and the TOTP code after the password."""

import time

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from .conftest import PASSWORD, login


def code_for(device, steps_ahead: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def submit_password(page, username: str, password: str) -> None:
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.get_by_role("button", name="登录", exact=True).click()
    page.wait_for_load_state("domcontentloaded")


def other_errors(console_errors) -> list[str]:
    # Chromium logs the lockout answer's status (429) as an error; nothing else may fail.
    return [error for error in console_errors if "status of 429" not in error]


def test_five_wrong_passwords_lock_the_account_with_a_chinese_message(page, clerk, console_errors):
    clerk.set_password(PASSWORD)
    clerk.save()
    page.goto("/accounts/login/")
    for _attempt in range(4):
        submit_password(page, clerk.username, "wrong-password")
        expect(page.locator(".lockout")).to_have_count(0)
    submit_password(page, clerk.username, "wrong-password")
    expect(page.locator(".lockout")).to_contain_text("已被暂时锁定")

    # Even the right password is refused until the cool-off ends, and the page says when.
    submit_password(page, clerk.username, PASSWORD)
    lockout = page.locator(".lockout")
    expect(lockout).to_contain_text("15 分钟后再试")
    expect(lockout).to_contain_text("联系县统计局管理员")
    expect(page.get_by_role("button", name="退出")).to_have_count(0)
    assert other_errors(console_errors) == []


def test_an_enrolled_clerk_signs_in_with_password_then_code(
    page, clerk, outside_requests, console_errors
):
    login(page, clerk)
    page.goto("/account/two-factor/")
    qr = page.locator("img.otp-qr")
    expect(qr).to_be_visible()
    assert qr.get_attribute("src").startswith("data:image/svg+xml")
    device = TOTPDevice.objects.get(user=clerk, confirmed=False)
    page.fill("input[name=otp_token]", code_for(device))
    page.get_by_role("button", name="确认绑定").click()
    expect(page.locator(".message.success")).to_contain_text("双因素认证已启用")
    page.get_by_role("button", name="退出").click()

    page.goto("/accounts/login/?next=/account/")
    submit_password(page, clerk.username, PASSWORD)
    page.wait_for_url("**/accounts/login/verify/?next=%2Faccount%2F")
    expect(page.get_by_role("button", name="取消，退出登录")).to_be_visible()
    # The next 30-second step: the code used to enrol cannot be replayed.
    page.fill("input[name=otp_token]", code_for(device, 1))
    page.get_by_role("button", name="验证并登录").click()
    page.wait_for_url("**/account/")
    expect(page.locator("h1")).to_have_text("我的账户")
    assert outside_requests == []
    assert console_errors == []
