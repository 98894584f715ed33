"""The section form and the rules (CatalogueRule) list, form and deletion."""

from decimal import Decimal

from indicators.models import CatalogueRule, Section

from .conftest import by_people, field_errors, field_value, top_errors, versions

AGRICULTURE = {
    "code": "agriculture",
    "number": "6",
    "short_name": "农业农村",
    "heading": "聚焦乡村振兴，农业农村稳步发展",
    "title_en": "Agriculture",
    "heading_en": "Rural revitalisation",
    "is_public": "on",
    "reason": "农业镇的报告多一个部分",
}


def test_the_administrator_adds_a_section(editor):
    response = editor.post("/catalogue/sections/add/", AGRICULTURE)
    assert response.status_code == 302
    section = Section.objects.get(code="agriculture")
    assert (section.number, section.short_name, section.title_en) == (6, "农业农村", "Agriculture")
    assert 'id="section-agriculture"' in editor.get("/catalogue/").content.decode()


def test_a_section_number_in_use_is_refused_with_nothing_changed(editor):
    response = editor.post("/catalogue/sections/add/", {**AGRICULTURE, "number": "1"})
    assert response.status_code == 400
    assert field_errors(response, "number") + top_errors(response)
    assert field_value(response, "short_name") == "农业农村"
    assert not Section.objects.filter(code="agriculture").exists()
    assert versions() == 0


def test_the_administrator_renames_a_section_but_not_its_code(editor):
    data = {
        **AGRICULTURE,
        "code": "elsewhere",
        "number": "1",
        "short_name": "产业",
        "heading": "聚焦产业发展",
        "title_en": "Industry",
    }
    response = editor.post("/catalogue/sections/industry/", data)
    assert response.status_code == 302, top_errors(response)
    section = Section.objects.get(code="industry")
    assert (section.short_name, section.heading) == ("产业", "聚焦产业发展")
    assert not Section.objects.filter(code="elsewhere").exists()


OVER_CAPACITY = {
    "code": "over_capacity_test",
    "kind": "not_above",
    "indicator": "raw_coal_output",
    "other": "coal_design_capacity",
    "title": "超能力生产",
    "explanation": "原煤产量不应高于煤矿设计产能。",
    "order": "1",
    "reason": "安监要求",
}


def test_the_administrator_declares_a_not_above_rule(editor):
    response = editor.post("/catalogue/rules/add/", OVER_CAPACITY)
    assert response.status_code == 302, top_errors(response)
    rule = CatalogueRule.objects.get(code="over_capacity_test")
    assert (rule.kind, rule.indicator_id, rule.other_id) == (
        "not_above",
        "raw_coal_output",
        "coal_design_capacity",
    )
    page = editor.get("/catalogue/rules/").content.decode()
    assert "超能力生产" in page and "不应高于" in page


def test_a_change_limit_for_every_indicator(editor):
    data = {
        "code": "big_jump_test",
        "kind": "change_limit",
        "limit_percent": "30",
        "title": "变化超过30%",
        "blocks_submit": "on",
        "reason": "大幅变化要说明",
    }
    response = editor.post("/catalogue/rules/add/", data)
    assert response.status_code == 302, top_errors(response)
    rule = CatalogueRule.objects.get(code="big_jump_test")
    assert (rule.indicator, rule.limit_percent, rule.blocks_submit) == (None, Decimal(30), True)


def test_a_not_above_rule_without_the_other_indicator_is_refused(editor):
    count = CatalogueRule.objects.count()
    response = editor.post("/catalogue/rules/add/", {**OVER_CAPACITY, "other": ""})
    assert response.status_code == 400
    assert field_errors(response, "other") + top_errors(response)
    assert field_value(response, "title") == "超能力生产"
    assert CatalogueRule.objects.count() == count
    assert versions() == 0


def test_the_administrator_edits_and_deletes_a_rule_with_a_reason(editor):
    editor.post("/catalogue/rules/add/", OVER_CAPACITY)
    response = editor.post(
        "/catalogue/rules/over_capacity_test/", {**OVER_CAPACITY, "title": "超设计产能生产"}
    )
    assert response.status_code == 302, top_errors(response)
    assert CatalogueRule.objects.get(code="over_capacity_test").title == "超设计产能生产"

    refused = editor.post("/catalogue/rules/over_capacity_test/delete/", {"reason": ""})
    assert refused.status_code == 400
    assert field_errors(refused, "reason") == ["请填写修改原因。"]
    assert CatalogueRule.objects.filter(code="over_capacity_test").exists()

    response = editor.post("/catalogue/rules/over_capacity_test/delete/", {"reason": "重复"})
    assert response.status_code == 302
    assert not CatalogueRule.objects.filter(code="over_capacity_test").exists()
    assert by_people().order_by("-pk").first().reason == "重复"


def test_the_sections_are_reordered_on_the_page_and_saved_as_one_version(editor):
    url = "/catalogue/sections/order/"
    before = list(Section.objects.order_by("number").values_list("code", flat=True))
    moved = editor.post(url, {"codes": before, "move": f"{before[-1]}:up", "reason": "新顺序"})
    assert moved.status_code == 200 and versions() == 0
    wanted = [*before[:-2], before[-1], before[-2]]
    response = editor.post(url, {"codes": wanted, "save": "", "reason": "党建放在倒数第二"})
    assert response.status_code == 302
    assert list(Section.objects.order_by("number").values_list("code", flat=True)) == wanted
    assert list(Section.objects.order_by("number").values_list("number", flat=True)) == list(
        range(1, len(before) + 1)
    )
    assert by_people().get().reason == "党建放在倒数第二"
