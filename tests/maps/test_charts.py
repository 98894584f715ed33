"""The choropleth and its classes, without a database."""

from decimal import Decimal

import plotly.graph_objects as go

from dashboard.maps.charts import Area, choropleth
from dashboard.maps.classes import QUANTILE, target_classes, value_classes

SQUARE = {
    "type": "Polygon",
    "coordinates": [[[112, 37], [112, 37.1], [112.1, 37.1], [112.1, 37], [112, 37]]],
}


def _areas(values):
    return [
        Area(code, f"{code}镇", SQUARE, (112.05, 37.05), value) for code, value in values.items()
    ]


def test_missing_figure_is_a_grey_no_data_trace_not_a_class():
    values = {"a": Decimal("0"), "b": Decimal("10"), "c": None}
    figure = choropleth(
        _areas(values), value_classes(values, "equal", 2), title="t", subtitle="s", unit="万元"
    )
    missing = [trace for trace in figure["data"] if trace.get("name") == "无数据"]
    assert missing[0]["locations"] == ["c"]
    assert all(
        "c" not in trace.get("locations", [])
        for trace in figure["data"]
        if trace.get("name") != "无数据"
    )
    go.Figure(figure)


def test_zero_is_a_value_in_the_lowest_class():
    bands = value_classes({"a": Decimal("0"), "b": Decimal("10"), "c": None}, "equal", 2)
    assert bands[0].members == ("a",) and "c" not in {m for band in bands for m in band.members}


def test_quantile_classes_hold_about_equal_numbers_of_regions():
    values = {str(i): Decimal(i * i) for i in range(8)}
    assert [len(band.members) for band in value_classes(values, QUANTILE, 4)] == [2, 2, 2, 2]


def test_target_classes_band_regions_by_attainment():
    values = {"a": Decimal(50), "b": Decimal(90), "c": Decimal(120), "d": Decimal(10)}
    targets = {"a": Decimal(100), "b": Decimal(100), "c": Decimal(100)}
    bands = target_classes(values, targets, True)
    assert [band.members for band in bands] == [("a",), ("b",), ("c",)]


def test_map_draws_our_geojson_without_a_basemap_and_names_each_region():
    values = {"a": Decimal(1), "b": Decimal(2)}
    figure = choropleth(
        _areas(values), value_classes(values, "equal", 2), title="t", subtitle="s", unit=""
    )
    assert figure["layout"]["geo"] == {
        "fitbounds": "locations",
        "visible": False,
        "projection": {"type": "mercator"},
    }
    labels = next(trace for trace in figure["data"] if trace["type"] == "scattergeo")
    assert labels["text"] == ["a镇", "b镇"]
