"""Charts as pure functions: plain data in, a Plotly figure dict out.

No database and no request here, so every chart is tested on its own. The figure is
built as the dict Plotly's JavaScript draws ({"data": [...], "layout": {...}}), not
through ``plotly.graph_objects``: its validation was half of a section page's time.
The tests pass every figure through ``go.Figure`` to keep it valid Plotly.

Figures stay Decimal in the traces (the page writes them as JSON numbers); a missing
figure is None, which Plotly draws as a gap, never as 0. Titles and labels come in
already translated.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from .chart_text import (
    NAME_EM,
    NARROW_NAME_EM,
    NARROW_SUBTITLE_EM,
    NARROW_TITLE_EM,
    label_column,
    shortened,
    width_px,
    wrapped,
)
from .colors import COUNTY_COLOR, TARGET_COLOR
from .measures import ABOVE, BELOW, MET, distance

# Sparklines are SVG paths, not Plotly figures: their own module, importable from here.
from .sparklines import Spark as Spark
from .sparklines import sparkline as sparkline
from .sparklines import sparkline_path as sparkline_path

Figure = dict[str, Any]

# A county figure that adds up only some of its towns: grey, hollow, dotted. A
# diamond, because a hollow circle already means "not yet approved".
PARTIAL_COLOR = "#7b8794"
PARTIAL_SYMBOL = "diamond-open"

# Below, met and above a target: red, green, blue, always with the word beside.
STANDING_COLORS = {BELOW: "#b42318", MET: "#1b7f3b", ABOVE: "#0b5cad"}
STANDING_WORDS = {BELOW: "未完成", MET: "完成", ABOVE: "超额完成"}

# The same CJK fonts as the page: no web font is fetched on an intranet.
FONT = '"Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", "Source Han Sans SC", sans-serif'
MUTED = "#52606d"
INK = "#1f2933"


@dataclass(frozen=True)
class Series:
    name: str
    values: list[Decimal | None]
    color: str
    is_county: bool = False
    unapproved: tuple[bool, ...] = ()  # per value: drawn as a hollow marker
    towns: tuple[int, ...] = ()  # per value: towns the figure adds up (county lines)
    # The county's towns, or per value the towns of that year (a merge leaves fewer);
    # a figure of fewer is partial.
    total: int | tuple[int, ...] = 0

    @property
    def totals(self) -> list[int]:
        """The county's towns per value."""
        return per_value(self.total, len(self.values))

    @property
    def partial(self) -> list[bool]:
        """Per value: a figure that adds up some, not all, of the county's towns."""
        if not self.towns or not self.total:
            return [False] * len(self.values)
        return [
            value is not None and 0 < towns < total
            for value, towns, total in zip(self.values, self.towns, self.totals, strict=True)
        ]


@dataclass(frozen=True)
class Marker:
    """A vertical line at a year on a trend chart, e.g. where towns were merged."""

    year: int
    label: str  # short, written at the line's top ("撤并")
    hover: str = ""  # the whole story, as the line's hover text


@dataclass(frozen=True)
class Bar:
    name: str
    value: Decimal | None
    color: str
    target: Decimal | None = None
    unapproved: bool = False
    label: str = ""  # the figure as the page writes it ("1,080.00"), beside the bar


def _title(title: str, subtitle: str) -> dict:
    """Title and, under it, who and when (the county and the years): a PNG of the
    chart then says what it shows on its own. Padded off the left edge, which a
    downloaded image otherwise cuts."""
    found = {
        "text": title,
        "font": {"size": 20},
        "x": 0,
        "xref": "container",
        "xanchor": "left",
        "y": 1,
        "yref": "container",
        "yanchor": "top",
        "pad": {"l": 12, "t": 12},
    }
    if subtitle:
        found["subtitle"] = {"text": subtitle, "font": {"size": 14, "color": MUTED}}
    return found


# Pixels a line of the title (20 px) and of the subtitle (14 px) takes.
TITLE_LINE, SUBTITLE_LINE = 26, 18


def _narrow_title(title: str, subtitle: str, top: int, height: int) -> dict:
    """On a phone, the title and subtitle wrapped to the chart's width, the top
    margin and the chart grown by the lines added, not the plot shrunk by them
    (static/js/dashboard.js applies layout.meta.narrow)."""
    lines = wrapped(title, NARROW_TITLE_EM)
    sub = wrapped(subtitle, NARROW_SUBTITLE_EM) if subtitle else []
    extra = TITLE_LINE * (len(lines) - 1) + SUBTITLE_LINE * max(len(sub) - 1, 0)
    if not extra:
        return {}
    # Plotly centres the lines of a title on its first line's place: half the lines
    # added would rise above the chart's top edge without more padding.
    changes = {
        "title.text": "<br>".join(lines),
        "title.pad.t": 12 + TITLE_LINE * (len(lines) - 1) // 2,
        "margin.t": top + extra,
        "height": height + extra,
    }
    if len(sub) > 1:
        changes["title.subtitle.text"] = "<br>".join(sub)
    return changes


def _layout(title: str, unit: str, *, height: int, unit_label: str, subtitle: str = "") -> dict:
    """Readable on a projector: big type, light grid, legend under the plot.

    The unit sits above the value axis, written horizontally: a rotated axis title
    turns Chinese characters on their side. No template: Plotly's default one adds
    ~6 KB of JSON to every chart.
    """
    top = 104 if subtitle else 80
    return {
        "title": _title(title, subtitle),
        "font": {"family": FONT, "size": 15, "color": "#1f2933"},
        "height": height,
        "margin": {"l": 16, "r": 24, "t": top, "b": 40},
        # Changes for a phone, as Plotly.relayout paths (static/js/dashboard.js).
        "meta": {"narrow": _narrow_title(title, subtitle, top, height)},
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "separators": ".,",
        "legend": {"orientation": "h", "y": -0.1, "x": 0, "yanchor": "top", "font": {"size": 14}},
        "hoverlabel": {"font": {"size": 15}},
        "annotations": [
            {
                "text": _("%(label)s：%(unit)s") % {"label": unit_label, "unit": unit},
                "xref": "paper",
                "yref": "paper",
                "x": 0,
                "y": 1.0,
                "xanchor": "left",
                "yanchor": "bottom",
                "yshift": 6,
                "showarrow": False,
                "font": {"size": 14, "color": MUTED},
            }
        ],
    }


# automargin: long figures (1,234,567) widen the margin instead of being cut off.
VALUE_AXIS = {
    "gridcolor": "#e4e7eb",
    "zerolinecolor": "#9aa5b1",
    "rangemode": "tozero",
    "automargin": True,
}
# One tick a year; static/js/dashboard.js widens the step when the chart is too
# narrow for every year's label, so labels never overlap (tickangle 0: not rotated
# into the legend either).
YEAR_AXIS = {"dtick": 1, "tickformat": "d", "showgrid": False, "tickangle": 0, "automargin": True}


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
        label % {"towns": towns, "total": total}
        for towns, total, flag in zip(line.towns, line.totals, partial, strict=True)
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
            "hovertemplate": f"{line.name}: "
            + _("%(value)s（%(note)s）") % {"value": f"%{{y:,}} {unit}", "note": "%{text}"}
            + "<extra></extra>",
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
    subtitle: str = "",
    markers: tuple[Marker, ...] | list[Marker] = (),
) -> Figure:
    """Years on x, one line per series (towns, or the county); gaps where a year is missing.

    Each of ``markers`` inside the years is a dotted vertical line at its year,
    labelled at the top (where a merge of towns changed the lines).

    A county figure of only some towns is no point on the county's line: a sum of
    five towns after a year of eight reads as a collapse. It is drawn grey and
    hollow, joined by dotted segments, and its hover says how many towns it adds up.
    """
    traces = []
    for line in series:
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
                        if any(line.unapproved)
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
    layout = _layout(title, unit, height=440, unit_label=unit_label, subtitle=subtitle)
    layout.update(
        hovermode="x unified",
        xaxis=dict(YEAR_AXIS),
        yaxis={**VALUE_AXIS, "tickformat": ","},
    )
    _add_markers(layout, [m for m in markers if years and years[0] <= m.year <= years[-1]])
    return {"data": traces, "layout": layout}


def _add_markers(layout: dict, markers: list[Marker]) -> None:
    """Dotted vertical lines (shapes) at the markers' years, their labels at the top."""
    if not markers:
        return
    layout["shapes"] = [
        {
            "type": "line",
            "xref": "x",
            "yref": "paper",
            "x0": marker.year,
            "x1": marker.year,
            "y0": 0,
            "y1": 1,
            "line": {"color": MUTED, "width": 1.5, "dash": "dot"},
            "layer": "below",
        }
        for marker in markers
    ]
    layout["annotations"] += [
        {
            "text": marker.label,
            "hovertext": marker.hover or marker.label,
            "xref": "x",
            "yref": "paper",
            "x": marker.year,
            "y": 1.0,
            "xanchor": "center",
            "yanchor": "bottom",
            "showarrow": False,
            "font": {"size": 13, "color": MUTED},
        }
        for marker in markers
    ]


def per_value(total: int | tuple[int, ...], count: int) -> list[int]:
    """A total given once or per value, as one per value."""
    return list(total) if isinstance(total, tuple) else [total] * count


def _row_label(bar: Bar, missing_label: str, unapproved_label: str) -> str:
    if bar.value is None:
        return missing_label
    note = unapproved_label if bar.unapproved else ""
    return " ".join(part for part in (bar.label, note) if part)


def _extremes(ranked: list[Bar], keep: int, crowded: int) -> tuple[list[Bar], list[Bar], int]:
    """The ``keep`` highest and lowest towns with a figure, and how many are left out.

    Past ``crowded`` rows the names of a panel-high chart crowd: the 大屏 shows the
    towns furthest ahead and furthest behind, and says how many it leaves out.
    """
    if not keep or len(ranked) <= crowded:
        return ranked, [], 0
    reported = [bar for bar in ranked if bar.value is not None]
    top = reported[:keep]
    bottom = reported[keep:][-keep:]
    return top, bottom, len(ranked) - len(top) - len(bottom)


# More towns than this crowd a chart whose height is fixed (the 大屏's panel).
CROWDED = 25
GAP_ROW = "\u22ef"  # the row between the highest and the lowest towns: ⋯


def comparison_chart(
    *,
    title: str,
    unit: str,
    bars: list[Bar],
    target_name: str = "目标",
    missing_label: str = "未填报",
    unapproved_label: str = "未审核",
    unit_label: str = "单位",
    subtitle: str = "",
    label_size: int = 14,
    name_em: float = NAME_EM,
    extremes: int = 0,
    crowded: int = CROWDED,
    left_out_label: str = "另 %(towns)s 镇未列出",
) -> Figure:
    """Towns as horizontal bars, highest on top, so that long town names stay readable.

    A town without a figure keeps its place at the bottom with no bar (a gap, not 0);
    each town's target is a black tick across its bar; an unapproved figure is hatched.
    Each town's figure (``Bar.label``) or note is written in a column right of the
    plot, where no target tick can sit on it; a name longer than ``name_em`` is
    shortened on the axis and given whole in the hover. With ``extremes`` and more
    than ``crowded`` towns, only the ``extremes`` highest and lowest are drawn.
    """
    ranked = sorted(bars, key=lambda bar: (bar.value is None, -(bar.value or 0), bar.name))
    top, bottom, left_out = _extremes(ranked, extremes, crowded)
    if left_out:
        ranked = [*top, Bar(GAP_ROW, None, MUTED), *bottom]
    names = [bar.name for bar in ranked]
    # The gap row's name says how many towns it stands for.
    shown = [left_out_label % {"towns": left_out} if name == GAP_ROW else name for name in names]
    texts = [
        "" if bar.name == GAP_ROW else _row_label(bar, missing_label, unapproved_label)
        for bar in ranked
    ]
    quiet = [bar.value is None for bar in ranked]
    column, right = label_column(names, texts, quiet, size=label_size, ink=INK, muted=MUTED)
    height = max(320, 130 + 34 * len(ranked)) + (24 if subtitle else 0)
    layout = _layout(title, unit, height=height, unit_label=unit_label, subtitle=subtitle)
    marker: dict = {"color": [bar.color for bar in ranked]}
    if any(bar.unapproved for bar in ranked):
        marker["pattern"] = {"shape": ["/" if bar.unapproved else "" for bar in ranked]}
    traces = [
        {
            "type": "bar",
            "y": names,
            "x": [bar.value for bar in ranked],
            "orientation": "h",
            "name": unit,
            "marker": marker,
            # The column right of the plot shows these; the bar keeps them for the hover.
            "text": texts,
            "textposition": "none",
            # The whole name: %{y} would be the axis' shortened one.
            "customdata": shown,
            "hovertemplate": f"%{{customdata}}: %{{x:,}} {unit}<extra></extra>",
            "showlegend": False,
        }
    ]
    if any(bar.target is not None for bar in ranked):
        traces.append(
            {
                "type": "scatter",
                "y": names,
                "x": [bar.target for bar in ranked],
                "name": target_name,
                "mode": "markers",
                "marker": {
                    "symbol": "line-ns",
                    # A little taller than its bar, shorter than its row: never into
                    # the next row or the axis's numbers.
                    "size": 22,
                    "line": {"width": 4, "color": TARGET_COLOR},
                    "color": TARGET_COLOR,
                },
                "customdata": shown,
                "hovertemplate": f"%{{customdata}} {target_name}: %{{x:,}} {unit}<extra></extra>",
            }
        )
    layout["annotations"] += column
    layout["margin"]["r"] = max(layout["margin"]["r"], right)
    # Highest on top; the range fixed to the rows, as autorange pads it for the
    # target ticks' height and leaves the names less room than their rows.
    yaxis = {"type": "category", "range": [len(names) - 0.5, -0.5], "automargin": True}
    short = [shortened(name, name_em) for name in shown]
    narrow = [shortened(name, min(name_em, NARROW_NAME_EM)) for name in shown]
    if narrow != names:
        yaxis.update(tickmode="array", tickvals=names, ticktext=short)
        layout["meta"]["narrow"]["yaxis.ticktext"] = narrow
    layout.update(bargap=0.25, yaxis=yaxis, xaxis={**VALUE_AXIS, "tickformat": ","})
    return {"data": traces, "layout": layout}


def county_series(
    name: str,
    values: list[Decimal | None],
    towns: tuple[int, ...] = (),
    total: int | tuple[int, ...] = 0,
) -> Series:
    return Series(
        name=name, values=values, color=COUNTY_COLOR, is_county=True, towns=towns, total=total
    )


def _signed(gap: Decimal) -> str:
    """+1.7% / −8.1% / 0.0%: a true minus sign, readable across a room."""
    if gap < 0:
        return f"\u2212{-gap:f}%"
    return f"+{gap:f}%" if gap > 0 else f"{gap:f}%"


# The attainment chart spans its panel: every name of the catalogue (12 characters
# at most) stays whole there.
WIDE_NAME_EM = 13


def attainment_chart(
    *,
    title: str,
    items: list[tuple[str, Decimal | None]],
    subtitle: str = "",
    words: dict[str, str] | None = None,
    goal_label: str = "目标",
    axis_label: str = "与目标相差（占目标的百分比）",
    reached_label: str = "完成率",
) -> Figure:
    """How far each figure is from its target, the laggards named first.

    ``items`` are (name, attainment %) as the tables show them; one without an
    attainment is left out. Each bar runs from the target (0) to (value − target) /
    target: red below it, green on it, blue above it. Colour is never alone: every
    row has its gap and a word (未完成 / 完成 / 超额完成) in a column right of the
    plot, where no label can meet the target line, a bar or another label.
    """
    words = words or STANDING_WORDS
    # sorted() is stable: equal gaps keep the catalogue's order.
    ranked = sorted(
        ((name, distance(reached), reached) for name, reached in items if reached is not None),
        key=lambda item: item[1].gap,
    )
    names = [name for name, _, _ in ranked]
    gaps = [found.gap for _, found, _ in ranked]
    labels = [f"{_signed(found.gap)} {words[found.standing]}" for _, found, _ in ranked]
    low, high = min([*gaps, Decimal(0)]), max([*gaps, Decimal(0)])
    pad = max(high - low, Decimal(10)) * Decimal("0.08")
    top = 112 if subtitle else 88
    height = max(240, top + 64 + 32 * len(ranked))
    layout = {
        "title": _title(title, subtitle),
        "font": {"family": FONT, "size": 15, "color": "#1f2933"},
        "height": height,
        "margin": {
            "l": 16,
            "r": 28 + max((width_px(label, 15) for label in labels), default=0),
            "t": top,
            "b": 56,
        },
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "separators": ".,",
        "showlegend": False,
        "hoverlabel": {"font": {"size": 15}},
        "bargap": 0.3,
        "xaxis": {
            "gridcolor": "#e4e7eb",
            "zeroline": False,
            "ticksuffix": "%",
            "range": [low - pad, high + pad],
            "automargin": True,
            "title": {"text": axis_label, "font": {"size": 14, "color": MUTED}},
        },
        "yaxis": {
            "type": "category",
            "autorange": "reversed",
            "automargin": True,
            "tickmode": "array",
            "tickvals": names,
            "ticktext": [shortened(name, WIDE_NAME_EM) for name in names],
        },
        # On a phone the plot is a few tick labels wide and they would overlap: there
        # (static/js/dashboard.js) the axis goes, each row's label still gives its gap,
        # and the names are shortened further (whole in the hover).
        "meta": {
            "narrow": {
                "xaxis.showticklabels": False,
                "xaxis.title.text": "",
                "yaxis.ticktext": [shortened(name, NARROW_NAME_EM) for name in names],
                **_narrow_title(title, subtitle, top, height),
            }
        },
        "shapes": [
            {
                "type": "line",
                "x0": 0,
                "x1": 0,
                "xref": "x",
                "y0": 0,
                "y1": 1,
                "yref": "paper",
                "line": {"color": TARGET_COLOR, "dash": "dash", "width": 2},
            }
        ],
        "annotations": [
            {
                "text": goal_label,
                "x": 0,
                "xref": "x",
                "y": 1.0,
                "yref": "paper",
                "xanchor": "center",
                "yanchor": "bottom",
                "yshift": 4,
                "showarrow": False,
                "font": {"size": 14},
            },
            *(
                {
                    "text": label,
                    "x": 1.0,
                    "xref": "paper",
                    "xanchor": "left",
                    "xshift": 10,
                    "y": name,
                    "yref": "y",
                    "showarrow": False,
                    "font": {"size": 14, "color": STANDING_COLORS[found.standing]},
                }
                for (name, found, _), label in zip(ranked, labels, strict=True)
            ),
        ],
    }
    bars = {
        "type": "bar",
        "y": names,
        "x": gaps,
        "orientation": "h",
        "marker": {"color": [STANDING_COLORS[found.standing] for _, found, _ in ranked]},
        "customdata": [[reached, words[found.standing], name] for name, found, reached in ranked],
        "hovertemplate": _("%(label)s：%(unit)s")
        % {
            # The whole name: %{y} would be the axis' shortened one.
            "label": "%{customdata[2]}",
            "unit": _("%(value)s（%(note)s）")
            % {"value": f"{reached_label} %{{customdata[0]}}%", "note": "%{customdata[1]}"},
        }
        + "<extra></extra>",
        "textposition": "none",
    }
    return {"data": [bars], "layout": layout}
