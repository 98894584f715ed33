"""The attainment chart: how far each figure is from its target, the laggards first."""

from decimal import Decimal

from django.utils.translation import gettext as _

from ..measures import ABOVE, BELOW, MET, Distance, distance
from .colors import TARGET_COLOR
from .layout import MUTED, PAPER, Figure, body_font, chart_title, narrow_title
from .text import NARROW_NAME_EM, row_note, shortened_apart, width_px

# Below, met and above a target: red, green, blue, always with the word beside.
STANDING_COLORS = {BELOW: "#b42318", MET: "#1b7f3b", ABOVE: "#0b5cad"}
STANDING_WORDS = {BELOW: "未完成", MET: "完成", ABOVE: "超额完成"}

# The attainment chart spans its panel: every name of the catalogue (12 characters
# at most) stays whole there.
WIDE_NAME_EM = 13

# (name, its distance to the target, its attainment %) per row, top to bottom.
Row = tuple[str, Distance, Decimal]


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
    rows = sorted(
        ((name, distance(reached), reached) for name, reached in items if reached is not None),
        key=lambda row: row[1].gap,
    )
    labels = [f"{_signed(found.gap)} {words[found.standing]}" for _, found, _ in rows]
    layout = _layout(title, subtitle, rows, labels, axis_label)
    layout["annotations"] = [_goal_note(goal_label), *_gap_notes(rows, labels)]
    return {"data": [_gap_bars(rows, words, reached_label)], "layout": layout}


def _signed(gap: Decimal) -> str:
    """+1.7% / −8.1% / 0.0%: a true minus sign, readable across a room."""
    if gap < 0:
        return f"\u2212{-gap:f}%"
    return f"+{gap:f}%" if gap > 0 else f"{gap:f}%"


def _layout(title: str, subtitle: str, rows: list[Row], labels: list[str], axis: str) -> dict:
    """The frame: a row per figure, the gaps' axis, the target line at 0; no legend."""
    names = [name for name, _, _ in rows]
    top = 112 if subtitle else 88
    height = max(240, top + 64 + 32 * len(rows))
    widest = max((width_px(label, 15) for label in labels), default=0)
    return {
        "title": chart_title(title, subtitle),
        "font": body_font(),
        "height": height,
        "margin": {"l": 16, "r": 28 + widest, "t": top, "b": 56},
        **PAPER,
        "showlegend": False,
        "hoverlabel": {"font": {"size": 15}},
        "bargap": 0.3,
        "xaxis": _gap_axis([found.gap for _, found, _ in rows], axis),
        "yaxis": _name_axis(names),
        # On a phone the plot is a few tick labels wide and they would overlap: there
        # (static/js/dashboard.js) the axis goes, each row's label still gives its gap,
        # and the names are shortened further (whole in the hover).
        "meta": {
            "narrow": {
                "xaxis.showticklabels": False,
                "xaxis.title.text": "",
                "yaxis.ticktext": shortened_apart(names, NARROW_NAME_EM),
                **narrow_title(title, subtitle, top, height),
            }
        },
        "shapes": [_goal_line()],
    }


def _gap_axis(gaps: list[Decimal], label: str) -> dict:
    """Percent from the target, padded so that 0 and every bar's end stay in view."""
    low, high = min([*gaps, Decimal(0)]), max([*gaps, Decimal(0)])
    pad = max(high - low, Decimal(10)) * Decimal("0.08")
    return {
        "gridcolor": "#e4e7eb",
        "zeroline": False,
        "ticksuffix": "%",
        "range": [low - pad, high + pad],
        "automargin": True,
        "title": {"text": label, "font": {"size": 14, "color": MUTED}},
    }


def _name_axis(names: list[str]) -> dict:
    return {
        "type": "category",
        "autorange": "reversed",
        "automargin": True,
        "tickmode": "array",
        "tickvals": names,
        "ticktext": shortened_apart(names, WIDE_NAME_EM),
    }


def _goal_line() -> dict:
    return {
        "type": "line",
        "x0": 0,
        "x1": 0,
        "xref": "x",
        "y0": 0,
        "y1": 1,
        "yref": "paper",
        "line": {"color": TARGET_COLOR, "dash": "dash", "width": 2},
    }


def _goal_note(label: str) -> dict:
    return {
        "text": label,
        "x": 0,
        "xref": "x",
        "y": 1.0,
        "yref": "paper",
        "xanchor": "center",
        "yanchor": "bottom",
        "yshift": 4,
        "showarrow": False,
        "font": {"size": 14},
    }


def _gap_notes(rows: list[Row], labels: list[str]) -> list[dict]:
    """Each row's gap and word right of the plot, in the colour of its standing."""
    return [
        row_note(label, name, shift=10, font={"size": 14, "color": STANDING_COLORS[found.standing]})
        for (name, found, _), label in zip(rows, labels, strict=True)
    ]


def _gap_bars(rows: list[Row], words: dict[str, str], reached_label: str) -> dict:
    note = {"value": f"{reached_label} %{{customdata[0]}}%", "note": "%{customdata[1]}"}
    # The whole name: %{y} would be the axis' shortened one.
    hover = _("%(label)s：%(unit)s") % {
        "label": "%{customdata[2]}",
        "unit": _("%(value)s（%(note)s）") % note,
    }
    return {
        "type": "bar",
        "y": [name for name, _, _ in rows],
        "x": [found.gap for _, found, _ in rows],
        "orientation": "h",
        "marker": {"color": [STANDING_COLORS[found.standing] for _, found, _ in rows]},
        "customdata": [[reached, words[found.standing], name] for name, found, reached in rows],
        "hovertemplate": hover + "<extra></extra>",
        "textposition": "none",
    }
