"""The report template editor in headless Chromium: pick a slot, watch the preview,
save with a reason, and read the changed report."""

import re

from playwright.sync_api import expect

from indicators.models import ReportTemplateVersion
from tests.factories import save_figures

from .conftest import login

TOWN = "888801101000"
EDIT = f"/report/{TOWN}/templates/05_party/"
DRAFT = "标题：聚焦党的建设，自身建设不断加强\n\n今年以来，共开展作风督查"
# The paragraph as printed, exactly.
SAVED = re.compile("^今年以来，共开展作风督查12次。$")


def test_a_reviewer_picks_a_slot_sees_the_preview_saves_and_the_report_changes(
    page, catalogue, towns, clerk, reviewer, console_errors, outside_requests
):
    save_figures(towns[0], 2025, {"conduct_inspections": 12}, user=clerk)
    login(page, reviewer)
    page.goto(f"/report/{TOWN}/2025/")
    page.get_by_role("link", name="报告模板").click()
    expect(page).to_have_url(re.compile(rf"/report/{TOWN}/templates/\?year=2025$"))
    page.locator('tr[data-part="05_party"]').get_by_role("link", name="编辑").click()
    expect(page).to_have_url(re.compile(rf"{EDIT}\?year=2025$"))

    preview = page.locator("#template-preview")
    expect(preview).to_contain_text("五、聚焦党的建设，自身建设不断加强")
    page.select_option("select[name=year]", "2025")
    text = page.locator("textarea[name=text]")
    text.fill(DRAFT)
    text.press("End")  # the cursor at the end of the text
    page.get_by_role("button", name="作风督查", exact=True).click()
    expect(text).to_have_value(DRAFT + "【作风督查】次")
    text.press("End")
    text.press_sequentially("。")
    # The preview follows the text, with the town's 2025 figure in it; nothing saved.
    expect(preview.locator("p").filter(has_text=SAVED)).to_have_count(1)
    expect(preview).not_to_contain_text("抓严党风廉政建设")
    assert not ReportTemplateVersion.objects.exists()

    page.fill("input[name=reason]", "作风督查单独成段")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".messages")).to_contain_text("已保存")
    [version] = ReportTemplateVersion.objects.all()
    assert version.reason == "作风督查单独成段"

    page.goto(f"/report/{TOWN}/2025/")
    party = page.locator(".report-paper #part-party")
    expect(party.locator("p").filter(has_text=SAVED)).to_have_count(1)
    expect(party).not_to_contain_text("抓严党风廉政建设")
    assert console_errors == []
    assert outside_requests == []


def test_a_bad_template_is_refused_at_its_line_and_the_draft_stays(
    page, catalogue, towns, reviewer
):
    login(page, reviewer)
    page.goto(EDIT)
    page.locator("textarea[name=text]").fill("全{乡}人民。")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("#save-error")).to_contain_text("05_party.txt 第 1 行：不认识的地名“{乡}”")
    expect(page.locator("textarea[name=text]")).to_have_value("全{乡}人民。")
    assert not ReportTemplateVersion.objects.exists()
