"""The 管理员 adds an indicator in the browser; a clerk enters a figure for it at once."""

from decimal import Decimal

from django.utils import timezone
from playwright.sync_api import expect

from indicators.models import CatalogueVersion, DataValue, Indicator

from .conftest import login


def sign_in(page, user) -> None:
    login(page, user)
    expect(page.get_by_role("button", name="退出")).to_be_visible()


def test_the_administrator_adds_farmland_and_a_clerk_enters_a_figure_for_it(
    page, catalogue, admin_user, clerk, towns, console_errors, outside_requests
):
    sign_in(page, admin_user)
    page.get_by_role("link", name="指标目录", exact=True).click()
    expect(page.locator("h1")).to_have_text("维护指标目录")
    page.get_by_role("link", name="添加指标", exact=True).click()

    page.fill("input[name=code]", "farmland_built")
    page.select_option("select[name=section]", "industry")
    page.fill("input[name=name]", "高标准农田建设")
    page.fill("input[name=name_en]", "High-standard farmland built")
    page.fill("input[name=unit]", "亩")
    page.fill("input[name=unit_en]", "mu")
    page.select_option("select[name=value_type]", "decimal")
    page.fill("input[name=decimals]", "1")
    page.fill("input[name=min_value]", "0")
    page.fill("input[name=max_value]", "100000")
    page.select_option("select[name=higher_is_better]", "true")
    page.select_option("select[name=aggregation]", "sum")
    page.fill("textarea[name=source_sentence]", "全年建成高标准农田1.2万亩。")
    page.get_by_role("button", name="保存").click()
    # Without a reason nothing is saved, and everything typed stays.
    expect(page.locator("#field-reason .field-error")).to_have_text("请填写修改原因。")
    expect(page.locator("input[name=name]")).to_have_value("高标准农田建设")
    assert not Indicator.objects.filter(code="farmland_built").exists()

    page.fill("textarea[name=reason]", "农业镇报告高标准农田建设")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".message.success")).to_contain_text("已保存")
    expect(page.locator("#indicator-farmland_built")).to_contain_text("高标准农田建设")
    assert (
        CatalogueVersion.objects.filter(user=admin_user).get().reason == "农业镇报告高标准农田建设"
    )
    page.get_by_role("button", name="退出").click()

    year = timezone.localdate().year
    sign_in(page, clerk)
    page.goto(f"/entry/{towns[0].code}/{year}/")
    farmland = page.locator("input[name='value-farmland_built']")
    expect(farmland).to_be_visible()
    farmland.fill("12000.5")
    page.get_by_role("button", name="保存草稿").click()
    expect(page.locator(".message.success")).to_contain_text("新增 1 项")
    expect(farmland).to_have_value("12000.5")
    saved = DataValue.objects.get(indicator_id="farmland_built")
    assert (saved.value, saved.report.region, saved.report.year) == (
        Decimal("12000.5"),
        towns[0],
        year,
    )
    # The form's refusal answers 400, which Chromium logs; nothing else may fail.
    assert [error for error in console_errors if "status of 400" not in error] == []
    assert outside_requests == []
