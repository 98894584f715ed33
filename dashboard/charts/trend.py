"""The trend chart: years on x, one line per town or for the county, target and markers."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from .colors import COUNTY_COLOR, TARGET_COLOR
from .layout import MUTED, VALUE_AXIS, YEAR_AXIS, Figure, base_layout

# A county figure that adds up only some of its towns: grey, hollow, dotted. A
# diamond, because a hollow circle already means "not yet approved".
PARTIAL_COLOR = "#7b8794"
PARTIAL_SYMBOL = "diamond-open"


def per_value(total: int | tuple[int, ...], count: int) -> list[int]:
    """A total given once or per value, as one per value."""
    return list(total) if isinstance(total, tuple) else [total] * count


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


def county_series(
    name: str,
    values: list[Decimal | None],
    towns: tuple[int, ...] = (),
    total: int | tuple[int, ...] = 0,
) -> Series:
    return Series(
        name=name, values=values, color=COUNTY_COLOR, is_county=True, towns=towns, total=total
    )


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
    labelled at the top (where a merge of towns changed the lines). A county figure
    of only some towns is drawn apart (:func:`_partial_traces`).
    """
    traces = []
    for line in series:
        traces.append(_line(line, years, unit))
        if any(line.partial):
            traces += _partial_traces(line, years, unit, label=partial_label, name=partial_name)
    if targets and any(value is not None for value in targets):
        traces.append(_target_line(years, targets, target_name, unit))
    layout = base_layout(title, unit, height=440, unit_label=unit_label, subtitle=subtitle)
    layout.update(
        hovermode="x unified",
        xaxis=dict(YEAR_AXIS),
        yaxis={**VALUE_AXIS, "tickformat": ","},
    )
    _add_markers(layout, [m for m in markers if years and years[0] <= m.year <= years[-1]])
    return {"data": traces, "layout": layout}


def _line(line: Series, years: list[int], unit: str) -> dict:
    """The series' line, its partial figures left out (drawn by :func:`_partial_traces`)."""
    return {
        "type": "scatter",
        "x": years,
        "y": [
            None if flag else value for value, flag in zip(line.values, line.partial, strict=True)
        ],
        "name": line.name,
        "mode": "lines+markers",
        "connectgaps": False,
        "line": {"color": line.color, "width": 4 if line.is_county else 2.5},
        "marker": {"size": 9 if line.is_county else 7, "symbol": _symbols(line)},
        "hovertemplate": f"{line.name}: %{{y:,}} {unit}<extra></extra>",
        "legendgroup": line.name,
    }


def _symbols(line: Series) -> str | list[str]:
    """A hollow marker for each unapproved figure; one symbol for all when none is."""
    if any(line.unapproved):
        return ["circle-open" if flag else "circle" for flag in line.unapproved]
    return "circle"


def _target_line(years: list[int], targets: list[Decimal | None], name: str, unit: str) -> dict:
    return {
        "type": "scatter",
        "x": years,
        "y": list(targets),
        "name": name,
        "mode": "lines",
        "connectgaps": False,
        "line": {"color": TARGET_COLOR, "width": 2, "dash": "dash"},
        "hovertemplate": f"{name}: %{{y:,}} {unit}<extra></extra>",
    }


def _partial_traces(
    line: Series, years: list[int], unit: str, *, label: str, name: str
) -> list[dict]:
    """The dotted segments into and out of partial years, and their grey hollow markers.

    A sum of five towns after a year of eight reads as a collapse on the county's
    line: it is drawn grey and hollow, joined by dotted segments, and its hover says
    how many towns it adds up.
    """
    return [_dotted_segments(line, years), _partial_marks(line, years, unit, label, name)]


def _dotted_segments(line: Series, years: list[int]) -> dict:
    """Plotly dashes a whole trace, so the dotted segments are a trace of their own:
    pairs of points split by None, which breaks the line between pairs."""
    partial = line.partial
    x, y = [], []
    for i in range(len(years) - 1):
        ends = line.values[i], line.values[i + 1]
        if None not in ends and (partial[i] or partial[i + 1]):
            x += [years[i], years[i + 1], None]
            y += [ends[0], ends[1], None]
    return {
        "type": "scatter",
        "x": x,
        "y": y,
        "mode": "lines",
        "connectgaps": False,
        "line": {"color": line.color, "width": 3, "dash": "dot"},
        "hoverinfo": "skip",
        "showlegend": False,
        "legendgroup": line.name,
    }


def _partial_marks(line: Series, years: list[int], unit: str, label: str, name: str) -> dict:
    """A grey hollow diamond at each partial figure, its town count in the hover."""
    partial = line.partial
    notes = [
        label % {"towns": towns, "total": total}
        for towns, total, flag in zip(line.towns, line.totals, partial, strict=True)
        if flag
    ]
    hover = _("%(value)s（%(note)s）") % {"value": f"%{{y:,}} {unit}", "note": "%{text}"}
    return {
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
        "hovertemplate": f"{line.name}: {hover}<extra></extra>",
        "legendgroup": line.name,
    }


def _add_markers(layout: dict, markers: list[Marker]) -> None:
    """Dotted vertical lines (shapes) at the markers' years, their labels at the top."""
    if not markers:
        return
    layout["shapes"] = [_marker_line(marker.year) for marker in markers]
    layout["annotations"] += [_marker_label(marker) for marker in markers]


def _marker_line(year: int) -> dict:
    return {
        "type": "line",
        "xref": "x",
        "yref": "paper",
        "x0": year,
        "x1": year,
        "y0": 0,
        "y1": 1,
        "line": {"color": MUTED, "width": 1.5, "dash": "dot"},
        "layer": "below",
    }


def _marker_label(marker: Marker) -> dict:
    return {
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
