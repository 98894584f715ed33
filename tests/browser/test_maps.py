"""The map in headless Chromium: drawn from our own files only, and a click on a county
opens the map of its towns."""

import pytest
from playwright.sync_api import expect
from shapely.geometry import box

from indicators.maps.services import boundaries_seed
from indicators.models import Level, Region
from tests.dashboard.conftest import fill_county
from tests.dashboard.provinces import code, fill_province

YEAR = 2020
FONT_SIZES = """els => els.filter(e => e.textContent.trim())
  .map(e => parseFloat(getComputedStyle(e).fontSize))"""


@pytest.fixture
def prefecture(catalogue):
    fill_province(catalogue, prefectures=1, counties=2, towns=2, years=1)
    counties = {code(1, c): box(112 + c * 0.2, 37, 112.2 + c * 0.2, 37.2) for c in (1, 2)}
    boundaries_seed(geometries=counties, level=Level.COUNTY, valid_from=2000)
    towns = {
        code(1, c, t): box(112 + c * 0.2 + (t - 1) * 0.1, 37, 112.1 + c * 0.2 + (t - 1) * 0.1, 37.2)
        for c in (1, 2)
        for t in (1, 2)
    }
    boundaries_seed(geometries=towns, level=Level.TOWN, valid_from=2000)
    return Region.objects.get(code=code(1))


def test_clicking_a_county_opens_the_map_of_its_towns(
    page, prefecture, outside_requests, console_errors
):
    page.goto(f"/maps/?region={prefecture.code}&year={YEAR}&indicator=jobs_created")
    first = page.locator(".map-chart path.choroplethlocation").first
    expect(first).to_be_visible()
    # Plotly's map takes the pointer on its background and finds the region under it.
    box_ = first.bounding_box()
    page.mouse.move(box_["x"] + box_["width"] / 2, box_["y"] + box_["height"] / 2)
    page.mouse.click(box_["x"] + box_["width"] / 2, box_["y"] + box_["height"] / 2)
    page.wait_for_url(lambda url: f"county={code(1, 1)}" in url)
    expect(page.locator("h1")).to_contain_text("测试1市1县")
    expect(page.locator(".map-chart text", has_text="测试1-1-1镇")).to_be_visible()
    assert outside_requests == [] and console_errors == []


def test_the_wall_screen_map_steps_through_the_years_in_large_text(
    page, catalogue, outside_requests, console_errors
):
    fill_province(catalogue, prefectures=1, counties=1, towns=2, years=3)
    towns = {code(1, 1, t): box(112 + t * 0.1, 37, 112.1 + t * 0.1, 37.1) for t in (1, 2)}
    boundaries_seed(geometries=towns, level=Level.TOWN, valid_from=2000)
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"/bigscreen/?county={code(1, 1)}&year=2022&interval=3")
    holder = page.locator(".bs-slide.current .bs-map")
    expect(holder.locator("path.choroplethlocation").first).to_be_visible()
    first = holder.get_attribute("data-year")
    expect(holder).not_to_have_attribute("data-year", first)  # the timeline moved on
    texts = page.locator(".bs-slide.current .bs-map-panel text, .bs-map-panel h3")
    sizes = texts.evaluate_all(FONT_SIZES)
    assert sizes and min(sizes) >= 18
    assert outside_requests == [] and console_errors == []


def test_the_county_overview_draws_its_towns_map_from_local_files_only(
    page, catalogue, county, outside_requests, console_errors
):
    fill_county(county, catalogue, towns=3, years=1)
    towns = Region.objects.filter(parent=county).order_by("code")
    shapes = {t.code: box(112 + i * 0.1, 37, 112.1 + i * 0.1, 37.1) for i, t in enumerate(towns)}
    boundaries_seed(geometries=shapes, level=Level.TOWN, valid_from=2000)
    page.goto(f"/?county={county.code}")
    expect(page.locator("#overview-map path.choroplethlocation")).to_have_count(3)
    expect(page.locator("#overview-map text", has_text="测试1镇")).to_be_visible()
    assert outside_requests == [] and console_errors == []


# The names a map shows, as boxes, and how many it hid.
NAMES = """holder => {
  const texts = [...holder.querySelectorAll('.scattergeo text')];
  const shown = texts.filter(t => t.getAttribute('visibility') !== 'hidden')
    .map(t => t.getBoundingClientRect()).filter(b => b.width);
  return {shown: shown.map(b => [b.left, b.top, b.right, b.bottom]),
          hidden: texts.length - shown.length};
}"""


def test_names_of_crowded_towns_never_sit_on_one_another(page, catalogue, county, console_errors):
    fill_county(county, catalogue, towns=30, years=1)
    towns = Region.objects.filter(parent=county).order_by("code")
    # Thirty narrow towns side by side: each name is wider than its town.
    shapes = {
        town.code: box(112 + i * 0.01, 37, 112.01 + i * 0.01, 37.05) for i, town in enumerate(towns)
    }
    boundaries_seed(geometries=shapes, level=Level.TOWN, valid_from=2000)
    page.goto(f"/?county={county.code}")
    holder = page.locator("#overview-map")
    expect(holder.locator("path.choroplethlocation")).to_have_count(30)
    page.wait_for_function(
        "() => document.querySelector('#overview-map').dataset.namesApart === '1'"
    )
    names = holder.evaluate(NAMES)
    assert names["hidden"] > 0 and names["shown"], names
    boxes = names["shown"]
    for i, (left, top, right, bottom) in enumerate(boxes):
        for other in boxes[i + 1 :]:
            apart = right <= other[0] or other[2] <= left or bottom <= other[1] or other[3] <= top
            assert apart, (boxes[i], other)
    assert console_errors == []
