"""Tables keep their shape in Chromium, at a desk (1366 px) and on a phone (390 px).

The worst cases of issue 10: a 500-character 说明 on a section's table, and a
500-character comment in a report's history. A town's name stays on one line, the
long text wraps in its own box (the comment in its cell, the note under the table),
and nothing runs past the panel: a wide table scrolls sideways inside it.
"""

from decimal import Decimal

import pytest

from dashboard.area import pages
from indicators.figures import MAX_COMMENT, FigureRow, figures_import
from indicators.models import Role, Source
from tests import factories
from tests.browser.conftest import login
from tests.dashboard.conftest import fill_county

COUNTY = "888801000000"
TOWN = "888801101000"
NOTE = ("2017年仅 7/8 镇填报；" * 50)[:500]
COMMENT = ("因统计口径调整，按县统计局通知重新核对后更正。" * 30)[:MAX_COMMENT]

# How many lines a cell's text takes (its height over its line height), and whether
# anything in the page or a panel is wider than the box that holds it.
LINES = """cell => {
  const range = document.createRange();
  range.selectNodeContents(cell);
  const style = getComputedStyle(cell);
  const line = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.5;
  return range.getBoundingClientRect().height / line;
}"""
OVERFLOW = """panel => ({
  page: document.documentElement.scrollWidth - window.innerWidth,
  panel: panel.scrollWidth - panel.clientWidth,
  right: panel.getBoundingClientRect().right - window.innerWidth,
})"""


def with_a_long_note(grid_table):
    def grid(*args, **kwargs):
        table = grid_table(*args, **kwargs)
        table.rows[-1][-1] = NOTE
        return table

    return grid


def assert_holds_its_shape(page, panel, names, long_text) -> None:
    for name in names:
        assert panel.locator(name).evaluate(LINES) < 1.5, name
    overflow = panel.evaluate(OVERFLOW)
    assert overflow == {"page": 0, "panel": 0, "right": overflow["right"]}
    assert overflow["right"] <= 0
    # The long text wraps inside its own cell, never past its edge.
    cell = panel.locator(long_text)
    assert cell.evaluate(LINES) > 2
    assert cell.evaluate("c => c.scrollWidth - c.clientWidth") <= 0


@pytest.mark.parametrize("width", [1366, 390])
def test_a_long_note_wraps_in_its_cell_and_town_names_stay_on_one_line(
    page, catalogue, county, monkeypatch, width
):
    fill_county(county, catalogue, towns=3, years=2)
    monkeypatch.setattr(pages, "grid_table", with_a_long_note(pages.grid_table))
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"/sections/urbanisation/?county={COUNTY}")
    panel = page.locator("#indicator-land_acquired")
    assert_holds_its_shape(
        page,
        panel,
        ["tbody tr:first-child td:first-child", "tbody tr:last-child td:first-child"],
        ".table-notes li",
    )
    # The note's cell links to it under the table instead of widening the table.
    link = panel.locator("tbody tr:last-child td:last-child a")
    assert link.get_attribute("href") == "#" + panel.locator(".table-notes li").get_attribute("id")
    # On a phone the table is wider than the panel: it scrolls inside its own box.
    wrap = panel.locator(".table-wrap")
    if width == 390:
        assert wrap.evaluate("w => w.scrollWidth > w.clientWidth")


@pytest.mark.parametrize("width", [1366, 390])
def test_a_long_comment_in_the_history_leaves_who_changed_it_on_one_line(
    page, catalogue, county, width
):
    regions = fill_county(county, catalogue, towns=1, years=1)
    clerk = factories.user_with_role(Role.CLERK, regions[0], "clerk")
    row = FigureRow("raw_coal_output", TOWN, 2021, Decimal("12.5"), comment=COMMENT)
    assert figures_import(rows=[row], user=clerk, source=Source.FORM).changed == 1
    login(page, clerk)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"/entry/{TOWN}/2021/history/")
    panel = page.locator("section.panel", has=page.locator("table.history"))
    first = "table.history tbody tr:first-child"
    assert_holds_its_shape(
        page,
        panel,
        [f"{first} td:nth-child(1)", f"{first} td:nth-child(5)"],
        f"{first} td:last-child",
    )
