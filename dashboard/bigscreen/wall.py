"""The dashboards' comparison chart, made readable from the back of a meeting room.

The figure comes from ``dashboard.charts.comparison_chart`` as on the section page;
here only its type grows (nothing under 20 px at 1920×1080), each bar gets its figure
as a label, and the colours are left to the page's theme (static/js/bigscreen.js sets
ink and grid from the CSS, so one figure serves the dark and the light screen).
"""

from decimal import Decimal

from ..pages import Chart

# Plotly font sizes, in px: the screen's CSS uses the same steps.
TEXT, TICKS, NOTE = 24, 22, 20
TRANSPARENT = "rgba(0,0,0,0)"
# Room beyond the longest bar for its label (figures up to ~10 characters).
HEADROOM = Decimal("1.3")


def _missing_labels(bars: dict, labels: dict[str, str]) -> list[dict]:
    """A town without a figure has no bar to carry its label: 未填报 is written at zero."""
    return [
        {
            "text": labels.get(name, ""),
            "x": 0,
            "xref": "x",
            "y": name,
            "yref": "y",
            "xanchor": "left",
            "xshift": 6,
            "showarrow": False,
            "font": {"size": NOTE},
        }
        for name, value in zip(bars["y"], bars["x"], strict=True)
        if value is None
    ]


def wall_chart(chart: Chart, labels: dict[str, str]) -> Chart:
    """``chart`` with big type and, on each town's bar, ``labels[town name]``.

    The panel's heading carries the title, so Plotly's own is dropped; the height
    follows the panel (autosize) instead of the number of towns.
    """
    figure = chart.figure
    bars, *others = figure["data"]
    # An en space keeps the figure clear of a target tick at the end of its bar.
    bars["text"] = [f"\u2002{labels.get(name, '')}" for name in bars["y"]]
    bars["textfont"] = {"size": TEXT}
    for trace in others:
        # The target ticks: marked so the page can colour them for its theme.
        trace["meta"] = "target"
    layout = figure["layout"]
    layout.pop("title", None)
    layout.pop("height", None)
    layout.update(
        autosize=True,
        paper_bgcolor=TRANSPARENT,
        plot_bgcolor=TRANSPARENT,
        margin={"l": 20, "r": 40, "t": 44, "b": 20},
    )
    layout["font"] = {**layout.get("font", {}), "size": TEXT}
    layout["legend"] = {**layout.get("legend", {}), "font": {"size": NOTE}, "y": -0.06}
    layout["hoverlabel"] = {"font": {"size": NOTE}}
    notes = [*layout.get("annotations", []), *_missing_labels(bars, labels)]
    layout["annotations"] = [
        {**note, "font": {**note.get("font", {}), "size": NOTE}} for note in notes
    ]
    xaxis = layout.setdefault("xaxis", {})
    xaxis.update(tickfont={"size": TICKS}, automargin=True)
    reach = [value for trace in figure["data"] for value in trace["x"] if value is not None]
    if reach:
        # Plotly leaves no room for a label outside the longest bar: make some.
        low, high = min(0, *reach), max(0, *reach)
        xaxis["range"] = [low * HEADROOM, (high * HEADROOM) or 1]
    yaxis = layout.setdefault("yaxis", {})
    yaxis.update(tickfont={"size": TEXT}, ticksuffix="  ")
    return chart
