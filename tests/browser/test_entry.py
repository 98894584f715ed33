"""A town's figures from typing to approval, in a real browser."""

from django.utils import timezone
from playwright.sync_api import expect

from indicators.models import Report, Status
from tests.factories import save_figures

from .conftest import login


def sign_in(page, user) -> None:
    login(page, user)
    # The login form's redirect may still be under way when login() returns.
    expect(page.get_by_role("button", name="退出")).to_be_visible()


def logout(page) -> None:
    page.get_by_role("button", name="退出").click()
    expect(page.get_by_role("link", name="登录")).to_be_visible()


def figure(page, code: str):
    return page.locator(f"input[name='value-{code}']")


def test_a_clerk_enters_a_reviewer_submits_and_a_county_official_approves(
    page, catalogue, clerk, reviewer, county_official, towns, console_errors, outside_requests
):
    year = timezone.localdate().year
    sign_in(page, clerk)
    page.get_by_role("link", name="填报", exact=True).click()
    expect(page).to_have_url(f"/entry/{towns[0].code}/{year}/")
    expect(page.locator("h1")).to_contain_text(str(year))

    # Part of the first section, with one figure that cannot be a figure.
    figure(page, "coal_design_capacity").fill("１,５００")
    figure(page, "raw_coal_output").fill("1，234.5")
    figure(page, "coal_output_value").fill("十二")
    # Enter moves down to the next figure instead of submitting half a form.
    figure(page, "raw_coal_output").press("Enter")
    expect(figure(page, "washed_coal_output")).to_be_focused()
    # Tab goes down the figures too: the comments are not in its way.
    page.keyboard.press("Tab")
    expect(figure(page, "coal_output_value")).to_be_focused()
    expect(page.locator("#section-industry .section-progress .count")).to_have_text("3")

    page.get_by_role("button", name="保存草稿").click()
    row = page.locator("tr.entry-row[data-code='coal_output_value']")
    expect(row.locator(".field-error")).to_contain_text("“十二”不是数字")
    expect(figure(page, "raw_coal_output")).to_have_value("1，234.5")  # everything typed is kept
    assert not Report.objects.filter(values__isnull=False).exists()

    figure(page, "coal_output_value").fill("12.5")
    page.get_by_role("button", name="保存草稿").click()
    expect(page.locator(".message.success")).to_contain_text("新增 3 项")
    expect(figure(page, "raw_coal_output")).to_have_value("1234.50")
    expect(page.locator(".field-error")).to_have_count(0)
    # A clerk edits but does not submit: the town's reviewer does.
    expect(page.get_by_role("button", name="提交审核")).to_have_count(0)
    logout(page)

    sign_in(page, reviewer)
    page.goto(f"/entry/{towns[0].code}/{year}/")
    page.get_by_role("button", name="提交审核").click()
    # 3 of 41 figures: the page names the 38 missing ones and asks first.
    incomplete = page.locator("#incomplete")
    expect(incomplete).to_contain_text(f"还有 {len(catalogue) - 3} 项数字没有填写")
    expect(incomplete.locator("li").first).to_have_text("煤矿整治重组")
    expect(page.locator(".entry-head .badge")).to_have_text("草稿")
    incomplete.get_by_role("button", name="仍然提交").click()
    expect(page.locator(".entry-head .badge")).to_have_text("已提交")
    logout(page)

    sign_in(page, county_official)
    page.get_by_role("link", name="填报进度").first.click()
    progress_row = page.locator(f"tr[data-town='{towns[0].code}']")
    expect(progress_row.locator(".badge")).to_have_text("已提交")
    expect(progress_row).to_contain_text(f"3/{len(catalogue)}")
    progress_row.get_by_role("link").click()
    page.get_by_role("button", name="审核通过").click()

    expect(page.locator(".entry-head .badge")).to_have_text("已审核")
    expect(page.locator("tr[data-code='raw_coal_output'] .readonly-value")).to_have_text("1234.50")
    expect(page.locator("input.figure")).to_have_count(0)
    assert Report.objects.get(region=towns[0], year=year).status == Status.APPROVED
    # The one refused save answers 400, which Chromium logs; nothing else may fail.
    assert [error for error in console_errors if "status of 400" not in error] == []
    assert outside_requests == []


def test_the_form_fits_a_phone_screen_without_sideways_scrolling(page, catalogue, clerk, towns):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, clerk)
    page.goto(f"/entry/{towns[0].code}/2024/")
    figure(page, "street_lights").fill("abc")
    page.get_by_role("button", name="保存草稿").click()
    expect(page.locator(".field-error")).to_have_count(1)
    page.wait_for_load_state("load")  # the stylesheet too, not just the new document
    width = page.evaluate("document.documentElement.scrollWidth")
    # On failure, name the elements that stick out.
    wide = page.evaluate(
        """Array.from(document.querySelectorAll("body *"))
          .filter((e) => e.getBoundingClientRect().right > 391)
          .map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`)
          .slice(0, 10)"""
    )
    assert width <= 390, wide
    box = figure(page, "street_lights").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390


def _meanwhile(browser, live_server, user, url, figures: dict[str, str]) -> None:
    """Someone else, in another browser, saves figures on the same town-year."""
    other = browser.new_context(base_url=live_server.url, locale="zh-CN").new_page()
    sign_in(other, user)
    other.goto(url)
    for code, value in figures.items():
        figure(other, code).fill(value)
    other.get_by_role("button", name="保存草稿").click()
    expect(other.locator(".message.success")).to_be_visible()
    other.context.close()


def test_two_tabs_never_wipe_a_colleagues_figure(
    page, browser, live_server, catalogue, clerk, reviewer, towns
):
    # The reproduction: A sets 13; B, on a page opened before, edits another
    # figure and saves, then presses save again. A's 13 must survive both saves.
    url = f"/entry/{towns[0].code}/2024/"
    sign_in(page, clerk)
    page.goto(url)
    _meanwhile(browser, live_server, reviewer, url, {"villages_collective_economy": "13"})

    figure(page, "public_toilets").fill("4")
    page.get_by_role("button", name="保存草稿").click()
    expect(page.locator(".message.success")).to_contain_text("新增 1 项")
    expect(page.locator(".message.info")).to_contain_text("集体经济达标村")
    expect(figure(page, "villages_collective_economy")).to_have_value("13")
    page.get_by_role("button", name="保存草稿").click()
    expect(page.locator(".message.info")).to_contain_text("没有改动")

    saved = dict(
        Report.objects.get(region=towns[0], year=2024).values.values_list("indicator_id", "value")
    )
    assert saved == {"villages_collective_economy": 13, "public_toilets": 4}


def test_a_figure_both_changed_is_shown_side_by_side_and_the_clerk_picks(
    page, browser, live_server, catalogue, clerk, reviewer, towns
):
    url = f"/entry/{towns[0].code}/2024/"
    sign_in(page, clerk)
    page.goto(url)
    _meanwhile(browser, live_server, reviewer, url, {"street_lights": "120"})

    figure(page, "street_lights").fill("100")
    figure(page, "public_toilets").fill("4")
    page.get_by_role("button", name="保存草稿").click()

    conflicts = page.locator(".merge-conflicts")
    expect(conflicts.locator("tbody tr")).to_have_count(1)
    expect(conflicts.locator("tbody tr")).to_contain_text("100")
    expect(conflicts.locator("tbody tr")).to_contain_text("120")
    expect(figure(page, "street_lights")).to_have_value("100")
    expect(figure(page, "public_toilets")).to_have_value("4")
    conflicts.get_by_role("button", name="采用他人的").click()
    expect(figure(page, "street_lights")).to_have_value("120")
    page.get_by_role("button", name="保存草稿").click()
    expect(page.locator(".message.success")).to_be_visible()

    saved = dict(
        Report.objects.get(region=towns[0], year=2024).values.values_list("indicator_id", "value")
    )
    assert saved == {"street_lights": 120, "public_toilets": 4}


def test_bad_figures_and_a_figure_removed_meanwhile_are_told_in_chinese(
    page, browser, live_server, catalogue, clerk, reviewer, towns, console_errors
):
    save_figures(towns[0], 2024, {"street_lights": 10}, user=clerk)
    url = f"/entry/{towns[0].code}/2024/"
    sign_in(page, clerk)
    page.goto(url)
    figure(page, "public_toilets").fill("-3")
    figure(page, "garbage_trucks").fill("1,23")
    figure(page, "raw_coal_output").fill("１２３")
    page.get_by_role("button", name="保存草稿").click()
    row = page.locator("tr.entry-row[data-code='public_toilets']")
    expect(row.locator(".field-error")).to_contain_text("不能为负数")
    row = page.locator("tr.entry-row[data-code='garbage_trucks']")
    expect(row.locator(".field-error")).to_contain_text("千分位逗号的位置不对")
    expect(page.locator(".field-error")).to_have_count(2)
    expect(figure(page, "raw_coal_output")).to_have_value("１２３")

    # Meanwhile the reviewer clears the street lights, which the clerk then changes.
    _meanwhile(browser, live_server, reviewer, url, {"street_lights": ""})
    figure(page, "public_toilets").fill("")
    figure(page, "garbage_trucks").fill("2")
    figure(page, "street_lights").fill("11")
    page.get_by_role("button", name="保存草稿").click()
    conflict = page.locator(".merge-conflicts tbody tr")
    expect(conflict).to_have_count(1)
    expect(conflict).to_contain_text("安装路灯")
    expect(conflict).to_contain_text("reviewer")
    expect(conflict.locator(".theirs")).to_have_text("—")
    expect(figure(page, "garbage_trucks")).to_have_value("2")  # the rest is kept
    conflict.get_by_role("button", name="采用他人的").click()
    page.get_by_role("button", name="保存草稿").click()
    expect(page.locator(".message.success")).to_contain_text("新增 2 项")

    saved = dict(
        Report.objects.get(region=towns[0], year=2024).values.values_list("indicator_id", "value")
    )
    assert saved == {"garbage_trucks": 2, "raw_coal_output": 123}
    refused = ("status of 400", "status of 409")
    assert [e for e in console_errors if not any(code in e for code in refused)] == []


def test_leaving_the_form_with_unsaved_figures_asks_first(page, catalogue, clerk, towns):
    year = timezone.localdate().year
    sign_in(page, clerk)
    page.goto(f"/entry/{towns[0].code}/{year}/")
    dialogs = []

    def stay(dialog):
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", stay)
    figure(page, "street_lights").click()
    page.keyboard.type("120")
    page.get_by_role("link", name="校验规则").first.click()

    expect(page).to_have_url(f"/entry/{towns[0].code}/{year}/")
    assert dialogs == ["beforeunload"]
    expect(figure(page, "street_lights")).to_have_value("120")


def test_tab_goes_down_the_figures_and_the_comment_has_its_own_way_in(
    page, catalogue, clerk, towns
):
    sign_in(page, clerk)
    page.goto(f"/entry/{towns[0].code}/2024/")
    figures = page.locator("input.figure")
    figures.nth(0).focus()
    page.keyboard.press("Tab")
    expect(figures.nth(1)).to_be_focused()

    # The row's 说明 button, or Alt+Enter in its figure, opens its comment.
    row = page.locator("tr.entry-row[data-code='street_lights']")
    row.get_by_role("button", name="说明").click()
    comment = page.locator("input[name='comment-street_lights']")
    expect(comment).to_be_focused()
    expect(row.locator(".comment-left")).to_have_text("还可输入 500 字")
    page.keyboard.type("新装路灯")
    expect(row.locator(".comment-left")).to_have_text("还可输入 496 字")
    page.keyboard.press("Escape")
    expect(figure(page, "street_lights")).to_be_focused()
    expect(row.locator(".comment-left")).to_be_hidden()
    figure(page, "public_toilets").press("Alt+Enter")
    expect(page.locator("input[name='comment-public_toilets']")).to_be_focused()


def test_a_pasted_comment_longer_than_the_limit_is_not_cut_silently(page, catalogue, clerk, towns):
    sign_in(page, clerk)
    page.goto(f"/entry/{towns[0].code}/2024/")
    comment = page.locator("input[name='comment-street_lights']")
    comment.focus()
    page.evaluate(
        """() => {
          const input = document.querySelector("input[name='comment-street_lights']");
          const data = new DataTransfer();
          data.setData("text/plain", "长".repeat(520));
          input.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true}));
          input.value = "长".repeat(500);  // what the browser's maxlength keeps
          input.dispatchEvent(new Event("input", {bubbles: true}));
        }"""
    )
    counter = page.locator("tr.entry-row[data-code='street_lights'] .comment-left")
    expect(counter).to_have_text("已到 500 字上限，多出的部分没有粘贴进来。")


def test_the_menu_stays_on_one_line_at_1366_px_in_both_languages(page, catalogue, clerk, towns):
    page.set_viewport_size({"width": 1366, "height": 768})
    sign_in(page, clerk)
    for language in ("en", "zh-hans"):
        page.goto("/rules/")
        with page.expect_navigation():
            page.select_option("select[name=language]", language)
        page.wait_for_load_state("load")
        tops = page.eval_on_selector_all(
            ".mainnav a", "links => links.map((a) => Math.round(a.getBoundingClientRect().top))"
        )
        assert len(set(tops)) == 1, (language, tops)
        assert page.evaluate("document.documentElement.scrollWidth") <= 1366
