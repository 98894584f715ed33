"""The county official edits the demo county's 2025 scheme in the form editor: a
method shows its own parameters, a weight changes, the save needs a reason, and the
league table follows the new version."""

import dataclasses
from decimal import Decimal

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from indicators.assessment.services import assessment_compute, assessment_standing
from indicators.models import Region
from indicators.seeding.demo import seed_demo

from .conftest import login

COUNTY, YEAR = "999901000000", 2025
LEAGUE = f"/assessment/{COUNTY}/{YEAR}/"
# 经济发展 keeps its 40: the rank of industry projects weighs 19, funds 1.
CHANGES = {0: Decimal(1), 2: Decimal(19)}


@pytest.fixture
def demo(catalogue):
    seed_demo()
    return Region.objects.get(code=COUNTY)


def ranking_with_changes(county) -> list[str]:
    """The towns in rank order under the scheme with CHANGES, as the engine sees it."""
    scheme = assessment_standing(county, YEAR).scheme
    economy = scheme.parts[0]
    items = tuple(
        dataclasses.replace(item, weight=CHANGES.get(index, item.weight))
        for index, item in enumerate(economy.items)
    )
    parts = (dataclasses.replace(economy, items=items), *scheme.parts[1:])
    result = assessment_compute(county, YEAR, dataclasses.replace(scheme, parts=parts))
    return [town.town.name for town in result.towns]


def league_names(page) -> list[str]:
    page.goto(LEAGUE)
    return page.locator("table.as-league tbody tr td:nth-child(2) a").all_inner_texts()


def test_a_changed_weight_saved_with_a_reason_reorders_the_league(page, demo, console_errors):
    expected = ranking_with_changes(demo)
    login(page, User.objects.get(username="county"))
    before = league_names(page)
    assert expected != before  # the change below must show

    page.get_by_role("link", name="编辑方案", exact=True).click()
    expect(page.locator("#id_i-2-weight")).to_have_value("10")
    page.fill("#id_i-0-weight", "1")
    page.fill("#id_i-2-weight", "19")
    page.get_by_role("button", name="保存为新版本").click()
    # No reason: refused at the field, what was typed is still there.
    expect(page.locator("#id_reason ~ .as-field-error")).to_have_text("请写明修改原因。")
    expect(page.locator("#id_i-2-weight")).to_have_value("19")
    console_errors.clear()  # the refusal's status 400, which Chromium logs as an error
    page.fill("#id_reason", "加大产业项目考核力度")
    page.get_by_role("button", name="保存为新版本").click()
    expect(page.locator("ul.messages")).to_contain_text("已保存为第 2 版")

    assert league_names(page) == expected
    assert console_errors == []


def test_a_method_shows_only_its_own_parameters(page, demo, console_errors):
    login(page, User.objects.get(username="county"))
    page.goto(f"{LEAGUE}scheme/")
    cap, threshold = page.locator("#id_i-0-cap"), page.locator("#id_i-0-threshold")
    expect(cap).to_be_visible()
    expect(threshold).to_be_hidden()
    page.select_option("#id_i-0-method", "threshold")
    expect(cap).to_be_hidden()
    expect(threshold).to_be_visible()
    # Moving the second part up renumbers the order fields as shown.
    page.locator(".as-part").nth(1).locator(".as-move button[data-move='-1']").first.click()
    expect(page.locator(".as-part").first.locator("#id_p-1-ORDER")).to_have_value("1")
    expect(page.locator("#id_p-0-ORDER")).to_have_value("2")
    assert console_errors == []
