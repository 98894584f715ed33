"""What every chart shares: its type and inks, its title, its frame and its axes.

Each function returns fresh dicts: the 大屏 and the maps restyle a figure in place.
"""

from typing import Any

from django.utils.translation import gettext as _

from .text import NARROW_SUBTITLE_EM, NARROW_TITLE_EM, wrapped

Figure = dict[str, Any]

# The same CJK fonts as the page: no web font is fetched on an intranet.
FONT = '"Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", "Source Han Sans SC", sans-serif'
MUTED = "#52606d"
INK = "#1f2933"

# The paper under every chart, and how it writes numbers (1,234.5).
PAPER = {"paper_bgcolor": "#ffffff", "plot_bgcolor": "#ffffff", "separators": ".,"}

# Pixels a line of the title (20 px) and of the subtitle (14 px) takes.
TITLE_LINE, SUBTITLE_LINE = 26, 18

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


def body_font() -> dict:
    """The chart's type: big enough for a projector."""
    return {"family": FONT, "size": 15, "color": INK}


def chart_title(title: str, subtitle: str) -> dict:
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


def narrow_title(title: str, subtitle: str, top: int, height: int) -> dict:
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


def unit_note(unit: str, unit_label: str) -> dict:
    """The unit above the value axis, written horizontally: a rotated axis title
    turns Chinese characters on their side."""
    return {
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


def base_layout(title: str, unit: str, *, height: int, unit_label: str, subtitle: str = "") -> dict:
    """Readable on a projector: big type, light grid, legend under the plot, the unit
    above the value axis. No template: Plotly's default one adds ~6 KB of JSON to
    every chart.
    """
    top = 104 if subtitle else 80
    return {
        "title": chart_title(title, subtitle),
        "font": body_font(),
        "height": height,
        "margin": {"l": 16, "r": 24, "t": top, "b": 40},
        # Changes for a phone, as Plotly.relayout paths (static/js/dashboard.js).
        "meta": {"narrow": narrow_title(title, subtitle, top, height)},
        **PAPER,
        "legend": {"orientation": "h", "y": -0.1, "x": 0, "yanchor": "top", "font": {"size": 14}},
        "hoverlabel": {"font": {"size": 15}},
        "annotations": [unit_note(unit, unit_label)],
    }
