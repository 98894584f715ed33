"""Charts as pure functions: plain data in, ``plotly.graph_objects.Figure`` out.

No database and no request here, so every chart is tested on its own. Figures stay
Decimal in the traces (Plotly's JSON encoder writes them as numbers); a missing
figure is None, which Plotly draws as a gap, never as 0. Titles and labels come in
already translated.
"""

from dataclasses import dataclass
from decimal import Decimal

import plotly.graph_objects as go

from .colors import COUNTY_COLOR, TARGET_COLOR

# A county figure that adds up only some of its towns: grey, hollow, dotted. A
# diamond, because a hollow circle already means "not yet approved".
PARTIAL_COLOR = "#7b8794"
PARTIAL_SYMBOL = "diamond-open"

# The same CJK fonts as the page: no web font is fetched on an intranet.
FONT = '"Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", "Source Han Sans SC", sans-serif'
# An empty template: Plotly's default one adds ~6 KB of JSON to every chart.
LEAN_TEMPLATE = go.layout.Template()


@dataclass(frozen=True)
class Series:
    name: str
    values: list[Decimal | None]
    color: str
    is_county: bool = False
    unapproved: tuple[bool, ...] = ()  # per value: drawn as a hollow marker
    towns: tuple[int, ...] = ()  # per value: towns the figure adds up (county lines)
    total: int = 0  # the county's towns; a figure of fewer is partial

    @property
    def partial(self) -> list[bool]:
        """Per value: a figure that adds up some, not all, of the county's towns."""
        if not self.towns or not self.total:
            return [False] * len(self.values)
        return [
            value is not None and 0 < towns < self.total
            for value, towns in zip(self.values, self.towns, strict=True)
        ]


@dataclass(frozen=True)
class Bar:
    name: str
    value: Decimal | None
    color: str
    target: Decimal | None = None
    unapproved: bool = False


def _layout(title: str, unit: str, *, height: int, unit_label: str) -> dict:
    """Readable on a projector: big type, light grid, legend under the plot.

    The unit sits above the value axis, written horizontally: a rotated axis title
    turns Chinese characters on their side.
    """
    return {
        "template": LEAN_TEMPLATE,
        "title": {"text": title, "font": {"size": 20}, "x": 0, "xanchor": "left"},
        "font": {"family": FONT, "size": 15, "color": "#1f2933"},
        "height": height,
        "margin": {"l": 70, "r": 24, "t": 80, "b": 40},
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "separators": ".,",
        "legend": {"orientation": "h", "y": -0.1, "x": 0, "yanchor": "top", "font": {"size": 14}},
        "hoverlabel": {"font": {"size": 15}},
        "annotations": [
            {
                "text": f"{unit_label}：{unit}",
                "xref": "paper",
                "yref": "paper",
                "x": 0,
                "y": 1.0,
                "xanchor": "left",
                "yanchor": "bottom",
                "yshift": 6,
                "showarrow": False,
                "font": {"size": 14, "color": "#52606d"},
            }
        ],
    }


VALUE_AXIS = {"gridcolor": "#e4e7eb", "zerolinecolor": "#9aa5b1", "rangemode": "tozero"}


def _partial_traces(
    line: Series, years: list[int], unit: str, *, label: str, name: str
) -> list[dict]:
    """The dotted segments into and out of partial years, and their grey hollow markers.

    Plotly dashes a whole trace, so the dotted segments are a trace of their own:
    pairs of points split by None, which breaks the line between pairs.
    """
    partial = line.partial
    x, y = [], []
    for i in range(len(years) - 1):
        ends = line.values[i], line.values[i + 1]
        if None not in ends and (partial[i] or partial[i + 1]):
            x += [years[i], years[i + 1], None]
            y += [ends[0], ends[1], None]
    notes = [
        label % {"towns": towns, "total": line.total}
        for towns, flag in zip(line.towns, partial, strict=True)
        if flag
    ]
    return [
        {
            "type": "scatter",
            "x": x,
            "y": y,
            "mode": "lines",
            "connectgaps": False,
            "line": {"color": line.color, "width": 3, "dash": "dot"},
            "hoverinfo": "skip",
            "showlegend": False,
            "legendgroup": line.name,
        },
        {
            "type": "scatter",
            "x": [year for year, flag in zip(years, partial, strict=True) if flag],
            "y": [value for value, flag in zip(line.values, partial, strict=True) if flag],
            "text": notes,
            "name": name,
            "mode": "markers",
            "marker": {
                "symbol": PARTIAL_SYMBOL,
                "size": 13,
                "color": PARTIAL_COLOR,
                "line": {"width": 2.5, "color": PARTIAL_COLOR},
            },
            "hovertemplate": f"{line.name}: %{{y:,}} {unit}（%{{text}}）<extra></extra>",
            "legendgroup": line.name,
        },
    ]


def trend_chart(
    *,
    title: str,
    unit: str,
    years: list[int],
    series: list[Series],
    targets: list[Decimal | None] | None = None,
    target_name: str = "目标",
    unit_label: str = "单位",
    partial_label: str = "仅 %(towns)s/%(total)s 镇填报",
    partial_name: str = "部分镇填报",
) -> go.Figure:
    """Years on x, one line per series (towns, or the county); gaps where a year is missing.

    A county figure of only some towns is no point on the county's line: a sum of
    five towns after a year of eight reads as a collapse. It is drawn grey and
    hollow, joined by dotted segments, and its hover says how many towns it adds up.
    """
    # Traces as dicts and one Figure(): plotly validates once instead of once per
    # add_trace, which is 5x faster on a 40-town county.
    traces = []
    for line in series:
        hollow = any(line.unapproved)
        partial = line.partial
        traces.append(
            {
                "type": "scatter",
                "x": years,
                "y": [
                    None if flag else value
                    for value, flag in zip(line.values, partial, strict=True)
                ],
                "name": line.name,
                "mode": "lines+markers",
                "connectgaps": False,
                "line": {"color": line.color, "width": 4 if line.is_county else 2.5},
                "marker": {
                    "size": 9 if line.is_county else 7,
                    "symbol": (
                        ["circle-open" if flag else "circle" for flag in line.unapproved]
                        if hollow
                        else "circle"
                    ),
                },
                "hovertemplate": f"{line.name}: %{{y:,}} {unit}<extra></extra>",
                "legendgroup": line.name,
            }
        )
        if any(partial):
            traces += _partial_traces(line, years, unit, label=partial_label, name=partial_name)
    if targets and any(value is not None for value in targets):
        traces.append(
            {
                "type": "scatter",
                "x": years,
                "y": list(targets),
                "name": target_name,
                "mode": "lines",
                "connectgaps": False,
                "line": {"color": TARGET_COLOR, "width": 2, "dash": "dash"},
                "hovertemplate": f"{target_name}: %{{y:,}} {unit}<extra></extra>",
            }
        )
    layout = _layout(title, unit, height=440, unit_label=unit_label)
    layout.update(
        hovermode="x unified",
        xaxis={"dtick": 1, "tickformat": "d", "showgrid": False},
        yaxis={**VALUE_AXIS, "tickformat": ","},
    )
    figure = go.Figure(data=traces, layout=layout)
    return figure


def comparison_chart(
    *,
    title: str,
    unit: str,
    bars: list[Bar],
    target_name: str = "目标",
    missing_label: str = "未填报",
    unapproved_label: str = "未审核",
    unit_label: str = "单位",
) -> go.Figure:
    """Towns as horizontal bars, highest on top, so that long town names stay readable.

    A town without a figure keeps its place at the bottom with no bar (a gap, not 0);
    each town's target is a black tick across its bar; an unapproved figure is hatched.
    """
    ranked = sorted(bars, key=lambda bar: (bar.value is None, -(bar.value or 0), bar.name))
    names = [bar.name for bar in ranked]
    height = max(320, 130 + 34 * len(ranked))
    figure = go.Figure(layout=_layout(title, unit, height=height, unit_label=unit_label))
    figure.add_trace(
        go.Bar(
            y=names,
            x=[bar.value for bar in ranked],
            orientation="h",
            name=unit,
            marker={
                "color": [bar.color for bar in ranked],
                "pattern": {"shape": ["/" if bar.unapproved else "" for bar in ranked]}
                if any(bar.unapproved for bar in ranked)
                else {},
            },
            text=[
                missing_label if bar.value is None else unapproved_label if bar.unapproved else ""
                for bar in ranked
            ],
            textposition="outside",
            cliponaxis=False,
            hovertemplate=f"%{{y}}: %{{x:,}} {unit}<extra></extra>",
            showlegend=False,
        )
    )
    if any(bar.target is not None for bar in ranked):
        figure.add_trace(
            go.Scatter(
                y=names,
                x=[bar.target for bar in ranked],
                name=target_name,
                mode="markers",
                marker={
                    "symbol": "line-ns",
                    "size": 26,
                    "line": {"width": 4, "color": TARGET_COLOR},
                    "color": TARGET_COLOR,
                },
                hovertemplate=f"{target_name}: %{{x:,}} {unit}<extra></extra>",
            )
        )
    figure.update_layout(
        bargap=0.25,
        yaxis={"type": "category", "autorange": "reversed", "automargin": True},
        xaxis={**VALUE_AXIS, "tickformat": ","},
        margin={"l": 20},
    )
    return figure


def county_series(
    name: str, values: list[Decimal | None], towns: tuple[int, ...] = (), total: int = 0
) -> Series:
    return Series(
        name=name, values=values, color=COUNTY_COLOR, is_county=True, towns=towns, total=total
    )


def _spark_points(values: list[Decimal | None], width: int, height: int) -> list | None:
    """(x, y) per value, None where it is missing; None without two figures to draw."""
    known = [value for value in values if value is not None]
    if len(known) < 2 or len(values) < 2:
        return None
    low, high = min(known), max(known)
    spread = (high - low) or Decimal(1)
    step = Decimal(width - 4) / (len(values) - 1)
    return [
        None
        if value is None
        else (2 + step * index, Decimal(height - 3) - (value - low) / spread * Decimal(height - 6))
        for index, value in enumerate(values)
    ]


def _path(points: list, keep) -> str:
    """An SVG path through consecutive points whose segment ``keep(i)`` accepts."""
    commands, last = [], None
    for i in range(len(points) - 1):
        if points[i] is None or points[i + 1] is None or not keep(i):
            continue
        if last != i:
            commands.append("M{:.1f},{:.1f}".format(*points[i]))
        commands.append("L{:.1f},{:.1f}".format(*points[i + 1]))
        last = i + 1
    return " ".join(commands)


def sparkline_path(values: list[Decimal | None], *, width: int = 120, height: int = 32) -> str:
    """An SVG path through the values, broken where one is missing; '' without two points.

    Town profiles show one per figure, dozens per page; an inline SVG path is a few
    bytes where a Plotly chart would be kilobytes and a script call each.
    """
    return sparkline(values, width=width, height=height).path


@dataclass(frozen=True)
class Spark:
    path: str = ""  # solid: between figures of all the towns
    dotted: str = ""  # into and out of a partial year
    marks: tuple[tuple[str, str, str], ...] = ()  # (x, y, hover note) per partial year

    def __bool__(self) -> bool:
        return bool(self.path or self.dotted)


def sparkline(
    values: list[Decimal | None],
    towns: tuple[int, ...] = (),
    total: int = 0,
    *,
    label: str = "仅 %(towns)s/%(total)s 镇填报",
    width: int = 120,
    height: int = 32,
) -> Spark:
    """A county's sparkline: solid between complete years, dotted to a partial one.

    The partial years are drawn as hollow marks with ``label`` as their hover text,
    as on the county's trend chart.
    """
    points = _spark_points(values, width, height)
    if points is None:
        return Spark()
    partial = Series("", values, "", towns=towns, total=total).partial
    marks = tuple(
        (f"{point[0]:.1f}", f"{point[1]:.1f}", label % {"towns": count, "total": total})
        for point, count, flag in zip(points, towns or [0] * len(values), partial, strict=True)
        if flag
    )
    return Spark(
        path=_path(points, lambda i: not (partial[i] or partial[i + 1])),
        dotted=_path(points, lambda i: partial[i] or partial[i + 1]),
        marks=marks,
    )


def attainment_chart(
    *,
    title: str,
    items: list[tuple[str, Decimal | None]],
    color: str,
    unit_label: str = "单位",
    goal_label: str = "目标线 100%",
) -> go.Figure:
    """Target attainment (%) per indicator, with the 100% line; no bar where there is none."""
    widest = max([value for _, value in items if value is not None], default=Decimal(100))
    layout = _layout(title, "%", height=max(260, 120 + 30 * len(items)), unit_label=unit_label)
    layout["annotations"].append(
        {
            "text": goal_label,
            "x": 100,
            "xref": "x",
            "y": 1.0,
            "yref": "paper",
            "xanchor": "right",
            "yanchor": "bottom",
            "yshift": 6,
            "showarrow": False,
            "font": {"size": 13},
        }
    )
    layout.update(
        shapes=[
            {
                "type": "line",
                "x0": 100,
                "x1": 100,
                "xref": "x",
                "y0": 0,
                "y1": 1,
                "yref": "paper",
                "line": {"color": TARGET_COLOR, "dash": "dash", "width": 2},
            }
        ],
        yaxis={"type": "category", "autorange": "reversed", "automargin": True},
        xaxis={
            **VALUE_AXIS,
            "ticksuffix": "%",
            "range": [0, max(widest, Decimal(100)) * Decimal("1.18")],
        },
        margin={"l": 20, "r": 30, "t": 90, "b": 40},
    )
    bars = {
        "type": "bar",
        "y": [name for name, _ in items],
        "x": [value for _, value in items],
        "orientation": "h",
        "marker": {"color": color},
        "text": [f"{value}%" if value is not None else "" for _, value in items],
        "textposition": "outside",
        "cliponaxis": False,
        "hovertemplate": "%{y}: %{x}%<extra></extra>",
        "showlegend": False,
    }
    return go.Figure(data=[bars], layout=layout)
