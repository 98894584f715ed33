"""The county overview and a trend chart after a merge, in headless Chromium."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import browser, console_errors, outside_requests, page  # noqa: F401

from .conftest import CODE

pytestmark = pytest.mark.browser


def test_the_overview_and_the_trend_say_where_the_merge_happened(
    page,  # noqa: F811
    county,
    merged,
    console_errors,  # noqa: F811
    outside_requests,  # noqa: F811
):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"/?county={county.code}&year=2026&from=2018")
    expect(page.locator(".tree-note")).to_have_text("2026 年：甲镇、乙镇合并为丙镇")
    page.locator("details.section-row > summary").first.click()
    page.screenshot(path="/tmp/rdash_overview.png", full_page=True)
    page.goto(f"/sections/follows/?county={county.code}&year=2026&from=2018")
    trend = page.locator(f"#trend-{CODE}")
    expect(trend.locator(".main-svg").first).to_be_visible()
    # The marker: a dotted line at 2026 and its label, drawn by Plotly.
    expect(trend.locator(".shapelayer path")).to_have_count(1)
    expect(trend.get_by_text("2026年合并")).to_have_count(1)
    page.locator(f"#indicator-{CODE}").screenshot(path="/tmp/rdash_trend.png")
    assert console_errors == []
    assert outside_requests == []
