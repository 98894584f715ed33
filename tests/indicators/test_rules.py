"""The plausibility rules: declared as data in the catalogue (CatalogueRule rows,
``[[rules]]`` in catalogue.toml), read afresh by the engine on every call, and the
built-in check of a figure against its indicator's bounds."""

from decimal import Decimal as D

import pytest
from rest_framework.test import APIClient

from indicators.accounts.tokens import token_issue
from indicators.catalogue import CATALOGUE_FILE, CatalogueError, load_catalogue
from indicators.excel.reader import read_upload
from indicators.figures import figures_import
from indicators.figures.rules import OUTSIDE_BOUNDS, check_figures, listed_rules, report_findings
from indicators.models import CatalogueRule, Indicator, Report, Source, Status
from indicators.workflow.transitions import TransitionRefused, report_submit
from tests.dashboard.entry.conftest import entry_url, form_data
from tests.factories import refusal_codes, save_figures

pytestmark = pytest.mark.django_db

FILE_RULES = [
    "change_over_30_percent",
    "over_capacity",
    "washed_above_raw",
    "disciplined_below_cases",
    "participants_below_sessions",
]


def rules_hit(current, previous=None, comments=None):
    return [(f.rule, f.indicator) for f in check_figures(current, previous, comments)]


# -- The catalogue's rules ------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "now", "warned"),
    [
        (D(100), D(131), True),
        (D(100), D(69), True),
        (D(100), D(130), False),
        (D(100), D(70), False),
        (D(100), D(100), False),
        (D(1), D(0), True),
    ],
)
def test_a_change_over_30_percent_from_last_year_is_flagged(catalogue, before, now, warned):
    found = rules_hit({"street_lights": now}, {"street_lights": before})
    assert (("change_over_30_percent", "street_lights") in found) is warned


def test_no_change_is_measured_without_a_figure_last_year_or_from_zero(catalogue):
    assert rules_hit({"street_lights": D(50)}, {}) == []
    assert rules_hit({"street_lights": D(50)}, {"street_lights": D(0)}) == []


def test_a_big_change_without_a_comment_blocks_submission_and_a_comment_settles_it(catalogue):
    bare = check_figures({"street_lights": D(200)}, {"street_lights": D(100)})
    explained = check_figures(
        {"street_lights": D(200)}, {"street_lights": D(100)}, {"street_lights": "新修道路"}
    )
    assert (bare[0].blocks_submit, bare[0].is_open) == (True, True)
    assert (explained[0].blocks_submit, explained[0].is_open) == (False, False)


def test_the_change_message_gives_the_percentage_and_both_figures(catalogue):
    (finding,) = check_figures({"raw_coal_output": D("145.20")}, {"raw_coal_output": D("100")})
    assert "+45.2%" in finding.message
    assert "上年 100" in finding.message and "今年 145.2" in finding.message


def test_raw_coal_above_design_capacity_is_over_capacity_production(catalogue):
    found = rules_hit({"raw_coal_output": D(121), "coal_design_capacity": D(120)})
    assert found == [("over_capacity", "raw_coal_output")]
    assert rules_hit({"raw_coal_output": D(120), "coal_design_capacity": D(120)}) == []


def test_a_not_above_message_names_both_indicators_with_figures_units_and_the_title(catalogue):
    (finding,) = check_figures({"raw_coal_output": D(120), "coal_design_capacity": D(100)})
    assert finding.message == "超能力生产：原煤产量 120 万吨，高于煤矿设计产能 100 万吨／年。"


def test_washed_coal_above_raw_coal_is_flagged(catalogue):
    found = rules_hit({"washed_coal_output": D(50), "raw_coal_output": D(40)})
    assert found == [("washed_above_raw", "washed_coal_output")]
    assert rules_hit({"washed_coal_output": D(30), "raw_coal_output": D(40)}) == []


def test_fewer_persons_disciplined_than_cases_is_flagged(catalogue):
    found = rules_hit({"disciplinary_cases": D(5), "persons_disciplined": D(4)})
    assert found == [("disciplined_below_cases", "disciplinary_cases")]
    assert rules_hit({"disciplinary_cases": D(5), "persons_disciplined": D(5)}) == []


def test_fewer_participants_than_sessions_is_flagged(catalogue):
    found = rules_hit({"study_sessions": D(40), "study_participants": D(39)})
    assert found == [("participants_below_sessions", "study_sessions")]
    assert rules_hit({"study_sessions": D(40), "study_participants": D(2600)}) == []


def test_a_cross_rule_needs_both_figures(catalogue):
    assert rules_hit({"raw_coal_output": D(500)}) == []


def test_cross_rules_warn_but_never_block_submission(catalogue):
    findings = check_figures({"washed_coal_output": D(50), "raw_coal_output": D(40)})
    assert not any(finding.blocks_submit for finding in findings)


def test_the_catalogue_file_declares_five_rules_with_titles_in_both_languages(catalogue):
    rules = list(CatalogueRule.objects.all())
    assert [rule.code for rule in rules] == FILE_RULES
    for rule in rules:
        assert rule.title and len(rule.explanation) > 10, rule.code
        assert rule.title_en and rule.explanation_en, rule.code
    assert [rule.code for rule in rules if rule.blocks_submit] == ["change_over_30_percent"]


def test_the_rules_listed_are_the_catalogues_then_the_bounds_check(catalogue):
    assert [rule.code for rule in listed_rules()] == [*FILE_RULES, OUTSIDE_BOUNDS]


def test_a_comment_kept_from_an_earlier_figure_does_not_settle_a_jump(catalogue):
    (kept,) = check_figures(
        {"street_lights": D(9)},
        {"street_lights": D(5)},
        {"street_lights": "按新口径统计"},
        {"street_lights"},
    )
    assert (kept.is_open, kept.blocks_submit) == (True, True)
    assert "现有备注是为修改前的数字写的" in kept.message


def test_an_outdated_comment_still_settles_a_cross_rule(catalogue):
    (finding,) = check_figures(
        {"washed_coal_output": D(50), "raw_coal_output": D(40)},
        comments={"washed_coal_output": "外购原煤入洗"},
        outdated={"washed_coal_output"},
    )
    assert not finding.is_open


def test_without_a_catalogue_there_are_no_rules_to_break(db):
    assert rules_hit({"street_lights": D(900)}, {"street_lights": D(1)}) == []
    assert [rule.code for rule in listed_rules()] == [OUTSIDE_BOUNDS]


# -- Rules are data: an edit shows on the next call ---------------------------


def test_a_rule_added_as_a_row_warns_on_the_next_call(catalogue):
    figures = {"problems_resolved": D(60), "petitions_handled": D(50)}
    assert rules_hit(figures) == []
    CatalogueRule.objects.create(
        code="resolved_above_handled",
        kind="not_above",
        indicator=catalogue["problems_resolved"],
        other=catalogue["petitions_handled"],
        title="化解多于办理",
    )
    (finding,) = check_figures(figures)
    assert (finding.rule, finding.indicator) == ("resolved_above_handled", "problems_resolved")
    assert (
        finding.message == "化解多于办理：化解突出问题 60 件，高于办理转办件和群众来信来访 50 件。"
    )
    assert not finding.blocks_submit


def test_a_rule_changed_or_deleted_changes_the_findings_on_the_next_call(catalogue):
    figures = {"raw_coal_output": D(121), "coal_design_capacity": D(120)}
    CatalogueRule.objects.filter(code="over_capacity").update(blocks_submit=True, title="超产")
    (finding,) = check_figures(figures)
    assert finding.blocks_submit and finding.message.startswith("超产：")

    CatalogueRule.objects.filter(code="over_capacity").delete()
    assert rules_hit(figures) == []


def test_a_wider_limit_of_its_own_takes_the_place_of_the_general_one(catalogue):
    CatalogueRule.objects.create(
        code="street_lights_50",
        kind="change_limit",
        indicator=catalogue["street_lights"],
        limit_percent=D(50),
        title="路灯变化超过 ±50%",
        blocks_submit=True,
    )
    last_year = {"street_lights": D(100), "garbage_trucks": D(100)}
    assert rules_hit({"street_lights": D(140), "garbage_trucks": D(140)}, last_year) == [
        ("change_over_30_percent", "garbage_trucks")
    ]
    (finding,) = check_figures({"street_lights": D(160)}, last_year)
    assert (finding.rule, finding.blocks_submit) == ("street_lights_50", True)


def test_a_narrower_limit_of_its_own_warns_sooner_without_blocking(catalogue):
    CatalogueRule.objects.create(
        code="jobs_10",
        kind="change_limit",
        indicator=catalogue["jobs_created"],
        limit_percent=D("10.5"),
        title="就业变化超过 ±10.5%",
    )
    (finding,) = check_figures({"jobs_created": D(89)}, {"jobs_created": D(100)})
    assert (finding.rule, finding.blocks_submit, finding.is_open) == ("jobs_10", False, True)
    assert rules_hit({"jobs_created": D(90)}, {"jobs_created": D(100)}) == []


# -- A figure outside its bounds, once they were narrowed ----------------------


def test_a_figure_outside_narrowed_bounds_is_flagged_until_commented(
    catalogue, towns, clerk, reviewer
):
    town = towns[0]
    save_figures(town, 2024, {"street_lights": 300}, user=clerk)
    Indicator.objects.filter(code="street_lights").update(max_value=200)
    report = Report.objects.get(region=town, year=2024)

    (finding,) = report_findings(report)
    assert (finding.rule, finding.indicator) == (OUTSIDE_BOUNDS, "street_lights")
    assert finding.message.startswith("300 超出合理范围 0～200 盏，请核实")
    assert finding.blocks_submit
    with pytest.raises(TransitionRefused) as refused:
        report_submit(report=report, user=reviewer)
    assert refused.value.code == "comment_required"
    assert report.values.get().value == 300  # flagged, never changed

    # The figure sent again as it stands is kept, with the comment that settles it.
    save_figures(town, 2024, {"street_lights": (300, "含新建园区路灯，已核实")}, user=clerk)
    assert [f for f in report_findings(report) if f.is_open] == []
    assert report_submit(report=report, user=reviewer).status == Status.SUBMITTED


def test_a_new_figure_outside_the_bounds_is_still_refused(catalogue, towns, clerk):
    save_figures(towns[0], 2024, {"street_lights": 300}, user=clerk)
    Indicator.objects.filter(code="street_lights").update(max_value=200)
    assert refusal_codes(towns[0], 2024, {"street_lights": 301}, user=clerk) == ["out_of_bounds"]


def test_a_figure_within_its_bounds_is_not_flagged(catalogue):
    assert rules_hit({"street_lights": D(100000), "garbage_trucks": D(0)}) == []


# -- Loading the rules from the catalogue file ---------------------------------


def edited_catalogue(tmp_path, old: str, new: str):
    text = CATALOGUE_FILE.read_text(encoding="utf-8")
    assert old in text
    edited = tmp_path / "catalogue.toml"
    edited.write_text(text.replace(old, new), encoding="utf-8")
    return edited


def test_loading_the_rules_twice_changes_nothing(catalogue):
    summary = load_catalogue()
    assert not summary.changed
    assert list(CatalogueRule.objects.values_list("code", "order")) == [
        (code, order) for order, code in enumerate(FILE_RULES, start=1)
    ]


def test_a_rule_edited_in_the_file_is_updated_and_one_dropped_is_deleted(catalogue, tmp_path):
    edited = edited_catalogue(tmp_path, 'limit_percent = "30"', 'limit_percent = "40"')
    summary = load_catalogue(edited)
    assert summary.updated == ["change_over_30_percent"]
    assert CatalogueRule.objects.get(code="change_over_30_percent").limit_percent == 40

    text = edited.read_text(encoding="utf-8")
    start = text.index('code = "over_capacity"')
    block = text[text.rindex("[[rules]]", 0, start) : text.index("[[rules]]", start)]
    edited.write_text(text.replace(block, ""), encoding="utf-8")
    summary = load_catalogue(edited)
    assert summary.deleted == ["over_capacity"]
    assert not CatalogueRule.objects.filter(code="over_capacity").exists()


@pytest.mark.parametrize(
    ("old", "new", "said"),
    [
        ('other = "coal_design_capacity"', 'other = "coal_capacity"', "coal_capacity"),
        (
            'kind = "not_above"\nindicator = "raw_coal_output"',
            'kind = "not_above"',
            "需要两个指标",
        ),
        ('limit_percent = "30"', 'limit_percent = "-5"', "大于 0 的百分数"),
        ('kind = "change_limit"\nlimit', 'kind = "ratio"\nlimit', "ratio"),
        ('code = "over_capacity"', 'code = "outside_bounds"', "内置"),
        ('code = "over_capacity"', 'code = "washed_above_raw"', "不能重复"),
    ],
)
def test_a_file_with_a_wrong_rule_is_refused_and_nothing_changes(
    catalogue, tmp_path, old, new, said
):
    edited = edited_catalogue(tmp_path, 'name = "安装路灯"', 'name = "安装路灯（改）"').read_text(
        encoding="utf-8"
    )
    broken = tmp_path / "broken.toml"
    assert old in edited
    broken.write_text(edited.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(CatalogueError) as refused:
        load_catalogue(broken)
    assert said in str(refused.value)
    assert Indicator.objects.get(code="street_lights").name == "安装路灯"
    assert list(CatalogueRule.objects.values_list("code", flat=True)) == FILE_RULES


# The ±30% rule through each channel: last year 5, this year 5 with a comment, now 9.
OLD_COMMENT = "与上年持平"


@pytest.fixture
def five_with_a_comment(towns, clerk, catalogue):
    town = towns[0]
    save_figures(town, 2024, {"street_lights": 5}, user=clerk)
    save_figures(town, 2025, {"street_lights": (5, OLD_COMMENT)}, user=clerk)
    return town


def street_light_warnings(summary_or_body) -> list[str]:
    warnings = getattr(summary_or_body, "warnings", None)
    if warnings is None:
        return [w["rule"] for w in summary_or_body["warnings"] if w["indicator"] == "street_lights"]
    return [w.rule for w in warnings if w.indicator == "street_lights"]


def api_write(clerk, town, **row):
    """values/bulk/ with the clerk's token, as a script sends it."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_issue(user=clerk)}")
    item = {"indicator": "street_lights", "region": town.code, "year": 2025, "value": "9", **row}
    response = client.post("/api/v1/values/bulk/", {"values": [item]}, format="json")
    assert response.status_code == 200, response.json()
    return response.json()


@pytest.mark.django_db
def test_api_a_jump_under_the_old_comment_is_warned_and_blocks_submission(
    clerk, reviewer, five_with_a_comment
):
    body = api_write(clerk, five_with_a_comment)
    assert street_light_warnings(body) == ["change_over_30_percent"]
    report = Report.objects.get(region=five_with_a_comment, year=2025)
    assert [f.indicator for f in report_findings(report) if f.blocks_submit] == ["street_lights"]
    with pytest.raises(TransitionRefused):
        report_submit(report=report, user=reviewer)


@pytest.mark.django_db
def test_api_sending_the_old_comment_again_does_not_explain_the_jump(clerk, five_with_a_comment):
    body = api_write(clerk, five_with_a_comment, comment=OLD_COMMENT)
    assert street_light_warnings(body) == ["change_over_30_percent"]


@pytest.mark.django_db
def test_api_a_new_comment_in_the_same_write_settles_the_jump(clerk, reviewer, five_with_a_comment):
    body = api_write(clerk, five_with_a_comment, comment="新建道路加装路灯")
    assert street_light_warnings(body) == []
    report = Report.objects.get(region=five_with_a_comment, year=2025)
    assert report_submit(report=report, user=reviewer).status == Status.SUBMITTED


@pytest.mark.django_db
def test_a_comment_changed_in_a_later_save_settles_the_jump(clerk, five_with_a_comment):
    town = five_with_a_comment
    save_figures(town, 2025, {"street_lights": 9}, user=clerk)
    summary = save_figures(town, 2025, {"street_lights": (9, "新建道路加装路灯")}, user=clerk)
    report = Report.objects.get(region=town, year=2025)
    assert street_light_warnings(summary) == []
    assert [f for f in report_findings(report) if f.is_open] == []


@pytest.mark.django_db
def test_form_a_jump_saved_beside_the_old_comment_stays_open_on_the_page(
    client, clerk, five_with_a_comment, catalogue
):
    report = Report.objects.get(region=five_with_a_comment, year=2025)
    shown = {"street_lights": "5"}
    data = form_data(
        catalogue,
        version=report.version,
        shown=shown,
        shown_comments={"street_lights": OLD_COMMENT},
        values={"street_lights": "9"},
    )
    client.force_login(clerk)
    page = client.post(entry_url(report), data, follow=True).content.decode()
    notes = page.split('class="entry-notes" data-code="street_lights"')[1].split("</tr>")[0]
    assert "现有备注是为修改前的数字写的" in notes and "（已说明）" not in notes


@pytest.mark.django_db
def test_form_a_jump_saved_with_a_new_comment_is_settled(
    client, clerk, five_with_a_comment, catalogue
):
    report = Report.objects.get(region=five_with_a_comment, year=2025)
    data = form_data(
        catalogue,
        version=report.version,
        shown={"street_lights": "5"},
        shown_comments={"street_lights": OLD_COMMENT},
        values={"street_lights": "9"},
        comments={"street_lights": "新建道路加装路灯"},
    )
    client.force_login(clerk)
    client.post(entry_url(report), data)
    assert [f.rule for f in report_findings(report) if f.is_open] == []


def csv_upload(town, comment: str) -> bytes:
    return (
        f"区划代码,年度,指标代码,数值,备注\n{town.code},2025,street_lights,9,{comment}\n".encode()
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("comment", "warned"), [("", True), (OLD_COMMENT, True), ("新建道路加装路灯", False)]
)
def test_excel_a_jump_needs_a_new_comment_in_the_same_file(
    clerk, five_with_a_comment, comment, warned
):
    upload = read_upload("路灯.csv", csv_upload(five_with_a_comment, comment))
    summary = figures_import(rows=upload.rows, user=clerk, source=Source.IMPORT, dry_run=True)
    assert bool(street_light_warnings(summary)) is warned


@pytest.mark.django_db
def test_form_a_comment_alone_settles_a_figure_outside_narrowed_bounds(
    client, clerk, towns, catalogue
):
    save_figures(towns[0], 2025, {"street_lights": 300}, user=clerk)
    Indicator.objects.filter(code="street_lights").update(max_value=200)
    report = Report.objects.get(region=towns[0], year=2025)
    client.force_login(clerk)
    page = client.get(entry_url(report)).content.decode()
    notes = page.split('class="entry-notes" data-code="street_lights"')[1].split("</tr>")[0]
    assert 'data-rule="outside_bounds"' in notes and "超出合理范围 0～200 盏" in notes

    data = form_data(
        catalogue,
        version=report.version,
        shown={"street_lights": "300"},
        values={"street_lights": "300"},
        comments={"street_lights": "园区路灯并入，已核实"},
    )
    assert client.post(entry_url(report), data).status_code == 302
    assert report.values.get().value == 300
    assert [f for f in report_findings(report) if f.is_open] == []
