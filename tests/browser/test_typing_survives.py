"""What a clerk types survives an expired session or page: kept in the browser until saved."""

from decimal import Decimal

from playwright.sync_api import expect

from indicators.models import DataValue

from .conftest import PASSWORD, login

YEAR = 2024
# entry.js is a classic script at the end of the page: once the document has
# loaded (domcontentloaded), it has dealt with the draft.
DRAFT_KEYS = "Object.keys(localStorage).filter((key) => key.startsWith('entry-draft:'))"


def sign_in(page, user) -> None:
    login(page, user)
    expect(page.get_by_role("button", name="退出")).to_be_visible()


def on_the_login_page(url: str) -> bool:
    return "/accounts/login/?next=" in url


def sign_in_again(page, user) -> None:
    """On the login page the expired session led to, with its ``next``."""
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="登录").click()


def figure(page, code: str):
    return page.locator(f"input[name='value-{code}']")


def comment(page, code: str):
    return page.locator(f"input[name='comment-{code}']")


def type_two_figures_and_a_comment(page) -> None:
    figure(page, "street_lights").fill("1，200")
    comment(page, "street_lights").fill("新装路灯 300 盏")
    figure(page, "public_toilets").fill("４")


def expect_restored(page, catalogue) -> None:
    banner = page.locator("#draft-banner")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("没有保存成功")
    expect(banner.locator(".draft-names")).to_contain_text(catalogue["street_lights"].display_name)
    expect(banner.locator(".draft-changed")).to_be_hidden()  # nobody saved meanwhile
    expect(figure(page, "street_lights")).to_have_value("")
    banner.get_by_role("button", name="恢复填写").click()
    expect(figure(page, "street_lights")).to_have_value("1，200")
    expect(comment(page, "street_lights")).to_have_value("新装路灯 300 盏")
    expect(figure(page, "public_toilets")).to_have_value("４")
    expect(banner.locator(".draft-restored")).to_be_visible()
    expect(banner.get_by_role("button", name="恢复填写")).to_be_hidden()


def saved_figures(town) -> dict:
    rows = DataValue.objects.filter(report__region=town, report__year=YEAR)
    return {row.indicator_id: (row.value, row.comment) for row in rows}


def other_errors(console_errors) -> list[str]:
    # Chromium logs the refused POST (403) as an error; nothing else may fail.
    return [error for error in console_errors if "status of 403" not in error]


def test_typing_survives_an_expired_session_and_is_saved_after_signing_in(
    page, catalogue, clerk, towns, console_errors
):
    url = f"/entry/{towns[0].code}/{YEAR}/"
    sign_in(page, clerk)
    page.goto(url)
    type_two_figures_and_a_comment(page)

    page.context.clear_cookies(name="sessionid")
    page.get_by_role("button", name="保存草稿").click()
    page.wait_for_url(on_the_login_page)
    expect(page.locator(".login-needed")).to_contain_text("登录已过期")
    expect(page.locator(".login-needed")).to_contain_text("恢复填写")
    assert saved_figures(towns[0]) == {}

    sign_in_again(page, clerk)
    page.wait_for_url(f"**{url}")
    expect_restored(page, catalogue)

    page.get_by_role("button", name="保存草稿").click()
    expect(page.locator(".message.success")).to_contain_text("新增 2 项")
    expect(figure(page, "street_lights")).to_have_value("1200")
    assert saved_figures(towns[0]) == {
        "street_lights": (Decimal("1200"), "新装路灯 300 盏"),
        "public_toilets": (Decimal("4"), ""),
    }
    # Saved: the draft is gone and the banner stays hidden.
    page.wait_for_load_state("domcontentloaded")  # entry.js has looked at the draft
    expect(page.locator("#draft-banner")).to_be_hidden()
    assert page.evaluate(DRAFT_KEYS) == []
    assert other_errors(console_errors) == []


def test_an_expired_page_shows_a_chinese_page_and_the_typing_comes_back(
    page, catalogue, clerk, towns, console_errors
):
    url = f"/entry/{towns[0].code}/{YEAR}/"
    sign_in(page, clerk)
    page.goto(url)
    type_two_figures_and_a_comment(page)

    page.context.clear_cookies(name="sessionid")
    page.context.clear_cookies(name="csrftoken")
    with page.expect_response(lambda response: response.request.method == "POST") as posted:
        page.get_by_role("button", name="保存草稿").click()
    assert posted.value.status == 403
    expect(page.locator("h1")).to_have_text("页面已过期，未能提交")
    text = page.locator("body").inner_text()
    assert "保存在本浏览器中" in text
    assert "恢复填写" in text
    for default in ("CSRF", "Forbidden", "禁止访问", "verification failed", "请求被终止"):
        assert default not in text
    assert saved_figures(towns[0]) == {}

    # Back to the page it came from; signed out, so through the login page first.
    back = page.get_by_role("link", name="返回刚才的页面")
    expect(back).to_have_attribute("href", f"{page.url.split('/entry/')[0]}{url}")
    back.click()
    page.wait_for_url(on_the_login_page)
    expect(page.locator(".login-needed")).to_be_visible()
    sign_in_again(page, clerk)
    page.wait_for_url(f"**{url}")
    expect_restored(page, catalogue)

    page.get_by_role("button", name="保存草稿").click()
    expect(page.locator(".message.success")).to_contain_text("新增 2 项")
    assert set(saved_figures(towns[0])) == {"street_lights", "public_toilets"}
    assert other_errors(console_errors) == []


def test_after_a_successful_save_the_typing_is_not_offered_again(
    page, catalogue, clerk, towns, console_errors
):
    url = f"/entry/{towns[0].code}/{YEAR}/"
    sign_in(page, clerk)
    page.goto(url)
    type_two_figures_and_a_comment(page)
    assert page.evaluate(DRAFT_KEYS) == [f"entry-draft:{towns[0].code}:{YEAR}"]

    page.get_by_role("button", name="保存草稿").click()
    expect(page.locator(".message.success")).to_contain_text("新增 2 项")
    page.reload()
    expect(figure(page, "public_toilets")).to_have_value("4")
    expect(page.locator("#draft-banner")).to_be_hidden()
    assert page.evaluate(DRAFT_KEYS) == []
    assert console_errors == []


def test_unsaved_typing_is_offered_after_a_reload_and_can_be_discarded(
    page, catalogue, clerk, towns, console_errors
):
    url = f"/entry/{towns[0].code}/{YEAR}/"
    sign_in(page, clerk)
    page.goto(url)
    page.on("dialog", lambda dialog: dialog.accept())  # leave despite unsaved figures
    figure(page, "street_lights").fill("120")
    page.reload()

    banner = page.locator("#draft-banner")
    expect(banner).to_be_visible()
    banner.get_by_role("button", name="丢弃").click()
    expect(banner).to_be_hidden()
    expect(figure(page, "street_lights")).to_have_value("")
    assert page.evaluate(DRAFT_KEYS) == []
    page.reload()
    expect(figure(page, "street_lights")).to_be_visible()
    expect(banner).to_be_hidden()
    assert console_errors == []


def test_the_notice_says_when_someone_changed_the_report_meanwhile(
    page, browser, live_server, catalogue, clerk, reviewer, towns, console_errors
):
    url = f"/entry/{towns[0].code}/{YEAR}/"
    sign_in(page, clerk)
    page.goto(url)
    figure(page, "street_lights").fill("120")
    page.context.clear_cookies(name="sessionid")
    page.get_by_role("button", name="保存草稿").click()
    page.wait_for_url(on_the_login_page)

    other = browser.new_context(base_url=live_server.url, locale="zh-CN").new_page()
    sign_in(other, reviewer)
    other.goto(url)
    figure(other, "public_toilets").fill("4")
    other.get_by_role("button", name="保存草稿").click()
    expect(other.locator(".message.success")).to_be_visible()
    other.context.close()

    sign_in_again(page, clerk)
    page.wait_for_url(f"**{url}")
    banner = page.locator("#draft-banner")
    expect(banner.locator(".draft-changed")).to_be_visible()
    expect(banner.locator(".draft-changed")).to_contain_text("其他人修改过")
    banner.get_by_role("button", name="恢复填写").click()
    expect(figure(page, "street_lights")).to_have_value("120")
    expect(figure(page, "public_toilets")).to_have_value("4")  # theirs, untouched here
    expect(page.locator("input[name=version]")).to_have_value("0")  # the draft's base

    # Merged field by field: the other person's figure stays, this one is added.
    page.get_by_role("button", name="保存草稿").click()
    expect(page.locator(".message.success")).to_be_visible()
    assert {code: value for code, (value, _) in saved_figures(towns[0]).items()} == {
        "street_lights": Decimal("120"),
        "public_toilets": Decimal("4"),
    }
    page.wait_for_load_state("domcontentloaded")
    assert page.evaluate(DRAFT_KEYS) == []
    assert other_errors(console_errors) == []
