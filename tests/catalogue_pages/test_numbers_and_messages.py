"""Numbers on the catalogue's forms as people write them (100000, not 1E+5 or
100000.0000), and the forms' own messages in our words, in Chinese."""

from decimal import Decimal

from indicators.catalogue import editing
from indicators.models import CatalogueRule, Indicator

from .conftest import FARMLAND, field_errors, field_value, form_data


def test_bounds_are_shown_plain_on_the_edit_form(editor):
    road = Indicator.objects.get(code="road_investment")
    road.min_value, road.max_value = Decimal("0.0000"), Decimal("100000.0000")
    road.save()
    page = editor.get("/catalogue/indicators/road_investment/")
    assert (field_value(page, "min_value"), field_value(page, "max_value")) == ("0", "100000")
    assert "E+" not in page.content.decode()


def test_bounds_after_a_conversion_are_shown_plain(editor, admin_user, with_figures):
    editing.indicator_change(
        user=admin_user,
        code="raw_coal_output",
        fields={"unit": "亿吨", "decimals": 4},
        reason="改用亿吨",
        conversion=Decimal("0.0001"),
    )
    assert Indicator.objects.get(code="raw_coal_output").max_value == 1  # 10000 万吨
    page = editor.get("/catalogue/indicators/raw_coal_output/")
    assert field_value(page, "max_value") == "1"  # not 1E+0 or 1.0000


def test_a_refused_form_shows_the_numbers_as_typed(editor):
    data = {**FARMLAND, "max_value": "100000", "min_value": "0", "reason": ""}
    page = editor.post("/catalogue/indicators/add/", data)
    assert page.status_code == 400
    assert (field_value(page, "min_value"), field_value(page, "max_value")) == ("0", "100000")


def test_a_rules_limit_is_shown_plain(editor):
    CatalogueRule.objects.create(
        code="jump", kind="change_limit", limit_percent=Decimal("30.00"), title="变化过大"
    )
    page = editor.get("/catalogue/rules/jump/")
    assert field_value(page, "limit_percent") == "30"


def test_a_code_in_chinese_gets_our_own_message(editor):
    page = editor.post("/catalogue/indicators/add/", {**FARMLAND, "code": "高标准"})
    assert page.status_code == 400
    [message] = field_errors(page, "code")
    assert message == (
        "代码只能用英文字母、数字、下划线（_）和连字符（-），以字母或数字开头，如 farmland_built。"
    )


def test_the_code_rule_of_the_form_is_the_services(editor):
    """Hyphens are allowed by both; a leading hyphen by neither."""
    accepted = editor.post("/catalogue/indicators/add/", {**FARMLAND, "code": "farm-land"})
    assert accepted.status_code == 302
    refused = editor.post(
        "/catalogue/indicators/add/", {**FARMLAND, "code": "-farm", "name": "另一个"}
    )
    assert refused.status_code == 400
    assert field_errors(refused, "code")[0].startswith("代码只能用英文字母")


def test_a_huge_bound_gets_a_chinese_sentence(editor):
    page = editor.post("/catalogue/indicators/add/", {**FARMLAND, "max_value": "1e30"})
    assert page.status_code == 400
    assert field_errors(page, "max_value") == ["合理上限最多 15 位数字（含 4 位小数）。"]


def test_a_bound_with_five_decimals_names_the_limit(editor):
    page = editor.post("/catalogue/indicators/add/", {**FARMLAND, "min_value": "0.00001"})
    assert field_errors(page, "min_value") == ["合理下限最多 4 位小数。"]


def test_a_word_for_a_bound_says_it_should_be_a_number(editor):
    road = Indicator.objects.get(code="road_investment")
    page = editor.post("/catalogue/indicators/road_investment/", form_data(road, max_value="十万"))
    assert field_errors(page, "max_value") == ["合理上限应为数字。"]
