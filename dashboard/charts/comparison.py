"""The comparison chart: towns as horizontal bars, highest on top, each with its target."""

from dataclasses import dataclass
from decimal import Decimal

from .colors import TARGET_COLOR
from .layout import INK, MUTED, VALUE_AXIS, Figure, base_layout
from .text import NAME_EM, NARROW_NAME_EM, label_column, shortened_apart

# More towns than this crowd a chart whose height is fixed (the 大屏's panel).
CROWDED = 25
GAP_ROW = "\u22ef"  # the row between the highest and the lowest towns: ⋯


@dataclass(frozen=True)
class Bar:
    name: str
    value: Decimal | None
    color: str
    target: Decimal | None = None
    unapproved: bool = False
    label: str = ""  # the figure as the page writes it ("1,080.00"), beside the bar


@dataclass(frozen=True)
class _Rows:
    """The bars as drawn, top to bottom, and what each row says."""

    bars: list[Bar]
    names: list[str]  # the categories of the y axis
    shown: list[str]  # the whole names, the gap row's saying how many towns it stands for
    texts: list[str]  # each row's figure or note, in the column right of the plot


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
    rows = _rows(bars, extremes, crowded, left_out_label, (missing_label, unapproved_label))
    height = max(320, 130 + 34 * len(rows.bars)) + (24 if subtitle else 0)
    layout = base_layout(title, unit, height=height, unit_label=unit_label, subtitle=subtitle)
    traces = [_bar_trace(rows, unit)]
    if any(bar.target is not None for bar in rows.bars):
        traces.append(_target_ticks(rows, unit, target_name))
    _add_label_column(layout, rows, label_size)
    yaxis = _name_axis(rows, name_em, layout["meta"]["narrow"])
    layout.update(bargap=0.25, yaxis=yaxis, xaxis={**VALUE_AXIS, "tickformat": ","})
    return {"data": traces, "layout": layout}


def _rows(
    bars: list[Bar], extremes: int, crowded: int, left_out_label: str, notes: tuple[str, str]
) -> _Rows:
    """The bars ranked, cut to the extremes when crowded, with their names and texts."""
    ranked = sorted(bars, key=lambda bar: (bar.value is None, -(bar.value or 0), bar.name))
    top, bottom, left_out = _extremes(ranked, extremes, crowded)
    if left_out:
        ranked = [*top, Bar(GAP_ROW, None, MUTED), *bottom]
    names = [bar.name for bar in ranked]
    shown = [left_out_label % {"towns": left_out} if name == GAP_ROW else name for name in names]
    texts = ["" if bar.name == GAP_ROW else _row_label(bar, *notes) for bar in ranked]
    return _Rows(ranked, names, shown, texts)


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


def _row_label(bar: Bar, missing_label: str, unapproved_label: str) -> str:
    if bar.value is None:
        return missing_label
    note = unapproved_label if bar.unapproved else ""
    return " ".join(part for part in (bar.label, note) if part)


def _bar_trace(rows: _Rows, unit: str) -> dict:
    marker: dict = {"color": [bar.color for bar in rows.bars]}
    if any(bar.unapproved for bar in rows.bars):
        marker["pattern"] = {"shape": ["/" if bar.unapproved else "" for bar in rows.bars]}
    return {
        "type": "bar",
        "y": rows.names,
        "x": [bar.value for bar in rows.bars],
        "orientation": "h",
        "name": unit,
        "marker": marker,
        # The column right of the plot shows these; the bar keeps them for the hover.
        "text": rows.texts,
        "textposition": "none",
        # The whole name: %{y} would be the axis' shortened one.
        "customdata": rows.shown,
        "hovertemplate": f"%{{customdata}}: %{{x:,}} {unit}<extra></extra>",
        "showlegend": False,
    }


def _target_ticks(rows: _Rows, unit: str, target_name: str) -> dict:
    return {
        "type": "scatter",
        "y": rows.names,
        "x": [bar.target for bar in rows.bars],
        "name": target_name,
        "mode": "markers",
        "marker": {
            "symbol": "line-ns",
            # A little taller than its bar, shorter than its row: never into the next
            # row or the axis's numbers.
            "size": 22,
            "line": {"width": 4, "color": TARGET_COLOR},
            "color": TARGET_COLOR,
        },
        "customdata": rows.shown,
        "hovertemplate": f"%{{customdata}} {target_name}: %{{x:,}} {unit}<extra></extra>",
    }


def _add_label_column(layout: dict, rows: _Rows, size: int) -> None:
    """Each row's figure or note right of the plot, the margin widened to hold them."""
    quiet = [bar.value is None for bar in rows.bars]
    column, right = label_column(rows.names, rows.texts, quiet, size=size, ink=INK, muted=MUTED)
    layout["annotations"] += column
    layout["margin"]["r"] = max(layout["margin"]["r"], right)


def _name_axis(rows: _Rows, name_em: float, narrow: dict) -> dict:
    """Highest on top; the range fixed to the rows, as autorange pads it for the target
    ticks' height and leaves the names less room than their rows. Long names are
    shortened, further on a phone (``narrow``, the layout's changes for one)."""
    yaxis = {"type": "category", "range": [len(rows.names) - 0.5, -0.5], "automargin": True}
    short = shortened_apart(rows.shown, name_em)
    narrowed = shortened_apart(rows.shown, min(name_em, NARROW_NAME_EM))
    if narrowed != rows.names:
        yaxis.update(tickmode="array", tickvals=rows.names, ticktext=short)
        narrow["yaxis.ticktext"] = narrowed
    return yaxis
