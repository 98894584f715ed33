"""The dashboards in headless Chromium: charts drawn, nothing fetched from outside."""

from playwright.sync_api import expect

from tests.dashboard.conftest import fill_county

COUNTY = "888801000000"
TOWN = "888801101000"


def test_overview_section_and_town_pages_draw_their_charts_from_local_files_only(
    page, catalogue, county, outside_requests, console_errors
):
    fill_county(county, catalogue, towns=3, years=3)
    for url in ["/", "/sections/industry/", f"/towns/{TOWN}/"]:
        page.goto(f"{url}?county={COUNTY}")
        expect(page.locator(".main-svg").first).to_be_visible()
        assert page.locator("div.chart .main-svg").count() >= 1
    # The section page's first indicator: a trend line per town, bars per town.
    page.goto(f"/sections/industry/?county={COUNTY}")
    trend = page.locator("#trend-coal_mines_consolidated")
    expect(trend.locator(".scatterlayer .trace")).to_have_count(3)
    compare = page.locator("#compare-coal_mines_consolidated")
    expect(compare.locator(".barlayer .point")).to_have_count(3)
    assert outside_requests == []
    assert console_errors == []


def test_charts_offer_a_png_download_in_chinese(page, catalogue, county, console_errors):
    fill_county(county, catalogue, towns=2, years=2)
    page.goto(f"/indicators/raw_coal_output/?county={COUNTY}")
    chart = page.locator("#trend-raw_coal_output")
    chart.hover()
    expect(chart.locator('.modebar-btn[data-title="下载 PNG 图片"]')).to_have_count(1)
    assert console_errors == []
