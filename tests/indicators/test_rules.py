from decimal import Decimal as D

import pytest
from rest_framework.test import APIClient

from indicators.excel.reader import read_upload
from indicators.figures import figures_import
from indicators.models import Report, Source, Status
from indicators.rules import RULES, RULES_BY_CODE, check_figures, report_findings
from indicators.tokens import token_issue
from indicators.workflow import TransitionRefused, report_submit
from tests.dashboard.entry.conftest import entry_url, form_data
from tests.factories import save_figures


def rules_hit(current, previous=None, comments=None):
    return [(f.rule, f.indicator) for f in check_figures(current, previous, comments)]


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
def test_a_change_over_30_percent_from_last_year_is_flagged(before, now, warned):
    found = rules_hit({"street_lights": now}, {"street_lights": before})
    assert (("change_over_30_percent", "street_lights") in found) is warned


def test_no_change_is_measured_without_a_figure_last_year_or_from_zero():
    assert rules_hit({"street_lights": D(50)}, {}) == []
    assert rules_hit({"street_lights": D(50)}, {"street_lights": D(0)}) == []


def test_a_big_change_without_a_comment_blocks_submission_and_a_comment_settles_it():
    bare = check_figures({"street_lights": D(200)}, {"street_lights": D(100)})
    explained = check_figures(
        {"street_lights": D(200)}, {"street_lights": D(100)}, {"street_lights": "新修道路"}
    )
    assert (bare[0].blocks_submit, bare[0].is_open) == (True, True)
    assert (explained[0].blocks_submit, explained[0].is_open) == (False, False)


def test_the_change_message_gives_the_percentage_and_both_figures():
    (finding,) = check_figures({"raw_coal_output": D("145.20")}, {"raw_coal_output": D("100")})
    assert "+45.2%" in finding.message
    assert "上年 100" in finding.message and "今年 145.2" in finding.message


def test_raw_coal_above_design_capacity_is_over_capacity_production():
    found = rules_hit({"raw_coal_output": D(121), "coal_design_capacity": D(120)})
    assert found == [("over_capacity", "raw_coal_output")]
    assert rules_hit({"raw_coal_output": D(120), "coal_design_capacity": D(120)}) == []


def test_washed_coal_above_raw_coal_is_flagged():
    found = rules_hit({"washed_coal_output": D(50), "raw_coal_output": D(40)})
    assert found == [("washed_above_raw", "washed_coal_output")]
    assert rules_hit({"washed_coal_output": D(30), "raw_coal_output": D(40)}) == []


def test_fewer_persons_disciplined_than_cases_is_flagged():
    found = rules_hit({"disciplinary_cases": D(5), "persons_disciplined": D(4)})
    assert found == [("disciplined_below_cases", "disciplinary_cases")]
    assert rules_hit({"disciplinary_cases": D(5), "persons_disciplined": D(5)}) == []


def test_fewer_participants_than_sessions_is_flagged():
    found = rules_hit({"study_sessions": D(40), "study_participants": D(39)})
    assert found == [("participants_below_sessions", "study_sessions")]
    assert rules_hit({"study_sessions": D(40), "study_participants": D(2600)}) == []


def test_a_cross_rule_needs_both_figures():
    assert rules_hit({"raw_coal_output": D(500)}) == []


def test_cross_rules_warn_but_never_block_submission():
    findings = check_figures({"washed_coal_output": D(50), "raw_coal_output": D(40)})
    assert not any(finding.blocks_submit for finding in findings)


def test_every_rule_reads_indicators_of_the_catalogue(catalogue):
    for rule in RULES:
        assert set(rule.indicators) <= set(catalogue), rule.code


def test_every_rule_has_a_stable_code_a_chinese_title_and_an_explanation():
    assert len(RULES_BY_CODE) == len(RULES) == 5
    for rule in RULES:
        assert rule.code.isascii() and str(rule.title) and len(str(rule.explanation)) > 10


def test_a_comment_kept_from_an_earlier_figure_does_not_settle_a_jump():
    (kept,) = check_figures(
        {"street_lights": D(9)},
        {"street_lights": D(5)},
        {"street_lights": "按新口径统计"},
        {"street_lights"},
    )
    assert (kept.is_open, kept.blocks_submit) == (True, True)
    assert "现有备注是为修改前的数字写的" in kept.message


def test_an_outdated_comment_still_settles_a_cross_rule():
    (finding,) = check_figures(
        {"washed_coal_output": D(50), "raw_coal_output": D(40)},
        comments={"washed_coal_output": "外购原煤入洗"},
        outdated={"washed_coal_output"},
    )
    assert not finding.is_open


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
