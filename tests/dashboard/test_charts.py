"""Chart builders: plain data in, Plotly figure out; no database."""

import json
from decimal import Decimal

from dashboard.charts import Bar, Series, comparison_chart, sparkline_path, trend_chart
from dashboard.colors import PALETTE, town_colors

D = Decimal


def test_trend_chart_draws_one_line_per_town_with_the_years_on_x():
    figure = trend_chart(
        title="原煤产量 历年变化",
        unit="万吨",
        years=[2020, 2021, 2022],
        series=[
            Series("青山镇", [D("1.10"), D("2.20"), D("3.30")], "#111111"),
            Series("煤岭镇", [D("4.00"), D("5.00"), D("6.00")], "#222222"),
        ],
    )
    assert [trace.name for trace in figure.data] == ["青山镇", "煤岭镇"]
    assert list(figure.data[0].x) == [2020, 2021, 2022]
    assert list(figure.data[1].y) == [D("4.00"), D("5.00"), D("6.00")]
    assert figure.data[0].line.color == "#111111"


def test_missing_value_is_a_gap_not_zero():
    figure = trend_chart(
        title="t",
        unit="亩",
        years=[2020, 2021, 2022],
        series=[Series("a", [D(1), None, D(3)], "#000")],
    )
    assert list(figure.data[0].y) == [D(1), None, D(3)]
    assert figure.data[0].connectgaps is False
    assert json.loads(figure.to_json())["data"][0]["y"] == [1, None, 3]


def test_the_unit_is_written_on_the_chart():
    figure = trend_chart(title="t", unit="万吨／年", years=[2020], series=[])
    assert any("万吨／年" in note.text for note in figure.layout.annotations)


def test_county_targets_are_a_dashed_line_and_absent_without_targets():
    with_targets = trend_chart(
        title="t",
        unit="u",
        years=[2020, 2021],
        series=[Series("县", [D(1), D(2)], "#000", is_county=True)],
        targets=[D(3), None],
        target_name="目标",
    )
    without = trend_chart(
        title="t",
        unit="u",
        years=[2020, 2021],
        series=[Series("县", [D(1), D(2)], "#000")],
        targets=[None, None],
    )
    assert with_targets.data[-1].name == "目标"
    assert with_targets.data[-1].line.dash == "dash"
    assert list(with_targets.data[-1].y) == [D(3), None]
    assert len(without.data) == 1


def test_unapproved_points_are_hollow():
    figure = trend_chart(
        title="t",
        unit="u",
        years=[2025, 2026],
        series=[Series("a", [D(1), D(2)], "#000", unapproved=(False, True))],
    )
    assert list(figure.data[0].marker.symbol) == ["circle", "circle-open"]


def test_comparison_sorts_towns_highest_first_and_keeps_missing_towns_last_without_a_bar():
    figure = comparison_chart(
        title="2025年 各镇原煤产量",
        unit="万吨",
        bars=[
            Bar("甲镇", D("5"), "#111111"),
            Bar("乙镇", None, "#222222"),
            Bar("丙镇", D("9"), "#333333"),
        ],
        missing_label="未填报",
    )
    bars = figure.data[0]
    assert list(bars.y) == ["丙镇", "甲镇", "乙镇"]
    assert list(bars.x) == [D("9"), D("5"), None]
    assert list(bars.text) == ["", "", "未填报"]
    assert list(bars.marker.color) == ["#333333", "#111111", "#222222"]


def test_comparison_marks_each_towns_target_and_hatches_unapproved_figures():
    figure = comparison_chart(
        title="t",
        unit="u",
        bars=[
            Bar("甲镇", D("5"), "#111111", target=D("6")),
            Bar("乙镇", D("7"), "#222222", unapproved=True),
        ],
        target_name="目标",
    )
    bars, targets = figure.data
    assert targets.name == "目标"
    assert list(targets.x) == [None, D("6")]  # 乙镇 first: it is higher
    assert list(bars.marker.pattern.shape) == ["/", ""]


def test_comparison_without_any_target_has_no_target_trace():
    figure = comparison_chart(title="t", unit="u", bars=[Bar("甲镇", D("5"), "#111111")])
    assert len(figure.data) == 1


def test_charts_carry_no_heavy_default_template():
    figure = trend_chart(title="t", unit="u", years=[2020], series=[Series("a", [D(1)], "#000")])
    assert len(figure.to_json()) < 3000


def test_each_town_keeps_its_colour_whatever_order_the_towns_come_in():
    codes = ["999901102000", "999901100000", "999901101000"]
    assert town_colors(codes) == town_colors(list(reversed(codes)))
    assert town_colors(codes)["999901100000"] == PALETTE[0]
    assert len(set(town_colors(codes).values())) == 3


def test_sparkline_breaks_at_a_missing_year():
    path = sparkline_path([D(1), D(2), None, D(3), D(4)])
    assert path.count("M") == 2
    assert path.startswith("M")


def test_sparkline_needs_two_figures():
    assert sparkline_path([None, D(1), None]) == ""
