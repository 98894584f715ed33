"""The catalogue as TOML: export, import with a preview, versions compared, and
load_catalogue for a new installation."""

from decimal import Decimal

import pytest

from indicators.catalogue import editing, load_catalogue, read_catalogue
from indicators.catalogue.editing import CatalogueRefused
from indicators.models import CatalogueVersion, Indicator
from tests.factories import seed_figures

from .conftest import FARMLAND, snapshot

pytestmark = pytest.mark.django_db


def block(text: str, code: str) -> tuple[int, int]:
    """Where the indicator's [[indicators]] table lies in the text."""
    at = text.index(f'code = "{code}"')
    start = text.rindex("[[indicators]]", 0, at)
    end = text.find("[[", at)
    return start, end


def without(text: str, code: str) -> str:
    start, end = block(text, code)
    return text[:start] + text[end:]


def test_the_export_imports_as_no_change(catalogue, admin_user):
    editing.indicator_add(
        user=admin_user, fields={**FARMLAND, "scope": None, "is_public": False}, reason="加"
    )
    editing.indicator_retire(user=admin_user, code="farmland_built", from_year=2030, reason="停")
    text = editing.catalogue_toml()
    assert "retired_from = 2030" in text and "public = false" in text
    assert "[[rules]]" in text and 'limit_percent = "30"' in text
    assert editing.import_preview(text).is_empty


def test_the_export_is_read_by_read_catalogue_and_load_catalogue(catalogue, county, tmp_path):
    Indicator.objects.filter(code="street_lights").update(scope=county, retired_from=2029)
    exported = tmp_path / "catalogue.toml"
    exported.write_text(editing.catalogue_toml(), encoding="utf-8")
    _sections, indicators = read_catalogue(exported)
    lights = next(i for i in indicators if i["code"] == "street_lights")
    assert (lights["scope_id"], lights["retired_from"]) == (county.code, 2029)
    assert not load_catalogue(exported).changed


def test_a_malformed_toml_is_refused_with_its_line(catalogue):
    text = editing.catalogue_toml().replace('name = "安装路灯"', 'name = "安装路灯', 1)
    line = text[: text.index('name = "安装路灯')].count("\n") + 1
    before = snapshot()
    with pytest.raises(CatalogueRefused) as caught:
        editing.import_preview(text)
    assert caught.value.code == "bad_toml"
    assert f"第 {line} 行" in caught.value.message
    assert snapshot() == before


def test_a_bad_entry_is_refused_with_its_line_and_code(catalogue):
    text = editing.catalogue_toml()
    start, _end = block(text, "street_lights")
    text = text[:start] + text[start:].replace('value_type = "integer"', 'value_type = "float"', 1)
    with pytest.raises(CatalogueRefused) as caught:
        editing.import_preview(text)
    line = text[:start].count("\n") + 1
    assert caught.value.message.startswith(f"第 {line} 行（指标 street_lights）：数值类型")


def test_an_import_changes_what_the_text_says_and_versions_it(catalogue, admin_user):
    text = editing.catalogue_toml().replace('name = "安装路灯"', 'name = "安装路灯（盏）"')
    preview = editing.import_preview(text)
    assert [(e.kind, e.code, e.fields) for e in preview.changed] == [
        ("indicator", "street_lights", [("名称", "安装路灯", "安装路灯（盏）")])
    ]
    assert Indicator.objects.get(code="street_lights").name == "安装路灯"  # a preview only
    version = editing.catalogue_import(user=admin_user, text=text, reason="导入邻县目录")
    assert Indicator.objects.get(code="street_lights").name == "安装路灯（盏）"
    assert version.snapshot == editing.catalogue_toml()
    assert editing.import_preview(text).is_empty


def test_an_import_never_deletes_an_indicator_with_figures_it_retires_it(
    catalogue, towns, admin_user
):
    seed_figures({(towns[0], 2024): {"street_lights": 12}})
    text = without(without(editing.catalogue_toml(), "street_lights"), "road_investment")
    preview = editing.import_preview(text)
    assert [(e.code, e.fields) for e in preview.changed] == [
        ("street_lights", [("停用年份", "—", "2025")])
    ]
    assert "不删除，自 2025 年起停用" in preview.changed[0].note
    assert [e.code for e in preview.removed] == ["road_investment"]
    editing.catalogue_import(user=admin_user, text=text, reason="新目录")
    assert Indicator.objects.get(code="street_lights").retired_from == 2025
    assert not Indicator.objects.filter(code="road_investment").exists()


def test_an_import_cannot_change_a_unit_under_figures(catalogue, towns, admin_user):
    seed_figures({(towns[0], 2024): {"road_investment": "100"}})
    text = editing.catalogue_toml()
    start, end = block(text, "road_investment")
    text = text[:start] + text[start:end].replace('unit = "万元"', 'unit = "亿元"') + text[end:]
    before = snapshot()
    with pytest.raises(CatalogueRefused) as caught:
        editing.catalogue_import(user=admin_user, text=text, reason="改单位")
    assert caught.value.code == "unit_needs_conversion"
    assert snapshot() == before


def test_two_versions_compare_field_by_field(catalogue, admin_user):
    first = editing.indicator_add(user=admin_user, fields=FARMLAND, reason="加")
    editing.indicator_change(
        user=admin_user,
        code="farmland_built",
        fields={"max_value": "200000", "value_type": "integer", "decimals": 0},
        reason="改",
    )
    second = editing.rule_save(
        user=admin_user,
        code="farmland_change",
        fields={
            "kind": "change_limit",
            "indicator": "farmland_built",
            "limit_percent": "50",
            "title": "农田变化",
        },
        reason="规则",
    )
    diff = editing.versions_diff(first, second)
    assert [(e.kind, e.code) for e in diff.added] == [("rule", "farmland_change")]
    [changed] = diff.changed
    assert changed.fields == [
        ("数值类型", "小数", "整数"),
        ("小数位数", "1", "0"),
        ("合理上限", "100000", "200000"),
    ]
    assert editing.versions_diff(second, first).removed[0].code == "farmland_change"


def test_load_catalogue_makes_one_version_and_then_none(db):
    load_catalogue()
    assert CatalogueVersion.objects.count() == 1
    first = CatalogueVersion.objects.get()
    assert (first.user, first.username) == (None, "load_catalogue")
    assert first.changes[0]["action"] == "added"
    assert not load_catalogue().changed
    assert CatalogueVersion.objects.count() == 1


def test_load_catalogue_leaves_a_catalogue_the_administrator_changed(catalogue, admin_user):
    editing.indicator_change(
        user=admin_user, code="street_lights", fields={"name": "路灯"}, reason="本县叫法"
    )
    summary = load_catalogue()
    assert summary.edited and not summary.changed
    assert Indicator.objects.get(code="street_lights").name == "路灯"


def test_an_indicator_with_a_decimal_bound_survives_the_round_trip(catalogue, admin_user):
    editing.indicator_add(
        user=admin_user, fields={**FARMLAND, "max_value": Decimal("99.5")}, reason="加"
    )
    assert editing.import_preview(editing.catalogue_toml()).is_empty
