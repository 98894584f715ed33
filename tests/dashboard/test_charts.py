"""Chart builders: plain data in, a Plotly figure dict out; no database.

Every figure is also passed through ``plotly.graph_objects.Figure``, which refuses
any property Plotly does not know: the dicts dashboard.charts builds by hand stay valid.
"""

import json
from decimal import Decimal

import plotly.graph_objects as go

from dashboard.charts import (
    STANDING_COLORS,
    Bar,
    Series,
    attainment_chart,
    comparison_chart,
    sparkline,
    sparkline_path,
    trend_chart,
)
from dashboard.charts.colors import PALETTE, town_colors
from dashboard.charts.embed import Chart
from dashboard.charts.text import shortened, shortened_apart, width_em, wrapped

D = Decimal


def drawn(figure: dict) -> go.Figure:
    """The figure as Plotly reads it; raises on any property Plotly does not know."""
    return go.Figure(figure)


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
    data = drawn(figure).data
    assert [trace.name for trace in data] == ["青山镇", "煤岭镇"]
    assert list(data[0].x) == [2020, 2021, 2022]
    assert list(data[1].y) == [D("4.00"), D("5.00"), D("6.00")]
    assert data[0].line.color == "#111111"


def test_missing_value_is_a_gap_not_zero():
    figure = trend_chart(
        title="t",
        unit="亩",
        years=[2020, 2021, 2022],
        series=[Series("a", [D(1), None, D(3)], "#000")],
    )
    assert figure["data"][0]["y"] == [D(1), None, D(3)]
    assert figure["data"][0]["connectgaps"] is False
    assert json.loads(Chart("c", figure, "f").json)["data"][0]["y"] == [1, None, 3]


def test_the_unit_is_written_on_the_chart():
    figure = trend_chart(title="t", unit="万吨／年", years=[2020], series=[])
    assert any("万吨／年" in note.text for note in drawn(figure).layout.annotations)


def test_a_chart_says_which_county_and_years_it_shows_and_is_not_cut_at_the_left():
    figure = drawn(
        trend_chart(
            title="原煤产量 历年变化",
            unit="万吨",
            years=[2020],
            series=[],
            subtitle="演示县 · 2016–2025年",
        )
    )
    assert figure.layout.title.subtitle.text == "演示县 · 2016–2025年"
    assert figure.layout.title.pad.l > 0
    assert figure.layout.yaxis.automargin is True
    # The year labels are never rotated into the legend; the page thins them instead.
    assert figure.layout.xaxis.tickangle == 0
    assert figure.layout.xaxis.tickformat == "d"


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
    target = drawn(with_targets).data[-1]
    assert target.name == "目标"
    assert target.line.dash == "dash"
    assert list(target.y) == [D(3), None]
    assert len(without["data"]) == 1


def test_unapproved_points_are_hollow():
    figure = trend_chart(
        title="t",
        unit="u",
        years=[2025, 2026],
        series=[Series("a", [D(1), D(2)], "#000", unapproved=(False, True))],
    )
    assert list(drawn(figure).data[0].marker.symbol) == ["circle", "circle-open"]


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
    bars = drawn(figure).data[0]
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
    bars, targets = drawn(figure).data
    assert targets.name == "目标"
    assert list(targets.x) == [None, D("6")]  # 乙镇 first: it is higher
    assert list(bars.marker.pattern.shape) == ["/", ""]


def test_comparison_without_any_target_has_no_target_trace():
    figure = comparison_chart(title="t", unit="u", bars=[Bar("甲镇", D("5"), "#111111")])
    assert len(figure["data"]) == 1


def test_charts_carry_no_heavy_default_template():
    figure = trend_chart(title="t", unit="u", years=[2020], series=[Series("a", [D(1)], "#000")])
    assert "template" not in figure["layout"]
    assert len(Chart("c", figure, "f").json) < 3000


def test_the_page_json_of_a_chart_is_what_plotly_would_write():
    figure = comparison_chart(
        title="t", unit="u", bars=[Bar("甲镇", D("5.5"), "#111111", target=D("6"))]
    )
    ours = json.loads(Chart("c", figure, "f").json)
    plotly = json.loads(drawn(figure).to_json())
    # go.Figure adds its default template; Plotly's JavaScript draws none unless given one.
    plotly["layout"].pop("template")
    assert ours["data"] == plotly["data"]
    assert ours["layout"] == plotly["layout"]


ITEMS = [("甲", D("100.0")), ("乙", D("91.9")), ("丙", None), ("丁", D("112.5")), ("戊", D("97.0"))]
WORDS = {"below": "未完成", "met": "完成", "above": "超额完成"}


def attainment(**kwargs):
    return attainment_chart(title="产业发展 目标完成情况", items=ITEMS, words=WORDS, **kwargs)


def test_attainment_shows_the_distance_to_the_target_laggards_first():
    bars = drawn(attainment()).data[0]
    # (value - target) / target: the furthest below first, no bar without a target.
    assert list(bars.y) == ["乙", "戊", "甲", "丁"]
    assert list(bars.x) == [D("-8.1"), D("-3.0"), D("0.0"), D("12.5")]


def test_attainment_says_below_met_or_above_in_words_as_well_as_colour():
    figure = drawn(attainment())
    labels = {note.y: note for note in figure.layout.annotations if note.yref == "y"}
    assert labels["乙"].text == "−8.1% 未完成"
    assert labels["甲"].text == "0.0% 完成"
    assert labels["丁"].text == "+12.5% 超额完成"
    assert labels["乙"].font.color == STANDING_COLORS["below"]
    assert labels["丁"].font.color == STANDING_COLORS["above"]
    assert figure.data[0].marker.color[0] == STANDING_COLORS["below"]


def test_attainment_labels_stay_clear_of_the_target_line_and_each_other():
    figure = drawn(attainment())
    (line,) = figure.layout.shapes
    assert (line.x0, line.x1) == (0, 0)
    labels = [note for note in figure.layout.annotations if note.yref == "y"]
    # A column right of the plot: never over the line at 0 or a bar, one per row.
    assert all(note.xref == "paper" and note.x >= 1 and note.xanchor == "left" for note in labels)
    assert len({note.y for note in labels}) == len(labels)
    assert figure.layout.margin.r > max(len(note.text) for note in labels) * 9
    assert figure.data[0].textposition == "none"
    # The target line's own label sits above the plot, not among the rows.
    goal = next(note for note in figure.layout.annotations if note.xref == "x")
    assert (goal.x, goal.yref, goal.y) == (0, "paper", 1.0)


def test_attainment_range_keeps_the_target_line_in_view_when_every_figure_is_above():
    figure = attainment_chart(title="t", items=[("甲", D("130.0")), ("乙", D("110.0"))])
    low, high = figure["layout"]["xaxis"]["range"]
    assert low < 0 < D(30) < high


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


def test_a_larger_sparkline_spans_its_whole_box():
    spark = sparkline([D(1), D(5)], width=220, height=48)
    assert spark.path == "M2.0,45.0 L218.0,3.0"


def test_on_a_phone_the_attainment_chart_drops_its_axis_not_its_labels():
    narrow = drawn(attainment()).layout.meta["narrow"]
    assert narrow["xaxis.showticklabels"] is False
    assert narrow["xaxis.title.text"] == ""
    assert narrow["yaxis.ticktext"] == ["乙", "戊", "甲", "丁"]


LONG = "大石桥满族蒙古族自治镇新区街道"  # 15 characters: real names are this long


def test_a_long_name_is_shortened_with_an_ellipsis_within_its_width():
    assert shortened("青山镇", 9) == "青山镇"
    assert shortened(LONG, 9) == "大石桥满族蒙古族…"
    assert width_em(shortened(LONG, 7)) <= 7
    assert shortened("Qingshan Town Economic Zone", 9) == "Qingshan Town…"


def test_names_that_would_shorten_alike_keep_the_words_that_tell_them_apart():
    names = ["Scale Prefecture 1 (fictional)", "Scale Prefecture 12 (fictional)", "Qingshan"]
    short = shortened_apart(names, 9)
    assert short == ["…1 (fictional)", "…12 (fiction…", "Qingshan"]
    assert all(width_em(text) <= 9 for text in short)
    # Names that shorten apart anyway keep their start.
    assert shortened_apart([LONG, "大石桥满族乡"], 7) == [shortened(LONG, 7), "大石桥满族乡"]


def test_a_title_wraps_at_its_spaces_and_a_separator_ends_its_line():
    assert wrapped("2025年 各镇行政村公共卫生服务覆盖率", 15) == [
        "2025年",
        "各镇行政村公共卫生服务覆盖率",
    ]
    assert wrapped(f"{LONG} · 演示县 · 2025年", 22) == [f"{LONG} · 演示县 ·", "2025年"]


def test_a_long_town_name_is_shortened_on_the_axis_and_whole_in_the_hover():
    figure = comparison_chart(
        title="t", unit="万吨", bars=[Bar(LONG, D("4"), "#111"), Bar("青山镇", D("6"), "#222")]
    )
    axis = drawn(figure).layout.yaxis
    assert list(axis.tickvals) == ["青山镇", LONG]
    assert list(axis.ticktext) == ["青山镇", "大石桥满族蒙古族…"]
    bars = figure["data"][0]
    assert bars["customdata"] == ["青山镇", LONG]
    assert bars["hovertemplate"].startswith("%{customdata}")
    # Shorter still on a phone.
    assert figure["layout"]["meta"]["narrow"]["yaxis.ticktext"] == ["青山镇", "大石桥满族蒙…"]


def test_short_names_need_no_tick_text():
    figure = comparison_chart(title="t", unit="u", bars=[Bar("甲镇", D("5"), "#111")])
    assert "ticktext" not in figure["layout"]["yaxis"]


def test_each_figure_is_written_right_of_the_plot_where_no_target_tick_can_sit_on_it():
    figure = drawn(
        comparison_chart(
            title="t",
            unit="u",
            bars=[
                Bar("甲镇", D("69"), "#111", target=D("70"), label="69"),
                Bar("乙镇", D("1234.5"), "#222", target=D("1300"), label="1,234.50"),
                Bar("丙镇", None, "#333"),
                Bar("丁镇", D("7"), "#444", unapproved=True, label="7"),
            ],
        )
    )
    labels = {note.y: note for note in figure.layout.annotations if note.yref == "y"}
    assert {name: note.text for name, note in labels.items()} == {
        "乙镇": "1,234.50",
        "甲镇": "69",
        "丁镇": "7 未审核",
        "丙镇": "未填报",
    }
    # Past the plot's right edge, in a margin as wide as the widest label.
    assert all(
        note.xref == "paper" and note.x == 1 and note.xanchor == "left" for note in labels.values()
    )
    assert figure.layout.margin.r >= len("1,234.50") * 0.6 * 14
    assert figure.data[0].textposition == "none"
    assert labels["丙镇"].font.color != labels["甲镇"].font.color  # 未填报 is muted


def test_the_rows_fill_the_plot_however_tall_the_target_ticks_are():
    figure = comparison_chart(
        title="t",
        unit="u",
        bars=[Bar(n, D(i), "#111", target=D(i + 1)) for i, n in enumerate("甲乙丙")],
    )
    assert figure["layout"]["yaxis"]["range"] == [2.5, -0.5]  # highest on top


def test_a_crowded_ranking_keeps_the_highest_and_lowest_and_says_how_many_are_left_out():
    bars = [Bar(f"{n}镇", D(n), "#111") for n in range(1, 31)] + [Bar("空镇", None, "#222")]
    figure = comparison_chart(title="t", unit="u", bars=bars, extremes=10)
    names = figure["data"][0]["y"]
    assert names[:10] == [f"{n}镇" for n in range(30, 20, -1)]
    assert names[11:] == [f"{n}镇" for n in range(10, 0, -1)]
    # The row between them: 10 towns in the middle and the one without a figure.
    assert figure["layout"]["yaxis"]["ticktext"][10] == "另 11 镇未列出"
    assert figure["data"][0]["x"][10] is None


def test_a_ranking_of_25_towns_is_shown_whole():
    bars = [Bar(f"{n}镇", D(n), "#111") for n in range(1, 26)]
    figure = comparison_chart(title="t", unit="u", bars=bars, extremes=10)
    assert len(figure["data"][0]["y"]) == 25


def test_on_a_phone_a_long_title_wraps_and_the_chart_grows_by_its_lines():
    figure = comparison_chart(
        title="2025年 各镇行政村公共卫生服务覆盖率",
        unit="%",
        bars=[Bar("甲镇", D("5"), "#111")],
        subtitle=f"{LONG} · 演示县 · 2025年",
    )
    layout = figure["layout"]
    narrow = layout["meta"]["narrow"]
    assert narrow["title.text"] == "2025年<br>各镇行政村公共卫生服务覆盖率"
    assert narrow["title.subtitle.text"] == f"{LONG} · 演示县 ·<br>2025年"
    grown = narrow["margin.t"] - layout["margin"]["t"]
    assert grown > 0
    assert narrow["height"] - layout["height"] == grown
    drawn(figure)  # still valid with every change applied? the keys are Plotly's paths
    assert (
        "title.text"
        not in trend_chart(title="原煤产量 历年变化", unit="u", years=[2020], series=[])["layout"][
            "meta"
        ]["narrow"]
    )
