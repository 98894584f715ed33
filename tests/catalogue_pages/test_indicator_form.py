"""The indicator form against the real editing service: what it saves, and each
refusal shown on its field with nothing changed and what was typed kept."""

from decimal import Decimal

from indicators.models import DataValue, Indicator, Target

from .conftest import (
    FARMLAND,
    by_people,
    field_errors,
    field_value,
    form_data,
    top_errors,
    versions,
)


def industry_codes() -> list[str]:
    indicators = Indicator.objects.filter(section="industry").order_by("order")
    return list(indicators.values_list("code", flat=True))


def test_the_administrator_adds_an_indicator_with_every_field(editor):
    response = editor.post("/catalogue/indicators/add/", FARMLAND)
    assert response.status_code == 302
    assert response["Location"] == "/catalogue/#indicator-farmland_built"
    farmland = Indicator.objects.get(code="farmland_built")
    assert (farmland.name, farmland.name_en, farmland.unit, farmland.unit_en) == (
        "高标准农田建设",
        "High-standard farmland built",
        "亩",
        "mu",
    )
    assert (farmland.value_type, farmland.decimals, farmland.aggregation) == ("decimal", 1, "sum")
    assert (farmland.min_value, farmland.max_value) == (Decimal(0), Decimal(100000))
    assert farmland.higher_is_better is True
    assert farmland.is_public is True
    assert farmland.source_sentence == "建成高标准农田1.2万亩。"
    assert farmland.scope is None
    version = by_people().get()
    assert (version.username, version.reason) == ("admin", "农业镇需要填报高标准农田")
    page = editor.get("/catalogue/").content.decode()
    assert "高标准农田建设" in page
    assert f"已保存，目录第 {version.pk} 版。" in page


def test_an_indicator_for_one_county_only(editor, county):
    response = editor.post("/catalogue/indicators/add/", {**FARMLAND, "scope": county.code})
    assert response.status_code == 302
    assert Indicator.objects.get(code="farmland_built").scope == county


def test_the_scope_offers_counties_and_above_not_towns(editor, towns):
    page = editor.get("/catalogue/indicators/add/").content.decode()
    assert f'value="{towns[0].parent.code}"' in page
    assert f'value="{towns[0].code}"' not in page


def test_a_duplicate_code_is_refused_on_its_field_and_the_typing_is_kept(editor):
    data = {**FARMLAND, "code": "raw_coal_output"}
    response = editor.post("/catalogue/indicators/add/", data)
    assert response.status_code == 400
    assert field_errors(response, "code")  # the service's Chinese message on 代码
    assert field_value(response, "name") == "高标准农田建设"
    assert field_value(response, "source_sentence") == "建成高标准农田1.2万亩。"
    assert Indicator.objects.get(code="raw_coal_output").name == "原煤产量"
    assert versions() == 0


def test_the_reason_is_required(editor):
    response = editor.post("/catalogue/indicators/add/", {**FARMLAND, "reason": "  "})
    assert response.status_code == 400
    assert field_errors(response, "reason") == ["请填写修改原因。"]
    assert not Indicator.objects.filter(code="farmland_built").exists()


def test_bounds_the_wrong_way_round_are_refused(editor):
    data = {**FARMLAND, "min_value": "500", "max_value": "100"}
    response = editor.post("/catalogue/indicators/add/", data)
    assert response.status_code == 400
    assert field_errors(response, "max_value") or field_errors(response, "min_value")
    assert not Indicator.objects.filter(code="farmland_built").exists()
    assert versions() == 0


def test_a_figure_that_is_not_a_number_is_refused_by_the_form(editor):
    response = editor.post("/catalogue/indicators/add/", {**FARMLAND, "max_value": "十万"})
    assert response.status_code == 400
    assert field_errors(response, "max_value")
    assert field_value(response, "max_value") == "十万"


def test_the_administrator_edits_names_and_the_sentence(editor):
    raw = Indicator.objects.get(code="raw_coal_output")
    data = form_data(raw, name="原煤产量（全口径）", source_sentence="全年生产原煤150万吨。")
    response = editor.post("/catalogue/indicators/raw_coal_output/", data)
    assert response.status_code == 302
    raw.refresh_from_db()
    assert (raw.name, raw.source_sentence) == ("原煤产量（全口径）", "全年生产原煤150万吨。")
    assert by_people().get().reason == "测试修改"


def test_the_code_is_read_only_once_the_indicator_has_figures(editor, with_figures):
    page = editor.get("/catalogue/indicators/raw_coal_output/").content.decode()
    assert 'name="code"' in page and "disabled" in page.split('name="code"')[1].split(">")[0]
    raw = Indicator.objects.get(code="raw_coal_output")
    data = form_data(raw, code="coal", name="原煤产量（全口径）")
    response = editor.post("/catalogue/indicators/raw_coal_output/", data)
    assert response.status_code == 302, top_errors(response)  # the disabled code is ignored
    assert Indicator.objects.get(code="raw_coal_output").name == "原煤产量（全口径）"
    assert not Indicator.objects.filter(code="coal").exists()


def test_saving_without_a_change_says_so(editor):
    raw = Indicator.objects.get(code="raw_coal_output")
    response = editor.post("/catalogue/indicators/raw_coal_output/", form_data(raw))
    assert response.status_code == 400
    assert top_errors(response) == ["没有任何修改。"]
    assert versions() == 0


def test_a_unit_change_with_figures_needs_a_conversion(editor, with_figures):
    raw = Indicator.objects.get(code="raw_coal_output")
    page = editor.get("/catalogue/indicators/raw_coal_output/").content.decode()
    assert "换算系数" in page
    response = editor.post("/catalogue/indicators/raw_coal_output/", form_data(raw, unit="吨"))
    assert response.status_code == 400
    assert (
        field_errors(response, "unit") + field_errors(response, "conversion") + top_errors(response)
    )
    assert field_value(response, "unit") == "吨"
    raw.refresh_from_db()
    assert raw.unit == "万吨"
    assert sorted(DataValue.objects.values_list("value", flat=True)) == [120, 150]
    assert versions() == 0


def test_a_unit_change_with_a_conversion_converts_the_figures(editor, with_figures):
    raw = Indicator.objects.get(code="raw_coal_output")
    data = form_data(raw, unit="亿吨", unit_en="100M t", max_value="10", conversion="0.01")
    response = editor.post("/catalogue/indicators/raw_coal_output/", data)
    assert response.status_code == 302, top_errors(response)
    raw.refresh_from_db()
    assert raw.unit == "亿吨"
    assert sorted(DataValue.objects.values_list("value", flat=True)) == [
        Decimal("1.2"),
        Decimal("1.5"),
    ]


def test_an_indicator_without_figures_has_no_conversion_field(editor):
    page = editor.get("/catalogue/indicators/raw_coal_output/").content.decode()
    assert 'name="conversion"' not in page


def test_narrowing_the_bounds_lists_the_figures_outside_then_asks_to_confirm(editor, with_figures):
    raw = Indicator.objects.get(code="raw_coal_output")
    data = form_data(raw, max_value="130")
    response = editor.post("/catalogue/indicators/raw_coal_output/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "新的合理范围之外有 1 个已填报的数字" in page
    assert "测试1镇" in page and "2024" in page
    assert 'name="confirm_outside"' in page
    assert field_value(response, "max_value") == "130"
    raw.refresh_from_db()
    assert raw.max_value != 130
    assert versions() == 0

    response = editor.post(
        "/catalogue/indicators/raw_coal_output/", {**data, "confirm_outside": "on"}
    )
    assert response.status_code == 302, top_errors(response)
    raw.refresh_from_db()
    assert raw.max_value == 130
    # Never deleted or changed: flagged for review by the service.
    assert sorted(DataValue.objects.values_list("value", flat=True)) == [120, 150]


def test_the_administrator_retires_and_restores_an_indicator(editor):
    url = "/catalogue/indicators/raw_coal_output/retire/"
    response = editor.post(url, {"retire": "", "from_year": "2027", "reason": "不再统计"})
    assert response.status_code == 302
    assert Indicator.objects.get(code="raw_coal_output").retired_from == 2027
    assert "2027 年起" in editor.get("/catalogue/").content.decode()

    response = editor.post(url, {"restore": "", "restore-reason": "恢复统计"})
    assert response.status_code == 302
    assert Indicator.objects.get(code="raw_coal_output").retired_from is None
    assert list(by_people().order_by("pk").values_list("reason", flat=True)) == [
        "不再统计",
        "恢复统计",
    ]


def test_retiring_needs_a_year_and_a_reason(editor):
    url = "/catalogue/indicators/raw_coal_output/retire/"
    response = editor.post(url, {"retire": "", "from_year": "", "reason": ""})
    assert response.status_code == 400
    assert field_errors(response, "from_year")
    assert field_errors(response, "reason") == ["请填写修改原因。"]
    assert Indicator.objects.get(code="raw_coal_output").retired_from is None


def test_up_and_down_rearrange_the_page_and_save_keeps_the_order(editor):
    url = "/catalogue/sections/industry/order/"
    before = list(
        Indicator.objects.filter(section="industry")
        .order_by("order")
        .values_list("code", flat=True)
    )
    moved = editor.post(url, {"codes": before, "move": f"{before[1]}:up", "reason": "调整"})
    assert moved.status_code == 200
    page = moved.content.decode()
    assert page.index(f'value="{before[1]}"') < page.index(f'value="{before[0]}"')
    assert field_value(moved, "reason") == "调整"
    assert versions() == 0  # nothing saved by a move

    wanted = [before[1], before[0], *before[2:]]
    response = editor.post(url, {"codes": wanted, "save": "", "reason": "按新报告的顺序"})
    assert response.status_code == 302
    after = list(
        Indicator.objects.filter(section="industry")
        .order_by("order")
        .values_list("code", flat=True)
    )
    assert after == wanted
    assert by_people().get().reason == "按新报告的顺序"


def test_saving_an_order_needs_a_reason(editor):
    url = "/catalogue/sections/industry/order/"
    codes = list(
        Indicator.objects.filter(section="industry")
        .order_by("order")
        .values_list("code", flat=True)
    )
    response = editor.post(url, {"codes": codes[::-1], "save": "", "reason": ""})
    assert response.status_code == 400
    assert field_errors(response, "reason") == ["请填写修改原因。"]
    assert versions() == 0


def test_the_overview_lists_every_section_in_order_with_its_indicators(editor, catalogue):
    page = editor.get("/catalogue/").content.decode()
    positions = [
        page.index(f'id="section-{code}"')
        for code in ("industry", "urbanisation", "green", "livelihood", "party")
    ]
    assert positions == sorted(positions)
    for code in catalogue:
        assert f'id="indicator-{code}"' in page


def test_the_code_is_read_only_when_the_indicator_has_only_a_target(editor, catalogue, county):
    Target.objects.create(
        indicator_id="street_lights", region=county, year=2026, value=Decimal(100)
    )
    page = editor.get("/catalogue/indicators/street_lights/").content.decode()
    assert "disabled" in page.split('name="code"')[1].split(">")[0]
