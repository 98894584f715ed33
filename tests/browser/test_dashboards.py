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


def test_the_county_trend_draws_a_partial_year_apart_with_its_town_count_on_hover(
    page, catalogue, county, console_errors
):
    from indicators.models import Report, Status

    fill_county(county, catalogue, towns=3, years=3)
    Report.objects.filter(year=2022).exclude(region_id=TOWN).update(status=Status.SUBMITTED)
    page.goto(f"/indicators/raw_coal_output/?county={COUNTY}&year=2022&view=county")
    chart = page.locator("#trend-raw_coal_output")
    # The county's solid line, the dotted segment into 2022, the partial mark, the target.
    expect(chart.locator(".scatterlayer .trace")).to_have_count(4)
    expect(chart.locator(".legendtext", has_text="部分镇填报")).to_have_count(1)
    chart.evaluate("el => Plotly.Fx.hover(el, [{curveNumber: 2, pointNumber: 0}])")
    expect(chart.locator(".hoverlayer")).to_contain_text("仅 1/3 镇填报")
    assert console_errors == []
