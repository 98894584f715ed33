"""A county figure of only some towns is marked on the county's trend and sparkline; no database."""

from decimal import Decimal

import plotly.graph_objects as go

from dashboard.charts import (
    PARTIAL_COLOR,
    PARTIAL_SYMBOL,
    county_series,
    sparkline,
    sparkline_path,
    trend_chart,
)

D = Decimal
YEARS = [2024, 2025, 2026]
LABEL = "仅 %(towns)s/%(total)s 镇填报"


def county_trend(values, towns, total=8):
    # The figure as Plotly reads it: dashboard.charts builds plain dicts.
    return go.Figure(
        trend_chart(
            title="原煤产量 历年变化",
            unit="万吨",
            years=YEARS,
            series=[county_series("演示县", values, towns, total)],
            partial_label=LABEL,
            partial_name="部分镇填报",
        )
    )


def test_a_partial_county_year_is_a_grey_hollow_point_with_its_town_count_on_hover():
    figure = county_trend([D(900), D(980), D(600)], (8, 8, 5))
    line, _, marks = figure.data
    # The solid line stops at the last complete year: no cliff drawn as a fact.
    assert list(line.y) == [D(900), D(980), None]
    assert list(marks.x) == [2026] and list(marks.y) == [D(600)]
    assert marks.marker.symbol == PARTIAL_SYMBOL == "diamond-open"
    assert marks.marker.color == PARTIAL_COLOR
    assert list(marks.text) == ["仅 5/8 镇填报"]
    assert "%{text}" in marks.hovertemplate
    assert marks.name == "部分镇填报"


def test_the_segment_into_a_partial_year_is_dotted_and_not_hovered():
    _, dotted, _ = county_trend([D(900), D(980), D(600)], (8, 8, 5)).data
    assert dotted.line.dash == "dot"
    assert list(dotted.x) == [2025, 2026, None]
    assert list(dotted.y) == [D(980), D(600), None]
    assert dotted.hoverinfo == "skip"
    assert dotted.showlegend is False


def test_a_complete_county_trend_is_one_solid_line_without_partial_marks():
    figure = county_trend([D(900), D(980), D(990)], (8, 8, 8))
    assert len(figure.data) == 1
    (line,) = figure.data
    assert list(line.y) == [D(900), D(980), D(990)]
    assert line.line.dash is None
    assert line.marker.symbol == "circle"
    assert "仅" not in figure.to_json()


def test_a_year_no_town_reported_stays_a_gap_not_a_partial_point_or_zero():
    figure = county_trend([D(900), None, D(600)], (8, 0, 5))
    line, dotted, marks = figure.data
    assert list(line.y) == [D(900), None, None]
    assert list(marks.x) == [2026]
    # No segment joins 2024 to 2026 across the missing year.
    assert list(dotted.x) == []


def test_a_partial_year_between_complete_ones_is_dotted_on_both_sides():
    _, dotted, marks = county_trend([D(900), D(500), D(990)], (8, 3, 8)).data
    assert list(dotted.x) == [2024, 2025, None, 2025, 2026, None]
    assert list(marks.text) == ["仅 3/8 镇填报"]


def test_town_lines_are_never_partial():
    from dashboard.charts import Series

    figure = trend_chart(
        title="t", unit="万吨", years=YEARS, series=[Series("青山镇", [D(1), D(2), D(3)], "#111")]
    )
    assert len(figure["data"]) == 1


def test_the_sparkline_dots_the_way_into_a_partial_year_and_marks_it():
    spark = sparkline([D(900), D(980), D(600)], (8, 8, 5), 8, label=LABEL)
    assert spark.path.count("L") == 1  # 2024 -> 2025 solid
    assert spark.dotted.startswith("M") and spark.dotted.count("L") == 1  # 2025 -> 2026
    assert [note for _, _, note in spark.marks] == ["仅 5/8 镇填报"]
    x, y, _ = spark.marks[0]
    assert spark.dotted.endswith(f"L{x},{y}")


def test_a_complete_sparkline_has_no_dotted_part_and_no_marks():
    spark = sparkline([D(900), D(980), D(990)], (8, 8, 8), 8, label=LABEL)
    assert spark.path.count("L") == 2
    assert spark.dotted == "" and spark.marks == ()
    assert spark.path == sparkline_path([D(900), D(980), D(990)])


def test_a_sparkline_without_two_figures_is_empty():
    assert not sparkline([None, D(1), None], (0, 8, 0), 8)
