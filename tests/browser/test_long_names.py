"""Charts and tables hold with the longest names a county has, measured, not eyeballed.

Two 15-character town names, the catalogue's longest indicator names (12 characters)
and a 500-character 说明, at the 大屏's 1920×1080, a desk's 1366×768 and a phone's
390×844. In Chromium every label's box (Plotly's SVG text, table cells) is measured:
no two labels of a chart overlap, none reaches outside its chart, none sits on a bar
or a target tick, the page is never wider than the screen, and a table fits its
panel at a desk (the 说明 column in view) and never squeezes a name to one
character a line.
"""

import pytest
from django.db.models import F
from playwright.sync_api import expect

from dashboard.area import pages
from indicators.models import Target
from tests.dashboard.conftest import fill_county

COUNTY = "888801000000"
# Real names of this length exist: 自治镇, 街道, 开发区管理委员会.
LONG_NAMES = {
    1: "大石桥满族蒙古族自治镇新区街道",
    4: "红旗渠经济技术开发区管理委员会",
    6: "石门土家族苗族乡",
}
LONG_TOWN = "888801101000"
NOTE = ("2021年仅 7/8 镇填报，其余各镇按县统计局通知补报后再行汇总；" * 20)[:500]
SIZES = {
    "wall": {"width": 1920, "height": 1080},
    "desk": {"width": 1366, "height": 768},
    "phone": {"width": 390, "height": 844},
}

# Every fault of the visible Plotly charts under `root`, as readable strings: two
# labels overlapping, a label outside its chart, a label on a bar or a target tick.
CHART_FAULTS = """root => {
  const faults = [];
  const shown = el => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== 'hidden'
      && getComputedStyle(el).display !== 'none' && el.getAttribute('opacity') !== '0';
  };
  const meet = (a, b) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1
    && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;
  for (const chart of root.querySelectorAll('.js-plotly-plot')) {
    if (!chart.getClientRects().length) continue;
    const frame = chart.getBoundingClientRect();
    const texts = [...chart.querySelectorAll('svg.main-svg text')]
      .filter(t => !t.closest('.hoverlayer') && t.textContent.trim() && shown(t))
      .map(t => ({text: t.textContent.trim(), box: t.getBoundingClientRect()}));
    const bars = (chart.data || []).some(trace => trace.type === 'bar');
    const marks = bars ? [...chart.querySelectorAll('.barlayer .point path, .scatterlayer .point')]
      .map(el => el.getBoundingClientRect()).filter(r => r.height > 0)
      // A target tick is a stroked line of no width of its own: give it its stroke's.
      .map(r => r.width >= 4 ? r
        : {left: r.left - 2, right: r.right + 2, top: r.top, bottom: r.bottom}) : [];
    const id = chart.id;
    texts.forEach((a, i) => {
      const b = a.box;
      if (b.left < frame.left - 1 || b.right > frame.right + 1
          || b.top < frame.top - 1 || b.bottom > frame.bottom + 1) {
        const where = [b.left, b.top, b.right, b.bottom].map(Math.round).join(',');
        const edge = [frame.left, frame.top, frame.right, frame.bottom].map(Math.round).join(',');
        faults.push(`${id}: "${a.text}" (${where}) reaches outside its chart (${edge})`);
      }
      texts.slice(i + 1).forEach(other => {
        if (meet(b, other.box)) faults.push(`${id}: "${a.text}" overlaps "${other.text}"`);
      });
      if (marks.some(mark => meet(b, mark))) {
        faults.push(`${id}: "${a.text}" sits on a bar or a mark`);
      }
    });
  }
  return faults;
}"""

# Every fault of the visible tables under `root`: text cut in its cell, a name
# squeezed to fewer than four characters a line, a table wider than its panel.
TABLE_FAULTS = """([root, fit]) => {
  const faults = [];
  for (const table of root.querySelectorAll('table.numbers')) {
    if (!table.getClientRects().length) continue;
    const box = table.closest('.table-wrap, .panel') || table.parentElement;
    if (fit && table.getBoundingClientRect().width > box.clientWidth + 1) {
      const width = Math.round(table.getBoundingClientRect().width);
      faults.push(`${table.id || 'table'} is ${width} px in a ${box.clientWidth} px box`);
    }
    for (const cell of table.querySelectorAll('th, td')) {
      const text = cell.textContent.trim();
      if (!text) continue;
      const name = text.slice(0, 20);
      if (cell.scrollWidth > cell.clientWidth + 1) faults.push(`"${name}" is cut in its cell`);
      const range = document.createRange();
      range.selectNodeContents(cell);
      const style = getComputedStyle(cell);
      const line = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.5;
      const lines = Math.round(range.getBoundingClientRect().height / line);
      if (lines > 1 && text.length / lines < 4) faults.push(`"${name}" takes ${lines} lines`);
    }
  }
  return faults;
}"""

# Every chart of the current slide drawn at its holder's size (a slide that was
# hidden is resized when shown).
SETTLED = """() => [...document.querySelectorAll('.bs-slide.current .js-plotly-plot')].every(
  plot => {
    const svg = plot.querySelector('svg.main-svg');
    return svg && Math.abs(svg.getBoundingClientRect().width - plot.clientWidth) <= 1
      && Math.abs(svg.getBoundingClientRect().height - plot.clientHeight) <= 1;
  })"""
# What runs past the screen's right edge, outside a box that scrolls sideways.
TOO_WIDE = """() => [...document.querySelectorAll('body *')]
  .filter(el => !el.closest('.table-wrap')
    && Math.max(el.getBoundingClientRect().right,
                el.getBoundingClientRect().left + el.scrollWidth) > window.innerWidth + 1)
  .slice(0, 3).map(el => `${el.tagName}.${el.className} ${el.textContent.slice(0, 20)}`)"""
PAGE_WIDTH = "() => document.documentElement.scrollWidth - window.innerWidth"
ALL_DRAWN = """() => [...document.querySelectorAll('div.chart')]
  .every(holder => holder.querySelector('svg.main-svg .ytick, svg.main-svg .xtick'))"""


@pytest.fixture
def long_county(county, catalogue, monkeypatch):
    """8 towns, three with the longest names, 2020–2022; each table's last 说明 is
    500 characters."""
    towns = fill_county(county, catalogue, towns=8, years=3)
    for number, name in LONG_NAMES.items():
        towns[number - 1].name = name
        towns[number - 1].save()
    # Each town aims a little above its figure: the target tick lands just past the
    # bar's end, where a label beside the bar would be written.
    Target.objects.filter(region__in=towns).update(value=F("value") + 3)
    monkeypatch.setattr(pages, "grid_table", with_a_long_note(pages.grid_table))
    monkeypatch.setattr(pages, "overview_table", with_a_long_note(pages.overview_table))
    return towns


def with_a_long_note(build):
    def table(*args, **kwargs):
        found = build(*args, **kwargs)
        found.rows[-1][-1] = NOTE
        return found

    return table


def draw_everything(page) -> None:
    """Open the overview's sections and draw every chart, as printing does."""
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    page.wait_for_function(ALL_DRAWN)


def faults(page, size: str, root: str = "main") -> list[str]:
    found = page.locator(root).first.evaluate(CHART_FAULTS)
    found += page.locator(root).first.evaluate(
        f"root => ({TABLE_FAULTS})([root, {str(size != 'phone').lower()}])"
    )
    wider = page.evaluate(PAGE_WIDTH)
    if wider > 0:
        found.append(f"the page is {wider} px wider than the screen: {page.evaluate(TOO_WIDE)}")
    return found


@pytest.mark.parametrize("size", SIZES)
def test_the_bigscreen_ranking_keeps_every_label_whole_and_apart(
    page, long_county, console_errors, size
):
    page.set_viewport_size(SIZES[size])
    page.goto(f"/bigscreen/?county={COUNTY}&interval=3600")
    for number in range(1, 6):
        page.keyboard.press(str(number))
        slide = page.locator(".bs-slide.current")
        expect(slide.locator(".bs-chart svg.main-svg").first).to_be_attached()
        page.wait_for_function(SETTLED)
        found = slide.evaluate(CHART_FAULTS)
        # Nothing of the chart is hidden by its panel's edge (overflow: hidden).
        found += slide.locator(".bs-ranking").evaluate(
            "panel => panel.scrollHeight - panel.clientHeight > 1"
            " ? [`the ranking is cut: ${panel.scrollHeight} px in ${panel.clientHeight} px`] : []"
        )
        assert not found, f"slide {number}:\n" + "\n".join(found)
    assert page.evaluate(PAGE_WIDTH) <= 0
    assert console_errors == []


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize(
    "url",
    [
        "/sections/livelihood/",
        "/indicators/village_health_coverage/",
        f"/towns/{LONG_TOWN}/",
        "/",
        "/towns/",
        "/indicators/",
    ],
)
def test_charts_and_tables_hold_the_longest_names(page, long_county, console_errors, size, url):
    page.set_viewport_size(SIZES[size])
    page.goto(f"{url}?county={COUNTY}")
    draw_everything(page)
    found = faults(page, size)
    assert not found, "\n".join(found)
    assert console_errors == []


def test_a_long_name_is_shortened_on_a_chart_and_whole_in_its_hover(page, long_county):
    page.set_viewport_size(SIZES["desk"])
    page.goto(f"/sections/livelihood/?county={COUNTY}")
    draw_everything(page)
    chart = page.locator("#compare-village_health_coverage")
    names = chart.locator(".ytick text").all_text_contents()
    assert "大石桥满族蒙古族…" in names
    # Plotly listens on its drag layer, above the bars: the mouse goes to the bar.
    chart.locator(".barlayer .point").nth(names.index("大石桥满族蒙古族…")).hover(force=True)
    expect(chart.locator(".hoverlayer")).to_contain_text(LONG_NAMES[1])


def test_a_crowded_bigscreen_shows_the_highest_and_lowest_three_and_keeps_the_map(
    page, county, catalogue, console_errors
):
    towns = fill_county(county, catalogue, towns=38, years=1)
    towns[0].name = LONG_NAMES[1]
    towns[0].save()
    page.set_viewport_size(SIZES["wall"])
    page.goto(f"/bigscreen/?county={COUNTY}&interval=3600&year=2020")
    slide = page.locator(".bs-slide.current")
    expect(slide.locator(".bs-ranking h3")).to_contain_text("共 38 镇，列出最高、最低各 3 镇")
    chart = slide.locator(".bs-ranking .bs-chart")
    # Three, a row saying how many are left out, three.
    expect(chart.locator(".ytick text")).to_have_count(7)
    expect(chart.locator(".ytick text").nth(3)).to_have_text("另 32 镇未列出")
    page.wait_for_function(SETTLED)
    found = slide.evaluate(CHART_FAULTS)
    assert not found, "\n".join(found)
    # The map above keeps its room (220 px here): beside 11 rows it kept 60 px.
    assert slide.locator(".bs-map").bounding_box()["height"] >= 200
    assert console_errors == []
