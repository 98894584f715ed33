"""The dashboards in headless Chromium: charts drawn, nothing fetched from outside."""

import itertools

from playwright.sync_api import expect

from tests.dashboard.conftest import fill_county
from tests.dashboard.provinces import code, fill_province
from tests.factories import reports_set_status

COUNTY = "888801000000"
TOWN = "888801101000"


def test_overview_section_and_town_pages_draw_their_charts_from_local_files_only(
    page, catalogue, county, outside_requests, console_errors
):
    fill_county(county, catalogue, towns=3, years=3)
    for url in ["/", "/sections/industry/", f"/towns/{TOWN}/"]:
        page.goto(f"{url}?county={COUNTY}")
        if url == "/":
            # The overview's charts are inside its section rows: open the first.
            page.locator("details.section-row > summary").first.click()
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
    reports_set_status(Report.objects.filter(year=2022).exclude(region_id=TOWN), Status.SUBMITTED)
    page.goto(f"/indicators/raw_coal_output/?county={COUNTY}&year=2022&view=county")
    chart = page.locator("#trend-raw_coal_output")
    # The county's solid line, the dotted segment into 2022, the partial mark, the target.
    expect(chart.locator(".scatterlayer .trace")).to_have_count(4)
    expect(chart.locator(".legendtext", has_text="部分镇填报")).to_have_count(1)
    chart.evaluate("el => Plotly.Fx.hover(el, [{curveNumber: 2, pointNumber: 0}])")
    expect(chart.locator(".hoverlayer")).to_contain_text("仅 1/3 镇填报")
    assert console_errors == []


# Every text node's element in <main> that shows on screen, with its font size in px.
TEXT_SIZES = """() => {
  const sizes = [];
  const walker = document.createTreeWalker(document.querySelector("main"), NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const element = walker.currentNode.parentElement;
    if (!walker.currentNode.textContent.trim() || element.closest("sup, svg, .chart")) continue;
    if (!element.getClientRects().length) continue;  // inside a closed row
    const size = parseFloat(getComputedStyle(element).fontSize);
    sizes.push([element.textContent.trim().slice(0, 20), size]);
  }
  return sizes;
}"""


def test_the_overview_shows_the_whole_county_on_the_first_screen_in_readable_type(
    page, catalogue, county, console_errors
):
    fill_county(county, catalogue, towns=8, years=3)
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"/?county={COUNTY}")
    rows = page.locator("details.section-row")
    expect(rows).to_have_count(5)
    for index in range(5):
        box = rows.nth(index).bounding_box()
        assert box["y"] + box["height"] <= 768, index
    small = [(text, size) for text, size in page.evaluate(TEXT_SIZES) if size < 14]
    assert small == []
    # A row opens to its cards and draws its chart; its summary says so to a screen reader.
    industry = page.locator("#section-industry")
    industry.locator("> summary").click()
    expect(industry).to_have_attribute("open", "")
    expect(industry.locator("article.card")).to_have_count(11)
    expect(industry.locator(".attain-chart .main-svg").first).to_be_visible()
    small = [(text, size) for text, size in page.evaluate(TEXT_SIZES) if size < 14]
    assert small == []
    assert console_errors == []


def test_year_labels_of_a_trend_never_overlap_on_a_phone(page, catalogue, county, console_errors):
    fill_county(county, catalogue, towns=3, years=2)
    page.set_viewport_size({"width": 390, "height": 844})
    # Eleven years on a 390 px screen: one label a year would not fit.
    page.goto(f"/sections/industry/?county={COUNTY}&from=2011&to=2021")
    chart = page.locator("#trend-coal_mines_consolidated")
    expect(chart.locator(".xtick text").first).to_be_visible()
    boxes = [tick.bounding_box() for tick in chart.locator(".xtick text").all()]
    assert len(boxes) >= 3
    for left, right in itertools.pairwise(boxes):
        assert left["x"] + left["width"] <= right["x"], (left, right)
    # Upright, and above the legend: not rotated into it.
    legend = chart.locator(".legend").bounding_box()
    assert all(box["height"] < 30 and box["y"] + box["height"] <= legend["y"] for box in boxes)
    assert console_errors == []


def pick(page, region: str, year: str | None = None) -> None:
    """Choose ``region`` (and ``year``) in the dashboard's picker and apply."""
    picker = page.locator(".dash-filters")
    picker.locator('select[name="region"]').select_option(region)
    if year is not None:
        picker.locator('select[name="year"]').select_option(year)
    picker.get_by_role("button", name="应用").click()
    page.wait_for_url(lambda url: region in url)


def test_another_region_in_the_picker_opens_on_its_own_latest_year(page, catalogue, console_errors):
    fill_province(catalogue, prefectures=1, counties=2, towns=1, years=3)
    page.goto(f"/?region={code(1, 1)}&year=2020&from=2020&to=2021")
    pick(page, code(1, 2))
    assert "year=" not in page.url and "from=" not in page.url
    expect(page.locator("h1")).to_contain_text("测试1市2县 2022年")
    # A year chosen together with the region is kept.
    pick(page, code(1, 1), year="2021")
    expect(page.locator("h1")).to_contain_text("测试1市1县 2021年")
    # Back: the form says what the page shows again, every field usable.
    page.go_back()
    picker = page.locator(".dash-filters")
    expect(picker.locator('select[name="year"]')).to_be_enabled()
    expect(picker.locator('select[name="region"]')).to_have_value(code(1, 2))
    assert console_errors == []


def test_another_region_leaves_the_town_of_the_region_before(page, catalogue, console_errors):
    fill_province(catalogue, prefectures=1, counties=2, towns=1, years=1)
    # A section page narrowed to one town: the town is not sent to the other county.
    page.goto(f"/sections/industry/?region={code(1, 1)}&town={code(1, 1, 1)}")
    pick(page, code(1, 2))
    assert "town=" not in page.url
    expect(page.locator("h1")).to_contain_text("测试1市2县")
    # A town's own page: another county opens on its overview.
    page.goto(f"/towns/{code(1, 1, 1)}/?region={code(1, 1)}")
    pick(page, code(1, 2))
    assert "/towns/" not in page.url
    expect(page.locator("h1")).to_contain_text("测试1市2县")
    assert console_errors == []
