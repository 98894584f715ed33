"""The 大屏 in headless Chromium at 1920×1080: it rotates, pauses, draws every chart from
local files only, and nothing on it is too small to read from the back of a room."""

import re

import pytest
from playwright.sync_api import expect

from indicators.models import Status
from tests import factories
from tests.dashboard.conftest import fill_county
from tests.factories import seed_figures

COUNTY = "888801000000"
WALL = {"width": 1920, "height": 1080}
SECTIONS = ["industry", "urbanisation", "green", "livelihood", "party"]
# Every element that holds text of its own and takes up room on the screen (HTML or
# Plotly's SVG), with its computed font size.
TEXT_SIZES = """() => {
  const found = [];
  for (const el of document.querySelectorAll('body *')) {
    if (el.closest('script, style')) continue;
    const own = [...el.childNodes].some(n => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
    if (!own || !el.getClientRects().length) continue;
    found.push({
      tag: el.tagName.toLowerCase(),
      svg: el instanceof SVGElement,
      size: parseFloat(getComputedStyle(el).fontSize),
      text: el.textContent.trim().slice(0, 40),
    });
  }
  return found;
}"""


@pytest.fixture
def wall(page, catalogue, county):
    fill_county(county, catalogue, towns=3, years=3)
    page.set_viewport_size(WALL)
    return page


def body(page):
    return page.locator("body")


def test_it_moves_on_to_the_next_section_after_the_interval(wall, console_errors):
    wall.goto(f"/bigscreen/?county={COUNTY}&interval=2")
    expect(body(wall)).to_have_attribute("data-current", "industry")
    expect(wall.locator("#slide-industry")).to_be_visible()
    expect(wall.locator("#slide-urbanisation")).to_be_hidden()
    # The timer moves on by itself: wait for the page to change, up to 5 s.
    expect(body(wall)).to_have_attribute("data-current", "urbanisation", timeout=5_000)
    expect(body(wall)).to_have_attribute("data-rotations", "1")
    expect(wall.locator("#slide-urbanisation")).to_be_visible()
    expect(wall.locator("#slide-industry")).to_be_hidden()
    expect(wall.locator(".bs-tab.current")).to_have_text("城镇化")
    assert console_errors == []


def test_space_pauses_the_rotation_and_arrows_still_move(wall, console_errors):
    # Playwright's clock runs the page's timers on demand: minutes pass without waiting.
    wall.clock.install()
    wall.goto(f"/bigscreen/?county={COUNTY}&interval=5")
    expect(body(wall)).to_have_attribute("data-current", "industry")
    wall.clock.run_for(5_100)
    expect(body(wall)).to_have_attribute("data-current", "urbanisation")
    expect(body(wall)).to_have_attribute("data-rotations", "1")

    wall.keyboard.press("Space")
    expect(body(wall)).to_have_attribute("data-paused", "true")
    expect(wall.locator(".bs-paused")).to_be_visible()
    expect(wall.locator(".bs-paused")).to_have_text("已暂停")
    wall.clock.run_for(60_000)  # twelve intervals
    expect(body(wall)).to_have_attribute("data-rotations", "1")
    expect(body(wall)).to_have_attribute("data-current", "urbanisation")

    # Arrows move by hand, and the screen stays paused.
    wall.keyboard.press("ArrowRight")
    expect(body(wall)).to_have_attribute("data-current", "green")
    wall.keyboard.press("ArrowLeft")
    wall.keyboard.press("ArrowLeft")
    expect(body(wall)).to_have_attribute("data-current", "industry")
    wall.keyboard.press("ArrowLeft")  # round to the last section
    expect(body(wall)).to_have_attribute("data-current", "party")
    wall.clock.run_for(60_000)
    expect(body(wall)).to_have_attribute("data-current", "party")
    expect(body(wall)).to_have_attribute("data-rotations", "1")

    wall.keyboard.press("Space")
    expect(body(wall)).to_have_attribute("data-paused", "false")
    expect(wall.locator(".bs-paused")).to_be_hidden()
    wall.clock.run_for(5_100)
    expect(body(wall)).to_have_attribute("data-current", "industry")
    expect(body(wall)).to_have_attribute("data-rotations", "2")
    assert console_errors == []


def test_every_chart_is_drawn_from_local_files_only(wall, outside_requests, console_errors):
    wall.goto(f"/bigscreen/?county={COUNTY}")
    charts = wall.locator("div.bs-chart")
    expect(charts).to_have_count(len(SECTIONS))
    for index in range(len(SECTIONS)):
        expect(charts.nth(index).locator("svg.main-svg").first).to_be_attached()
    # Each town's bar, with its figure beside it.
    first = wall.locator("#slide-industry div.bs-chart")
    expect(first.locator(".barlayer .point")).to_have_count(3)
    expect(first.locator(".annotation-text").last).to_contain_text(re.compile(r"\d"))
    assert outside_requests == []
    assert console_errors == []


@pytest.mark.parametrize("theme", ["dark", "light"])
def test_no_text_is_smaller_than_18_px(wall, console_errors, theme):
    wall.goto(f"/bigscreen/?county={COUNTY}&theme={theme}")
    expect(wall.locator("#slide-industry svg.main-svg").first).to_be_attached()
    for section in SECTIONS:
        wall.keyboard.press(str(SECTIONS.index(section) + 1))
        expect(body(wall)).to_have_attribute("data-current", section)
        texts = wall.evaluate(TEXT_SIZES)
        # The check sees the charts' own text, not only the page's.
        assert any(text["svg"] for text in texts)
        small = [text for text in texts if text["size"] < 18]
        assert small == [], small
    assert console_errors == []


def test_t_switches_between_dark_and_light_and_the_address_keeps_it(wall, console_errors):
    wall.goto(f"/bigscreen/?county={COUNTY}")
    expect(body(wall)).to_have_class(re.compile(r"\btheme-dark\b"))
    dark = wall.evaluate("getComputedStyle(document.body).backgroundColor")
    wall.keyboard.press("t")
    expect(body(wall)).to_have_class(re.compile(r"\btheme-light\b"))
    assert wall.evaluate("getComputedStyle(document.body).backgroundColor") != dark
    assert "theme=light" in wall.url
    # The charts are drawn again in the light theme's ink.
    tick = wall.locator("#slide-industry .ytick text").first
    expect(tick).to_have_css("fill", "rgb(31, 41, 51)")
    assert console_errors == []


# Cards whose content runs past their box: their change line or sparkline is cut.
CUT_CARDS = """() => [...document.querySelectorAll('.bs-slide.current .bs-card')]
  .filter(card => card.scrollHeight - card.clientHeight > 1)
  .map(card => card.dataset.indicator)"""


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_headline_card_shows_its_name_figure_and_change_whole(
    wall, live_server, language, console_errors
):
    wall.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    for section in SECTIONS:
        wall.goto(f"/bigscreen/?county={COUNTY}&section={section}&interval=3600")
        expect(wall.locator("html")).to_have_attribute("lang", language)
        assert wall.evaluate(CUT_CARDS) == [], section
    assert console_errors == []


@pytest.mark.parametrize("size", [{"width": 1366, "height": 768}, WALL])
def test_the_section_tabs_stay_a_row_beside_or_under_a_long_english_title(
    wall, live_server, size, console_errors
):
    wall.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    wall.set_viewport_size(size)
    wall.goto(f"/bigscreen/?county={COUNTY}&interval=3600")
    tops = wall.eval_on_selector_all(
        ".bs-tab", "tabs => tabs.map((tab) => Math.round(tab.getBoundingClientRect().top))"
    )
    # Beside the title they once stood one above the other, one tab a row.
    assert len(tops) == len(SECTIONS) and len(set(tops)) <= 2, tops
    assert console_errors == []


# Figures whose number broke onto a second line.
BROKEN_FIGURES = """() => [...document.querySelectorAll('.bs-slide.current .bs-figure .figure')]
  .filter(figure => figure.getClientRects().length > 1)
  .map(figure => figure.textContent)"""


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_provinces_large_totals_stay_on_one_line(
    page, live_server, catalogue, county, language, console_errors
):
    towns = [factories.town(county, number) for number in (1, 2)]
    seed_figures(
        {(town.code, 2020): dict.fromkeys(catalogue, "1418752.94") for town in towns},
        status=Status.APPROVED,
    )
    page.context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_server.url}]
    )
    page.set_viewport_size(WALL)
    for section in SECTIONS:
        page.goto(f"/bigscreen/?county={COUNTY}&section={section}&interval=3600&year=2020")
        expect(page.locator(".bs-slide.current .bs-figure").first).to_contain_text("2,837,50")
        assert page.evaluate(BROKEN_FIGURES) == [], section
        assert page.evaluate(CUT_CARDS) == [], section
    assert console_errors == []
