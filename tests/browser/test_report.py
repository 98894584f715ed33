"""The report page in headless Chromium: missing figures stand out and lead to their field."""

import re

from playwright.sync_api import expect

from tests.factories import save_figures

from .conftest import login

TOWN = "888801101000"
HIGHLIGHT = "rgb(255, 224, 138)"  # mark.xx in static/css/report.css


def test_a_clerk_sees_what_is_missing_and_follows_it_to_the_entry_field(
    page, catalogue, towns, clerk, console_errors, outside_requests
):
    save_figures(towns[0], 2025, {"raw_coal_output": "112.5"}, user=clerk)
    login(page, clerk)
    expect(page.get_by_role("button", name="退出")).to_be_visible()

    page.goto(f"/report/{TOWN}/2025/")
    missing = page.locator("#missing .missing-list li")
    expect(missing).to_have_count(36)
    expect(missing.first).to_contain_text("煤矿整治重组")
    # Each missing figure is a highlighted XX in the text; an entered one is not.
    gap = page.locator('.report-paper .figure[data-indicator="public_toilets"] mark.xx')
    expect(gap).to_have_text("XX")
    expect(gap).to_have_css("background-color", HIGHLIGHT)
    coal = page.locator('.report-paper .figure[data-indicator="raw_coal_output"]')
    expect(coal).to_have_text("112.50")
    expect(coal.locator("mark")).to_have_count(0)

    page.locator("#missing").get_by_role("link", name="集镇公厕").click()
    expect(page).to_have_url(re.compile(rf"/entry/{TOWN}/2025/#id_value-public_toilets$"))
    field = page.locator("#id_value-public_toilets")
    expect(field).to_be_in_viewport()
    assert page.evaluate("document.querySelector(':target').id") == "id_value-public_toilets"
    assert console_errors == []
    assert outside_requests == []


def test_on_paper_the_report_is_only_the_document_without_highlights(page, catalogue, towns):
    page.goto(f"/report/{TOWN}/2025/")
    gap = page.locator(".report-paper .figure mark.xx").first
    expect(gap).to_have_css("background-color", HIGHLIGHT)
    page.emulate_media(media="print")
    expect(gap).to_have_css("background-color", "rgba(0, 0, 0, 0)")
    expect(page.locator("#missing")).to_be_hidden()
    expect(page.locator(".topbar")).to_be_hidden()
    expect(page.locator(".report-paper p").first).to_have_css("font-size", "21.3333px")  # 16 pt
