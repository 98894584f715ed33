"""The 管理员 merges two towns from the year being entered: the page previews what
goes to the new town and what has to be entered again, then the change is confirmed
with its reason and shows in the history."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from indicators.catalogue.years import current_year
from indicators.models import DataValue, Region, RegionChange, Status
from tests import factories

from .conftest import login

NEW = "888801201000"


def test_the_administrator_merges_two_towns_after_a_preview(
    page, admin_user, towns, console_errors, outside_requests
):
    a, b = towns[:2]
    year = current_year()
    factories.IndicatorFactory(code="output", name="原煤产量", unit="万吨", aggregation="sum")
    factories.IndicatorFactory(code="rate", name="覆盖率", unit="%", aggregation="mean")
    factories.seed_figures(
        {(a, year): {"output": "10.5", "rate": "40"}, (b, year): {"output": "4.25", "rate": "60"}},
        status=Status.DRAFT,
    )
    login(page, admin_user)
    page.goto("/divisions/")
    page.locator(f"tr[data-code='{a.code}']").get_by_role("link", name="合并").click()
    expect(page.locator("h1")).to_have_text("行政区划合并")
    expect(page.locator("input[name=sources]")).to_have_value(a.code)
    page.fill("input[name=sources]", f"{a.code} {b.code}")
    page.fill("input[name=code]", NEW)
    page.fill("input[name=name]", "合并镇")
    page.fill("input[name=year]", str(year))
    page.fill("textarea[name=reason]", "撤并乡镇，县政府批复")
    page.get_by_role("button", name="预览合并").click()

    carried = page.locator("#carry-figures tr[data-indicator=output]")
    expect(carried).to_contain_text("测试1镇 10.50；测试2镇 4.25")
    expect(carried.locator("td.number")).to_have_text("14.75")
    expect(page.locator("#carry-reentry")).to_contain_text("覆盖率")
    expect(page.locator("#division-carry")).to_contain_text("需在新镇重新填报")
    assert not Region.objects.filter(code=NEW).exists()  # nothing changed yet

    page.get_by_role("button", name="确认合并").click()
    expect(page.locator(".message.success")).to_contain_text("已合并")
    expect(page.locator("h1")).to_have_text("区划变更记录")
    row = page.locator("tr[data-kind=merge]")
    expect(row).to_contain_text("撤并乡镇，县政府批复")
    expect(row).to_contain_text("测试1镇（")
    expect(row).to_contain_text("合并镇（")
    change = RegionChange.objects.get()
    assert (change.sources, change.targets, change.year) == ([a.code, b.code], [NEW], year)
    assert DataValue.objects.get(report__region_id=NEW, indicator_id="output").value == Decimal(
        "14.75"
    )
    assert console_errors == [] and outside_requests == []


LONG = "黔东南苗族侗族自治州示范新区镇"


@pytest.mark.parametrize("width", [1366, 390])
def test_the_division_pages_hold_a_long_name_and_whole_codes(page, admin_user, towns, width):
    """A 15-character name wraps in its column instead of running into the code; the
    code fields show all twelve digits; the page is never wider than the screen."""
    towns[0].name = LONG
    towns[0].save()
    page.set_viewport_size({"width": width, "height": 844})
    login(page, admin_user)
    page.goto("/divisions/")
    row = page.locator(f"tr[data-code='{towns[0].code}']")
    name, code = row.locator("td.name").bounding_box(), row.locator("td.code").bounding_box()
    assert name["x"] + name["width"] <= code["x"] + 0.5
    text = row.locator("td.name").evaluate(
        "cell => { const r = document.createRange(); r.selectNodeContents(cell);"
        " return r.getBoundingClientRect().right; }"
    )
    assert text <= code["x"] + 0.5, "the name runs into the code column"
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.goto(f"/divisions/merge/?sources={towns[0].code}")
    page.fill("input[name=code]", NEW)
    for field in ("sources", "code"):
        whole = page.locator(f"input[name={field}]").evaluate(
            "input => input.scrollWidth <= input.clientWidth"
        )
        assert whole, f"the {field} field cuts its code off"
    assert page.evaluate("document.documentElement.scrollWidth") <= width
