"""Each scoring method on hand-computed cases: Decimal, quantized to 0.01, ROUND_HALF_UP."""

from dataclasses import dataclass
from decimal import Decimal

import pytest

from indicators.assessment.engine import Figure, Inputs, Town, assess
from indicators.assessment.spec import scheme_from_dict

D = Decimal


@dataclass(frozen=True)
class Ind:
    code: str
    name: str
    unit: str
    higher_is_better: bool | None = True


INDICATORS = {
    "output": Ind("output", "产量", "万吨"),
    "poor": Ind("poor", "零就业家庭", "户", False),
    "safe": Ind("safe", "连续未发生安全生产事故", "年"),
    "cases": Ind("cases", "信访越级", "件", None),
}
TOWNS = [Town("990101100000", "甲镇"), Town("990101101000", "乙镇"), Town("990101102000", "丙镇")]


def scheme(*items, missing="zero", part_weight=None, grading=None, ties="shared"):
    weight = part_weight or sum(
        D(str(i.get("weight", 0))) for i in items if i["method"] not in ("bonus", "veto")
    )
    return scheme_from_dict(
        {
            "title": "测试方案",
            "year": 2025,
            "total": weight,
            "missing": missing,
            "ties": ties,
            "parts": [{"name": "经济", "weight": weight, "items": list(items)}],
            "grading": grading
            or {"bands": [{"grade": "优秀", "min": 90}, {"grade": "合格", "min": 0}]},
        },
        INDICATORS,
    )


def inputs(figures, targets=None, towns=TOWNS):
    return Inputs(
        year=2025,
        towns=towns,
        figures={
            key: value if isinstance(value, Figure) else Figure(D(str(value)), True)
            for key, value in figures.items()
        },
        targets={key: D(str(value)) for key, value in (targets or {}).items()},
        indicators=INDICATORS,
    )


A, B, C = (town.code for town in TOWNS)


def item_of(result, town):
    return result.of(town).items[0]


def test_target_attainment_is_weight_times_ratio():
    s = scheme({"name": "产量", "indicator": "output", "method": "target", "weight": 5})
    result = assess(s, inputs({("output", A, 2025): 96}, {("output", A): 100}, towns=TOWNS[:1]))
    row = item_of(result, A)
    assert row.points == D("4.80")
    assert row.score.text == "完成目标 96.0% × 权重 5 = 4.80 分"


def test_target_ratio_is_rounded_half_up_before_multiplying():
    # 2/3 = 66.666…% → 66.7 %; 66.7 % × 3 = 2.001 → 2.00; 0.6675 % rounds half up.
    s = scheme({"name": "产量", "indicator": "output", "method": "target", "weight": 3})
    result = assess(s, inputs({("output", A, 2025): 2}, {("output", A): 3}, towns=TOWNS[:1]))
    assert item_of(result, A).points == D("2.00")
    s = scheme({"name": "产量", "indicator": "output", "method": "target", "weight": 1})
    # 80.05 / 100 = 80.05 % → 80.1 % (half up), × 1 = 0.801 → 0.80
    result = assess(
        s, inputs({("output", A, 2025): "80.05"}, {("output", A): 100}, towns=TOWNS[:1])
    )
    assert item_of(result, A).points == D("0.80")


def test_target_above_cap_scores_the_cap():
    s = scheme(
        {"name": "产量", "indicator": "output", "method": "target", "weight": 10, "cap": 120}
    )
    result = assess(s, inputs({("output", A, 2025): 150}, {("output", A): 100}, towns=TOWNS[:1]))
    assert item_of(result, A).points == D("12.00")
    assert "封顶 120%" in item_of(result, A).score.text


def test_target_is_reversed_when_lower_is_better():
    # 零就业家庭: target 20, actual 25 → 20/25 = 80.0 % × 5 = 4.00
    s = scheme({"name": "零就业", "indicator": "poor", "method": "target", "weight": 5})
    result = assess(s, inputs({("poor", A, 2025): 25}, {("poor", A): 20}, towns=TOWNS[:1]))
    assert item_of(result, A).points == D("4.00")


GROWTH = {
    "name": "增长",
    "indicator": "output",
    "method": "growth",
    "weight": 5,
    "bands": [{"min": 10, "share": 100}, {"min": 5, "share": 80}, {"min": 0, "share": 60}],
}


@pytest.mark.parametrize(
    ("before", "now", "expected"),
    [(100, 112, "5.00"), (100, 107.3, "4.00"), (100, 100, "3.00"), (100, 98, "0.00")],
)
def test_growth_scores_by_band(before, now, expected):
    figures = {("output", A, 2024): before, ("output", A, 2025): now}
    result = assess(scheme(GROWTH), inputs(figures, towns=TOWNS[:1]))
    assert item_of(result, A).points == D(expected)


def test_rank_is_linear_from_first_to_last():
    s = scheme({"name": "排名", "indicator": "output", "method": "rank", "weight": 6})
    figures = {("output", A, 2025): 30, ("output", B, 2025): 20, ("output", C, 2025): 10}
    result = assess(s, inputs(figures))
    assert [item_of(result, t).points for t in (A, B, C)] == [D("6.00"), D("3.00"), D("0.00")]
    assert "在 3 个镇中排第 2 名：6 × (3 − 2) ÷ (3 − 1) = 3.00 分" in item_of(result, B).score.text


def test_rank_with_a_floor_for_the_last_town():
    s = scheme(
        {"name": "排名", "indicator": "output", "method": "rank", "weight": 5, "last_share": 60}
    )
    figures = {("output", A, 2025): 30, ("output", B, 2025): 20, ("output", C, 2025): 10}
    result = assess(s, inputs(figures))
    # 5 × (0.6 + 0.4 × 1/2) = 4.00; last: 5 × 0.6 = 3.00
    assert [item_of(result, t).points for t in (A, B, C)] == [D("5.00"), D("4.00"), D("3.00")]


def test_threshold_is_all_or_nothing():
    s = scheme(
        {"name": "达标", "indicator": "output", "method": "threshold", "weight": 4, "threshold": 20}
    )
    figures = {("output", A, 2025): 20, ("output", B, 2025): "19.99"}
    result = assess(s, inputs(figures, towns=TOWNS[:2]))
    assert (item_of(result, A).points, item_of(result, B).points) == (D("4.00"), D("0.00"))


def test_deduction_per_unit_stops_at_the_floor():
    item = {
        "name": "信访",
        "indicator": "cases",
        "method": "deduction",
        "weight": 5,
        "per_unit": "1.5",
        "floor": 1,
    }
    figures = {("cases", A, 2025): 2, ("cases", B, 2025): 9}
    result = assess(scheme(item), inputs(figures, towns=TOWNS[:2]))
    assert item_of(result, A).points == D("2.00")  # 5 − 1.5 × 2
    assert item_of(result, B).points == D("1.00")  # 5 − 13.5 < floor 1
    assert "不低于 1 分" in item_of(result, B).score.text


def test_bonus_stops_at_the_ceiling():
    items = (
        {
            "name": "产量",
            "indicator": "output",
            "method": "threshold",
            "weight": 10,
            "threshold": 0,
        },
        {"name": "加分", "indicator": "cases", "method": "bonus", "per_unit": "0.5", "ceiling": 2},
    )
    figures = {
        ("output", A, 2025): 1,
        ("cases", A, 2025): 3,
        ("output", B, 2025): 1,
        ("cases", B, 2025): 7,
    }
    result = assess(scheme(*items), inputs(figures, towns=TOWNS[:2]))
    assert result.of(A).items[1].points == D("1.50")
    assert result.of(B).items[1].points == D("2.00")
    assert result.of(B).total == D("12.00")


VETO = {
    "name": "安全生产",
    "indicator": "safe",
    "method": "veto",
    "below": 1,
    "reason": "当年发生安全生产事故",
}


def test_veto_makes_the_town_fail_whatever_its_score():
    s = scheme(
        {
            "name": "产量",
            "indicator": "output",
            "method": "threshold",
            "weight": 100,
            "threshold": 0,
        },
        VETO,
        grading={"bands": [{"grade": "优秀", "min": 90}, {"grade": "不合格", "min": 0}]},
    )
    figures = {
        ("output", A, 2025): 5,
        ("safe", A, 2025): 0,
        ("output", B, 2025): 5,
        ("safe", B, 2025): 9,
    }
    result = assess(s, inputs(figures, towns=TOWNS[:2]))
    assert result.of(A).total == D("100.00")
    assert (result.of(A).grade, result.of(B).grade) == ("不合格", "优秀")
    assert result.of(A).vetoes == [
        "否决：当年发生安全生产事故（连续未发生安全生产事故 0年，低于 1年）"
    ]


def test_unapproved_figure_scores_zero_under_the_zero_policy():
    s = scheme({"name": "产量", "indicator": "output", "method": "target", "weight": 5})
    figures = {("output", A, 2025): Figure(D(96), approved=False)}
    result = assess(s, inputs(figures, {("output", A): 100}, towns=TOWNS[:1]))
    row = item_of(result, A)
    assert (row.points, row.score.status) == (D("0.00"), "missing")
    assert row.score.text == "数字 96 尚未审核，不计入：按方案记 0.00 分"


def test_missing_figure_gives_its_weight_to_the_rest_of_the_part():
    s = scheme(
        {"name": "产量", "indicator": "output", "method": "threshold", "weight": 6, "threshold": 0},
        {
            "name": "零就业",
            "indicator": "poor",
            "method": "threshold",
            "weight": 2,
            "threshold": 99,
        },
        {"name": "信访", "indicator": "cases", "method": "threshold", "weight": 2, "threshold": 0},
        missing="redistribute",
    )
    figures = {("output", A, 2025): 1, ("poor", A, 2025): 1}
    result = assess(s, inputs(figures, towns=TOWNS[:1]))
    output, poor, cases = result.of(A).items
    # 信访's weight 2 goes to the other two in proportion 6 : 2 → 7.5 and 2.5.
    assert (output.points, poor.points, cases.points) == (D("7.50"), D("2.50"), D("0.00"))
    assert cases.score.status == "left_out"
    assert "权重 6 因同部分缺数项调整为 7.5" in output.score.text
    assert result.of(A).total == D("10.00")


def test_points_add_up_to_the_total_and_ranks_share_ties():
    s = scheme(
        {"name": "排名", "indicator": "output", "method": "threshold", "weight": 5, "threshold": 10}
    )
    figures = {("output", A, 2025): 10, ("output", B, 2025): 10, ("output", C, 2025): 1}
    result = assess(s, inputs(figures))
    assert [(t.town.code, t.rank) for t in result.towns] == [(A, 1), (B, 1), (C, 3)]
    for town in result.towns:
        assert sum(row.points for row in town.items) == town.total


def test_ties_broken_by_code_when_the_scheme_says_so():
    s = scheme(
        {
            "name": "排名",
            "indicator": "output",
            "method": "threshold",
            "weight": 5,
            "threshold": 10,
        },
        ties="code",
    )
    figures = {("output", A, 2025): 10, ("output", B, 2025): 10, ("output", C, 2025): 1}
    assert [t.rank for t in assess(s, inputs(figures)).towns] == [1, 2, 3]


def test_quota_limits_the_top_grade():
    grading = {
        "bands": [
            {"grade": "优秀", "min": 90},
            {"grade": "良好", "min": 80},
            {"grade": "合格", "min": 0},
        ],
        "quota": {"grade": "优秀", "share": 30},
    }
    s = scheme(
        {"name": "排名", "indicator": "output", "method": "target", "weight": 100}, grading=grading
    )
    figures = {("output", t.code, 2025): 95 + i for i, t in enumerate(TOWNS)}
    result = assess(s, inputs(figures, {("output", t.code): 100 for t in TOWNS}))
    # 3 towns × 30 % = 0.9 → none may be 优秀; all drop to 良好.
    assert [t.grade for t in result.towns] == ["良好", "良好", "良好"]
    assert "不超过 30%" in result.towns[0].grade_note
