from decimal import Decimal as D

import pytest

from indicators.rules import RULES, RULES_BY_CODE, check_figures


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
