"""The dashboards' comparison chart, made readable from the back of a meeting room.

The figure is ``dashboard.charts.comparison_chart``'s, as on the section page, from
the same bars (``dashboard.pages.town_bars``); here its type grows (nothing under
18 px at 1920×1080), each town's figure is written in a column right of the bars,
and the colours are left to the page's theme (static/js/bigscreen.js sets ink and
grid from the CSS, so one figure serves the dark and the light screen).
"""

from dataclasses import replace

from django.utils.translation import gettext as _

from indicators.models import Level

from .. import charts
from ..charts.embed import Chart
from ..charts.text import shortened_apart, width_em

# Plotly font sizes, in px: the screen's CSS uses the same steps.
TEXT, NOTE = 24, 20
TRANSPARENT = "rgba(0,0,0,0)"
# A town's name on the wall: 8 characters at 24 px leave the bars half the panel.
# A wall has no hover to give a longer name whole: up to LONG_NAME_EM characters
# it is written whole, every name then at SMALL px (the wall's smallest type), so
# the names' column grows by 40 % at most and the rows keep their height; a name
# longer still is shortened. Two lines would not fit a 36 px row, and Plotly's
# per-label font sizes are inline styles, which the CSP refuses.
NAME_EM = 8
LONG_NAME_EM = 15
SMALL = 18
# The ranking shares the centre column with the map: past CROWDED towns, the highest
# and the lowest EXTREMES are shown (7 rows at most), so that each row keeps the
# 36 px its 24 px name needs (bigscreen.js sizes the chart by its rows) and the map
# keeps a third of the column at 1920 × 1080 (220 px; beside 11 rows it kept 60 px).
CROWDED = 7
EXTREMES = 3


def _font(layout: dict, size: int) -> dict:
    return {**layout.get("font", {}), "size": size}


# What the ranking says of the children it leaves out, and of how many it lists, by
# what the children are: a county's towns, a prefecture's counties, a province's cities.
LEFT_OUT = {
    Level.TOWN: lambda: _("另 %(towns)s 镇未列出"),
    Level.COUNTY: lambda: _("另 %(towns)s 个县未列出"),
    Level.PREFECTURE: lambda: _("另 %(towns)s 个市未列出"),
}
LISTED = {
    Level.TOWN: lambda: _("共 %(towns)s 镇，列出最高、最低各 %(n)s 镇"),
    Level.COUNTY: lambda: _("共 %(towns)s 个县，列出最高、最低各 %(n)s 个县"),
    Level.PREFECTURE: lambda: _("共 %(towns)s 个市，列出最高、最低各 %(n)s 个市"),
}


def crowded_note(child_level: str, children: int) -> str:
    """The ranking's note when it lists only the extremes; "" when it lists them all."""
    if children <= CROWDED:
        return ""
    return LISTED[child_level]() % {"towns": children, "n": EXTREMES}


def names_em(bars: list[charts.Bar]) -> tuple[float, int]:
    """(the names' width in em, their size in px) on the wall's axis."""
    longest = max((width_em(bar.name) for bar in bars), default=0)
    if longest <= NAME_EM:
        return NAME_EM, TEXT
    return min(longest, LONG_NAME_EM), SMALL


def wall_chart(
    dom_id: str,
    bars: list[charts.Bar],
    *,
    unit: str,
    target_name: str,
    missing_label: str,
    filename: str,
    child_level: str,
) -> Chart:
    """The children ranked on one figure, their figures (``Bar.label``) beside them;
    ``child_level`` says what they are (towns, counties or cities).

    The panel's heading carries the title, so Plotly's own is dropped; the height
    follows the panel (autosize) instead of the number of towns. No value axis:
    every bar has its figure written out, and a wall screen has no room for both.
    """
    # The footer explains *: an unapproved figure is marked as in the headline cards.
    marked = [replace(bar, label=bar.label + ("*" if bar.unapproved else "")) for bar in bars]
    name_em, name_px = names_em(bars)
    figure = charts.comparison_chart(
        title="",
        unit=unit,
        bars=marked,
        target_name=target_name,
        missing_label=missing_label,
        unapproved_label="",
        unit_label=_("单位"),
        label_size=TEXT,
        name_em=name_em,
        extremes=EXTREMES,
        crowded=CROWDED,
        left_out_label=LEFT_OUT[child_level](),
    )
    bars_trace, *others = figure["data"]
    rows = len(bars_trace["y"])
    for trace in others:
        # The target ticks: marked so the page can colour them for its theme.
        trace["meta"] = "target"
    layout = figure["layout"]
    layout.pop("title", None)
    layout.pop("height", None)
    size = TEXT
    layout.update(
        autosize=True,
        paper_bgcolor=TRANSPARENT,
        plot_bgcolor=TRANSPARENT,
        # The figures' column, sized for TEXT, narrows with its type.
        margin={"l": 20, "r": max(40, layout["margin"]["r"] * size // TEXT), "t": 44, "b": 8},
        font=_font(layout, TEXT),
        # The target's key in the top right corner, the unit's note in the top left:
        # a panel of fixed height has no room below the bars.
        legend={
            "orientation": "h",
            "font": {"size": NOTE},
            "x": 1,
            "xref": "container",
            "xanchor": "right",
            "y": 1,
            "yref": "container",
            "yanchor": "top",
        },
        hoverlabel={"font": {"size": NOTE}},
        # bigscreen.js: rows, for the chart's height (36 px a row); on a phone the
        # names as short as NAME_EM (the wide column of long names leaves no bars).
        meta={
            "rows": rows,
            "narrowNames": shortened_apart(list(bars_trace["customdata"]), NAME_EM),
        },
    )
    for note in layout["annotations"]:
        label = note.get("name", "").startswith("label")
        note["font"] = {**note.get("font", {}), "size": size if label else NOTE}
    layout["xaxis"].update(showticklabels=False, showgrid=False)
    layout["yaxis"].update(tickfont={"size": name_px}, ticksuffix="  ")
    return Chart(dom_id, figure, filename)
