"""The scheme's form editor: the same checks and versions as the TOML path, the
message at the field, what was typed kept, nothing saved on a refusal."""

import pytest

from indicators.assessment.models import SchemeVersion
from indicators.assessment.tomlio import scheme_load
from indicators.audit.models import Action, AuditEvent
from indicators.models import Indicator, Role
from tests import factories

pytestmark = pytest.mark.django_db

# The demo scheme's items in the editor, in order: 经济发展 0–4, 城乡建设 5–6, 生态 7,
# 民生 8–11 (11 the veto), 党建 12–13.
JOBS, INDUSTRY_RANK, VETO = 1, 2, 11


def editor_url(county) -> str:
    return f"/assessment/{county.code}/2025/scheme/"


def form_data(editor) -> dict:
    """What a browser posts for the editor's forms as they stand."""
    data = {}
    formsets = (editor.grades, editor.parts, editor.items)
    for form in [editor.scheme, *(f.management_form for f in formsets)]:
        data |= _fields(form)
    for formset in formsets:
        for form in formset:
            data |= _fields(form)
    return data


def _fields(form) -> dict:
    data = {}
    for field in form:
        value = field.value()
        if field.widget_type == "checkbox":
            if value:
                data[field.html_name] = "on"
        else:
            data[field.html_name] = "" if value is None else str(value)
    return data


def opened(client, county) -> dict:
    response = client.get(editor_url(county))
    assert response.status_code == 200
    return form_data(response.context["editor"])


def save(client, county, data: dict, reason: str = "按县委要求调整"):
    return client.post(editor_url(county), {**data, "reason": reason, "save": "1"})


def latest_scheme(catalogue):
    return scheme_load(SchemeVersion.objects.order_by("-version").first().source, catalogue)


def test_form_edit_saves_the_same_version_as_the_toml_path(
    official_client, county, catalogue, assessed
):
    data = opened(official_client, county)
    data["i-0-weight"] = "8"  # 财政涉农整合资金 10 → 8, and a new item of 2 in 经济发展
    added = official_client.post(editor_url(county), {**data, "add_item": "0"})
    assert added.status_code == 200 and SchemeVersion.objects.count() == 1
    data = form_data(added.context["editor"])
    assert data["i-0-weight"] == "8" and data["i-14-part"] == "0"
    data |= {
        "i-14-name": "带动就业排名",
        "i-14-indicator": "jobs_created",
        "i-14-method": "rank",
        "i-14-weight": "2",
        "i-14-last_share": "50",
        "i-14-cap": "150",  # typed for another method: not part of a rank item
    }
    response = save(official_client, county, data)
    assert response.status_code == 302, response.context["editor"].errors
    from_form = latest_scheme(catalogue)

    source = SchemeVersion.objects.get(version=1).source
    source = source.replace("weight = 10\ncap = 120", "weight = 8\ncap = 120", 1)
    source = source.replace(
        '[[parts]]\nname = "城乡建设"',
        '[[parts.items]]\nname = "带动就业排名"\nindicator = "jobs_created"\nmethod = "rank"\n'
        'weight = 2\nlast_share = 50\n\n[[parts]]\nname = "城乡建设"',
        1,
    )
    toml = official_client.post(f"{editor_url(county)}toml/", {"source": source})
    assert toml.status_code == 302
    assert SchemeVersion.objects.count() == 3
    assert latest_scheme(catalogue) == from_form
    economy = from_form.parts[0]
    assert [i.weight for i in economy.items if i.weighted] == [8, 10, 10, 10, 2]
    saved = AuditEvent.objects.filter(action=Action.SCHEME_SAVED).order_by("id")
    assert saved[1].details["reason"] == "按县委要求调整"


def test_parts_and_items_are_reordered_and_removed(official_client, county, catalogue, assessed):
    data = opened(official_client, county)
    data |= {"p-0-ORDER": "2", "p-1-ORDER": "1", "i-4-DELETE": "on"}  # drop the bonus item
    assert save(official_client, county, data).status_code == 302
    scheme = latest_scheme(catalogue)
    assert [part.name for part in scheme.parts][:2] == ["城乡建设", "经济发展"]
    assert "新建标准化农贸市场（加分）" not in [item.name for item in scheme.items]


def test_weights_need_not_add_up_when_the_switch_is_off(
    official_client, county, catalogue, assessed
):
    data = opened(official_client, county)
    data["p-0-weight"] = "45"
    data.pop("check_total")
    assert save(official_client, county, data).status_code == 302
    assert latest_scheme(catalogue).total is None


def refused(client, county, data: dict, **kwargs):
    response = save(client, county, data, **kwargs)
    assert response.status_code == 400
    assert SchemeVersion.objects.count() == 1
    return response.context["editor"]


def test_weights_that_do_not_add_up_are_refused_at_the_weight(official_client, county, assessed):
    data = opened(official_client, county)
    data["p-0-weight"] = "45"
    editor = refused(official_client, county, data)
    part = editor.parts.forms[0]
    assert part["weight"].value() == "45"
    assert part.errors["weight"] == ["各项权重之和为 40，与部分权重 45 不符。"]
    assert editor.scheme.errors["total"] == ["各部分权重之和为 105，应为 100。"]


def test_item_on_a_retired_indicator_is_refused_in_chinese(official_client, county, assessed):
    Indicator.objects.filter(code="jobs_created").update(retired_from=2025)
    page = official_client.get(editor_url(county))
    assert "当前保存的方案已不能使用" in page.content.decode()
    item = page.context["editor"].items.forms[JOBS]
    offered = {
        code
        for _section, group in item.fields["indicator"].widget.choices[1:-1]
        for code, _label in group
    }
    assert "jobs_created" not in offered and "road_investment" in offered
    editor = refused(official_client, county, form_data(page.context["editor"]))
    errors = editor.items.forms[JOBS].errors["indicator"]
    assert errors == ["指标“带动就业”（jobs_created）自 2025 年起停用，不能用于 2025 年度的考核。"]


def test_cap_below_100_is_refused_and_what_was_typed_kept(official_client, county, assessed):
    data = opened(official_client, county)
    data["i-0-cap"] = "90"
    editor = refused(official_client, county, data)
    item = editor.items.forms[0]
    assert item.errors["cap"] == ["封顶比例 90% 低于 100%。"]
    assert item["cap"].value() == "90"


def test_unknown_method_is_refused(official_client, county, assessed):
    data = opened(official_client, county)
    data["i-4-method"] = "lottery"
    editor = refused(official_client, county, data)
    assert editor.items.forms[4].errors["method"][0].startswith("未知的计分方法“lottery”")


def test_a_word_for_a_number_is_refused_at_its_field(official_client, county, assessed):
    data = opened(official_client, county)
    data["i-0-weight"] = "很多"
    editor = refused(official_client, county, data)
    assert editor.items.forms[0].errors["weight"] == ["“权重”应为数字。"]
    assert editor.items.forms[0]["weight"].value() == "很多"


def test_growth_bands_written_wrongly_are_refused(official_client, county, assessed):
    data = opened(official_client, county)
    assert data["i-3-bands"] == "8=100, 5=80, 0=60"
    data["i-3-bands"] = "8=100, 5 80"
    editor = refused(official_client, county, data)
    assert "第 2 档“5 80”应写成" in editor.items.forms[3].errors["bands"][0]


def test_saving_needs_a_reason(official_client, county, assessed):
    editor = refused(official_client, county, opened(official_client, county), reason="")
    assert editor.scheme.errors["reason"] == ["请写明修改原因。"]


def test_adding_a_part_saves_nothing(official_client, county, assessed):
    data = opened(official_client, county)
    response = official_client.post(editor_url(county), {**data, "add_part": "1"})
    assert response.status_code == 200
    assert len(response.context["editor"].parts.forms) == 6
    assert SchemeVersion.objects.count() == 1


def test_each_item_shows_the_parameters_of_its_method(official_client, county, assessed):
    editor = official_client.get(editor_url(county)).context["editor"]
    shown = {
        field.name
        for field, _methods, visible in editor.items.forms[INDUSTRY_RANK].parameters()
        if visible
    }
    assert shown == {"weight", "last_share", "lower_is_better", "missing"}
    veto = {f.name for f, _m, visible in editor.items.forms[VETO].parameters() if visible}
    assert veto == {"below", "above", "reason"}


def test_a_new_scheme_starts_from_a_blank_form(official_client, county, assessed):
    page = official_client.get(f"/assessment/{county.code}/2026/scheme/")
    assert page.status_code == 200
    editor = page.context["editor"]
    assert editor.scheme["title"].value() == "测试县2026年度镇综合考核方案"
    assert len(editor.parts.forms) == 1 and len(editor.grades.forms) == 5


def test_a_new_scheme_is_filled_in_and_saved_as_version_1(
    official_client, county, catalogue, assessed
):
    url = f"/assessment/{county.code}/2026/scheme/"
    data = form_data(official_client.get(url).context["editor"])
    data |= {"p-0-name": "经济发展", "i-0-name": "带动就业", "i-0-indicator": "jobs_created"}
    data |= {"i-0-weight": "100", "i-0-cap": "120", "reason": "新年度方案", "save": "1"}
    assert official_client.post(url, data).status_code == 302
    saved = SchemeVersion.objects.get(year=2026)
    scheme = scheme_load(saved.source, catalogue)
    assert (saved.version, scheme.year, len(scheme.grades)) == (1, 2026, 4)
    assert scheme.items[0].cap == 120


def test_only_the_countys_official_edits_the_scheme(client, county, assessed):
    other = factories.county("888802000000", "邻县")
    for user, status in (
        (factories.user_with_role(Role.CLERK, assessed[0], "clerk"), 403),
        (factories.user_with_role(Role.REVIEWER, assessed[0], "reviewer"), 403),
        (factories.user_with_role(Role.COUNTY, other, "neighbour"), 403),
        (factories.user_with_role(Role.COUNTY, county, "official"), 200),
    ):
        client.force_login(user)
        assert client.get(editor_url(county)).status_code == status
        posted = client.post(editor_url(county), {"save": "1", "reason": "x"})
        assert posted.status_code == (403 if status == 403 else 400)
    assert SchemeVersion.objects.count() == 1
