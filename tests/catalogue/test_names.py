"""Indicator names are unique (the report's templates find an indicator by its name):
adding or renaming to a name another indicator has is refused through the service, so
the pages, the API and the TOML import all refuse it, and nothing changes."""

import pytest

from indicators.catalogue import editing
from indicators.catalogue.editing import CatalogueRefused
from indicators.models import Indicator
from indicators.reports import build_report
from indicators.reports.plain import report_text
from tests.catalogue_pages.conftest import FARMLAND as FORM
from tests.catalogue_pages.conftest import field_errors, field_value, form_data, top_errors
from tests.factories import seed_figures

from .conftest import FARMLAND, snapshot
from .test_api import api
from .test_toml import block, without

pytestmark = pytest.mark.django_db

MESSAGE = (
    "已有名称为“原煤产量”的指标（代码 raw_coal_output）。"
    "指标名称不能重复：报告模板按名称找到指标，请换一个名称。"
)


def test_adding_an_indicator_under_a_name_taken_is_refused(catalogue, admin_user):
    before = snapshot()
    with pytest.raises(CatalogueRefused) as caught:
        editing.indicator_add(
            user=admin_user, fields={**FARMLAND, "name": " 原煤产量 "}, reason="加"
        )
    assert (caught.value.code, caught.value.field, caught.value.message) == (
        "duplicate_name",
        "name",
        MESSAGE,
    )
    assert snapshot() == before


def test_renaming_an_indicator_to_a_name_taken_is_refused(catalogue, admin_user):
    before = snapshot()
    with pytest.raises(CatalogueRefused) as caught:
        editing.indicator_change(
            user=admin_user, code="washed_coal_output", fields={"name": "原煤产量"}, reason="改"
        )
    assert (caught.value.code, caught.value.field) == ("duplicate_name", "name")
    assert snapshot() == before
    # A free name is fine; the old name stays the renamed one's: the installation's
    # template files still find raw coal by it, and must not find washed coal there.
    editing.indicator_change(
        user=admin_user, code="raw_coal_output", fields={"name": "原煤总产量"}, reason="改"
    )
    before = snapshot()
    with pytest.raises(CatalogueRefused, match="默认报告模板中的名称") as caught:
        editing.indicator_change(
            user=admin_user, code="washed_coal_output", fields={"name": "原煤产量"}, reason="改"
        )
    assert "raw_coal_output" in caught.value.message and snapshot() == before
    with pytest.raises(CatalogueRefused, match="默认报告模板中的名称"):
        editing.indicator_add(user=admin_user, fields={**FARMLAND, "name": "原煤产量"}, reason="加")


def test_a_retired_indicator_keeps_its_name(catalogue, admin_user):
    editing.indicator_retire(user=admin_user, code="raw_coal_output", from_year=2020, reason="停")
    with pytest.raises(CatalogueRefused) as caught:
        editing.indicator_add(user=admin_user, fields={**FARMLAND, "name": "原煤产量"}, reason="加")
    assert caught.value.code == "duplicate_name"


def test_two_indicators_of_one_name_from_before_the_rule_do_not_stop_other_changes(
    catalogue, admin_user, towns
):
    Indicator.objects.filter(code="washed_coal_output").update(name="原煤产量")
    editing.indicator_change(
        user=admin_user, code="street_lights", fields={"name_en": "Lamps"}, reason="英文"
    )
    assert Indicator.objects.get(code="street_lights").name_en == "Lamps"
    # And the report still reads: the figure 【原煤产量】万吨 goes to the one whose unit fits.
    report = build_report(admin_user, towns[0], 2025)
    assert "XX万吨" in report_text(report)


def test_the_report_survives_a_duplicate_of_another_unit(catalogue, admin_user, towns):
    """The walkthrough's case: farmland_x named 原煤产量 in 亩 made every report a 500."""
    Indicator.objects.create(**{**_state("raw_coal_output"), "code": "farmland_x", "unit": "亩"})
    seed_figures({(towns[0], 2025): {"raw_coal_output": 120}})
    report = build_report(admin_user, towns[0], 2025)
    (run,) = [run for run in report.figures if run.code == "raw_coal_output"]
    assert (run.value_text, run.unit_text) == ("120.00", "万吨")


def _state(code: str) -> dict:
    indicator = Indicator.objects.get(code=code)
    return {
        field.attname: getattr(indicator, field.attname)
        for field in Indicator._meta.concrete_fields
    }


# --- the API


def test_the_api_refuses_a_duplicate_name_with_its_field(catalogue, admin_user):
    before = snapshot()
    client = api(admin_user)
    added = client.post(
        "/api/v1/indicators/", {**FARMLAND, "name": "原煤产量", "reason": "加"}, format="json"
    )
    assert added.status_code == 400
    error = added.json()["error"]
    assert (error["code"], error["field"], error["message"]) == ("duplicate_name", "name", MESSAGE)
    renamed = client.patch(
        "/api/v1/indicators/street_lights/", {"name": "原煤产量", "reason": "改"}, format="json"
    )
    assert renamed.status_code == 400
    assert renamed.json()["error"]["code"] == "duplicate_name"
    assert snapshot() == before


# --- the pages


@pytest.fixture
def editor(client, admin_user, catalogue):
    client.force_login(admin_user)
    return client


def test_the_add_form_shows_the_refusal_on_the_name(editor):
    response = editor.post("/catalogue/indicators/add/", {**FORM, "name": "原煤产量"})
    assert response.status_code == 400
    assert field_errors(response, "name") == [MESSAGE]
    assert field_value(response, "code") == "farmland_built"
    assert not Indicator.objects.filter(code="farmland_built").exists()


def test_the_edit_form_shows_the_refusal_on_the_name(editor):
    lights = Indicator.objects.get(code="street_lights")
    response = editor.post(
        "/catalogue/indicators/street_lights/", form_data(lights, name="原煤产量")
    )
    assert response.status_code == 400
    assert field_errors(response, "name") == [MESSAGE]
    assert Indicator.objects.get(code="street_lights").name == lights.name


def test_the_import_page_refuses_a_text_that_names_two_indicators_alike(editor):
    text = editing.catalogue_toml().replace('name = "洗精煤产量"', 'name = "原煤产量"', 1)
    response = editor.post("/catalogue/import/", {"text": text})
    assert response.status_code == 400
    (message,) = [m for m in top_errors(response) if "原煤产量" in m]
    assert "指标名称“原煤产量”与指标 raw_coal_output 重复" in message
    assert message.startswith("第 ")  # the line of the entry
    confirm = editor.post("/catalogue/import/confirm/", {"text": text, "reason": "导入"})
    assert confirm.status_code == 400
    assert Indicator.objects.get(code="washed_coal_output").name == "洗精煤产量"


# --- the TOML import


def test_an_import_of_two_alike_names_is_refused_with_the_line(catalogue, admin_user):
    text = editing.catalogue_toml().replace('name = "洗精煤产量"', 'name = "原煤产量"', 1)
    before = snapshot()
    for attempt in (
        lambda: editing.import_preview(text),
        lambda: editing.catalogue_import(user=admin_user, text=text, reason="导入"),
    ):
        with pytest.raises(CatalogueRefused) as caught:
            attempt()
        assert (caught.value.code, caught.value.field) == ("duplicate_name", "name")
        assert caught.value.details[0]["code"] == "washed_coal_output"
        assert caught.value.details[0]["line"] is not None
    assert snapshot() == before


def test_an_import_may_not_swap_the_names_the_template_files_use(catalogue, admin_user):
    text = editing.catalogue_toml()
    text = text.replace('name = "原煤产量"', 'name = "@"', 1)
    text = text.replace('name = "洗精煤产量"', 'name = "原煤产量"', 1).replace(
        '"@"', '"洗精煤产量"'
    )
    before = snapshot()
    with pytest.raises(CatalogueRefused, match="默认报告模板中的名称"):
        editing.catalogue_import(user=admin_user, text=text, reason="对调")
    assert snapshot() == before


def test_an_import_may_not_give_a_kept_indicators_name_to_another(catalogue, towns, admin_user):
    """street_lights has figures: left out of the text it is kept (and retired), so its
    name stays taken."""
    seed_figures({(towns[0], 2024): {"street_lights": 12}})
    name = Indicator.objects.get(code="street_lights").name
    text = without(editing.catalogue_toml(), "street_lights")
    start, end = block(text, "road_investment")
    text = (
        text[:start]
        + text[start:end].replace('name = "道路硬化投入"', f'name = "{name}"')
        + text[end:]
    )
    before = snapshot()
    for attempt in (
        lambda: editing.import_preview(text),
        lambda: editing.catalogue_import(user=admin_user, text=text, reason="导入"),
    ):
        with pytest.raises(CatalogueRefused) as caught:
            attempt()
        assert (caught.value.code, caught.value.field) == ("duplicate_name", "name")
    assert snapshot() == before
