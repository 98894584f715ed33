"""Adding, changing, retiring and reordering: each change one version, one audit entry,
moved stamps; each refusal a Chinese message with nothing changed."""

from decimal import Decimal

import pytest

from indicators.audit.models import Action, AuditEvent
from indicators.catalogue import editing
from indicators.catalogue.editing import CatalogueRefused
from indicators.derived.stamps import EVERYWHERE
from indicators.models import CatalogueRule, CatalogueVersion, DataStamp, Indicator, Section
from tests.factories import seed_figures

from .conftest import FARMLAND, snapshot

pytestmark = pytest.mark.django_db


def refused(call, **kwargs) -> CatalogueRefused:
    before = snapshot()
    with pytest.raises(CatalogueRefused) as caught:
        call(**kwargs)
    assert snapshot() == before
    return caught.value


def stamp() -> int:
    found = DataStamp.objects.filter(kind="values", province=EVERYWHERE).first()
    return found.version if found else 0


def test_adding_an_indicator_records_who_when_why_and_the_whole_catalogue(catalogue, admin_user):
    stamped = stamp()
    version = editing.indicator_add(user=admin_user, fields=FARMLAND, reason="新县的农业指标")

    farmland = Indicator.objects.get(code="farmland_built")
    assert (farmland.unit, farmland.max_value, farmland.decimals) == ("亩", 100000, 1)
    assert farmland.order == Indicator.objects.filter(section_id="industry").count()
    assert (version.user, version.username, version.reason) == (
        admin_user,
        "admin",
        "新县的农业指标",
    )
    assert version.changes == [
        {"action": "added", "kind": "indicator", "code": "farmland_built", "name": "高标准农田建设"}
    ]
    assert 'code = "farmland_built"' in version.snapshot
    event = AuditEvent.objects.get(action=Action.CATALOGUE_CHANGED, user=admin_user)
    assert event.details["reason"] == "新县的农业指标"
    assert event.details["version"] == version.pk
    assert stamp() > stamped


@pytest.mark.parametrize(
    ("fields", "code", "field"),
    [
        ({"code": "raw_coal_output"}, "duplicate_code", "code"),
        ({"code": "农田"}, "bad_code", "code"),
        ({"code": "farm land"}, "bad_code", "code"),
        ({"code": "_farmland"}, "bad_code", "code"),
        ({"section": "nowhere"}, "unknown_section", "section"),
        ({"min_value": "500", "max_value": "100"}, "bad_bounds", "max_value"),
        ({"min_value": "100", "max_value": "100"}, "bad_bounds", "max_value"),
        ({"min_value": "-1"}, "bad_value", "min_value"),
        ({"max_value": "abc"}, "bad_value", "max_value"),
        ({"max_value": "1.00001"}, "bad_value", "max_value"),
        ({"decimals": 5}, "bad_value", "decimals"),
        ({"value_type": "integer", "decimals": 1}, "bad_value", "decimals"),
        ({"value_type": "money"}, "bad_value", "value_type"),
        ({"aggregation": "median"}, "bad_value", "aggregation"),
        ({"scope": "888801101000"}, "bad_scope", "scope"),  # a town
        ({"scope": "999999000000"}, "bad_scope", "scope"),  # no such region
        ({"name": "  "}, "required", "name"),
        ({"is_public": "yes"}, "bad_value", "is_public"),
        ({"colour": "red"}, "unknown_field", "colour"),
    ],
)
def test_a_bad_field_is_refused_in_chinese(catalogue, towns, admin_user, fields, code, field):
    refusal = refused(
        editing.indicator_add, user=admin_user, fields={**FARMLAND, **fields}, reason="试一下"
    )
    assert (refusal.code, refusal.field) == (code, field)
    assert refusal.message and not refusal.message.isascii()


def test_every_change_needs_a_reason(catalogue, admin_user):
    for reason in ("", "   ", None):
        refusal = refused(editing.indicator_add, user=admin_user, fields=FARMLAND, reason=reason)
        assert (refusal.code, refusal.field, refusal.message) == (
            "reason_required",
            "reason",
            "请填写修改原因。",
        )


def test_only_the_administrator_changes_the_catalogue(catalogue, clerk, county_official):
    for user in (clerk, county_official):
        refusal = refused(editing.indicator_add, user=user, fields=FARMLAND, reason="想加")
        assert refusal.code == "forbidden"


def test_a_change_that_changes_nothing_is_refused(catalogue, admin_user):
    refusal = refused(
        editing.indicator_change,
        user=admin_user,
        code="street_lights",
        fields={"name": "安装路灯"},
        reason="无",
    )
    assert refusal.code == "unchanged"


def test_a_code_is_fixed_once_the_indicator_has_figures(catalogue, towns, admin_user):
    seed_figures({(towns[0], 2024): {"street_lights": 12}})
    refusal = refused(
        editing.indicator_change,
        user=admin_user,
        code="street_lights",
        fields={"code": "lights"},
        reason="改代码",
    )
    assert (refusal.code, refusal.field) == ("code_fixed", "code")


def test_a_code_without_figures_changes_and_its_rules_follow(catalogue, admin_user):
    editing.indicator_change(
        user=admin_user,
        code="raw_coal_output",
        fields={"code": "coal_output"},
        reason="统一代码",
    )
    assert not Indicator.objects.filter(code="raw_coal_output").exists()
    assert CatalogueRule.objects.get(code="over_capacity").indicator_id == "coal_output"
    assert CatalogueRule.objects.get(code="washed_above_raw").other_id == "coal_output"


def test_every_change_is_one_version_and_one_audit_entry(catalogue, admin_user):
    versions = CatalogueVersion.objects.count()
    editing.indicator_add(user=admin_user, fields=FARMLAND, reason="一")
    editing.indicator_change(
        user=admin_user, code="farmland_built", fields={"max_value": "200000"}, reason="二"
    )
    editing.indicator_retire(user=admin_user, code="farmland_built", from_year=2027, reason="三")
    editing.indicator_retire(user=admin_user, code="farmland_built", from_year=None, reason="四")
    assert CatalogueVersion.objects.count() == versions + 4
    reasons = AuditEvent.objects.filter(action=Action.CATALOGUE_CHANGED, user=admin_user)
    assert sorted(event.details["reason"] for event in reasons) == ["一", "三", "二", "四"]
    latest = CatalogueVersion.objects.order_by("-pk")[1]
    assert latest.changes[0]["fields"] == [
        {"field": "retired_from", "label": "停用年份", "before": "—", "after": "2027"}
    ]
    assert Indicator.objects.get(code="farmland_built").retired_from is None


def test_retiring_keeps_earlier_figures_and_refuses_to_hide_later_ones(
    catalogue, towns, admin_user
):
    seed_figures({(towns[0], 2025): {"street_lights": 12}})
    refusal = refused(
        editing.indicator_retire,
        user=admin_user,
        code="street_lights",
        from_year=2025,
        reason="不再统计",
    )
    assert (refusal.code, refusal.field) == ("retire_hides_figures", "from_year")
    assert "请从 2026 年起停用" in refusal.message
    editing.indicator_retire(
        user=admin_user, code="street_lights", from_year=2026, reason="不再统计"
    )
    assert Indicator.objects.get(code="street_lights").retired_from == 2026
    assert (
        refused(
            editing.indicator_retire,
            user=admin_user,
            code="street_lights",
            from_year=1800,
            reason="x",
        ).field
        == "from_year"
    )


def test_reordering_a_section(catalogue, admin_user):
    codes = list(
        Indicator.objects.filter(section_id="party")
        .order_by("order")
        .values_list("code", flat=True)
    )
    editing.indicators_reorder(user=admin_user, section="party", codes=codes[::-1], reason="倒序")
    assert (
        list(
            Indicator.objects.filter(section_id="party")
            .order_by("order")
            .values_list("code", flat=True)
        )
        == codes[::-1]
    )
    refusal = refused(
        editing.indicators_reorder, user=admin_user, section="party", codes=codes[1:], reason="少"
    )
    assert refusal.code == "bad_value"


def test_sections_are_added_changed_and_renumbered(catalogue, admin_user):
    fields = {"code": "farming", "number": 6, "heading": "聚焦农业", "short_name": "农业"}
    editing.section_add(user=admin_user, fields=fields, reason="农业县")
    refusal = refused(
        editing.section_add,
        user=admin_user,
        fields={**fields, "code": "tourism", "number": 6},
        reason="旅游",
    )
    assert (refusal.code, refusal.field) == ("duplicate_number", "number")
    editing.section_change(
        user=admin_user, code="farming", fields={"is_public": False}, reason="内部"
    )
    assert Section.objects.get(code="farming").is_public is False
    order = ["farming", "industry", "urbanisation", "green", "livelihood", "party"]
    editing.sections_reorder(user=admin_user, codes=order, reason="农业在前")
    assert list(Section.objects.order_by("number").values_list("code", flat=True)) == order


def test_rules_are_saved_and_deleted_as_data(catalogue, admin_user):
    fields = {
        "kind": "not_above",
        "indicator": "washed_coal_output",
        "other": "coal_design_capacity",
        "title": "洗精煤高于产能",
    }
    editing.rule_save(user=admin_user, code="washed_above_capacity", fields=fields, reason="新规则")
    rule = CatalogueRule.objects.get(code="washed_above_capacity")
    assert (rule.indicator_id, rule.other_id) == ("washed_coal_output", "coal_design_capacity")
    for bad, field in (
        ({"other": None}, "other"),
        ({"other": "washed_coal_output"}, "other"),
        ({"kind": "change_limit", "other": None, "limit_percent": "0"}, "limit_percent"),
        ({"indicator": "nope"}, "indicator"),
    ):
        refusal = refused(
            editing.rule_save, user=admin_user, code="r2", fields={**fields, **bad}, reason="错"
        )
        assert (refusal.code, refusal.field) == ("rule_invalid", field)
    assert (
        refused(
            editing.rule_save, user=admin_user, code="outside_bounds", fields=fields, reason="错"
        ).code
        == "bad_code"
    )
    editing.rule_delete(user=admin_user, code="washed_above_capacity", reason="不需要")
    assert not CatalogueRule.objects.filter(code="washed_above_capacity").exists()


def test_the_decimals_never_cut_digits_off_figures(catalogue, towns, admin_user):
    seed_figures({(towns[0], 2024): {"raw_coal_output": "12.25"}})
    refusal = refused(
        editing.indicator_change,
        user=admin_user,
        code="raw_coal_output",
        fields={"decimals": 1},
        reason="少一位",
    )
    assert (refusal.code, refusal.field) == ("decimals_exclude_figures", "decimals")


def test_a_bound_is_a_decimal_of_any_spelling(catalogue, admin_user):
    editing.indicator_add(
        user=admin_user,
        fields={**FARMLAND, "min_value": 0, "max_value": Decimal("100000.5")},
        reason="小数上限",
    )
    assert Indicator.objects.get(code="farmland_built").max_value == Decimal("100000.5")
