"""The choropleth as a pure function: plain data in, a Plotly figure dict out.

No tiles and no outside request: each class is a ``choropleth`` trace over its own
regions' GeoJSON, drawn by the bundled plotly.min.js on an invisible ``geo`` fitted to
the shapes. A region without a figure is its own grey trace, 无数据, never a colour
of the scale; the names are a ``scattergeo`` text trace at points inside each shape.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from indicators.maps.classes import ink_on

from ..charts.layout import FONT, INK, MUTED
from ..charts.text import width_em, wrapped
from .classes import MISSING_COLOR, Band

NO_TARGET_COLOR = "#eef0f2"
# 14 px at least on a page (the dashboards' smallest type), 18 px on the 大屏.
PAGE_SIZES = {"title": 18, "subtitle": 14, "label": 14, "legend": 14}
WALL_SIZES = {"title": 24, "subtitle": 20, "label": 18, "legend": 20}
# A name wider than this is written on the map in lines of at most LABEL_LINE_EM
# around its point, instead of running across its neighbours and off the map.
LABEL_ONE_LINE_EM, LABEL_LINE_EM = 6, 5


@dataclass(frozen=True)
class Area:
    code: str
    name: str
    geometry: dict
    label: tuple[float, float]
    value: Decimal | None
    url: str = ""  # where a click on the area goes (a county's towns), or ""


def _collection(areas: list[Area]) -> dict:
    return {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "id": area.code, "properties": {}, "geometry": area.geometry}
            for area in areas
        ],
    }


def map_label(name: str) -> str:
    """A region's name as its map label: without its bracketed note (（演示）, （筹）), and
    a long one in short lines ("黔东南苗族<br>侗族自治州<br>示范新区镇"); an English
    name breaks at its spaces. The hover and the table keep the whole name."""
    name = name.split("（")[0] or name
    if width_em(name) <= LABEL_ONE_LINE_EM:
        return name
    if " " in name.strip():
        return "<br>".join(wrapped(name, LABEL_LINE_EM * 1.6))
    lines = -(-len(name) // LABEL_LINE_EM)
    per = -(-len(name) // lines)
    return "<br>".join(name[start : start + per] for start in range(0, len(name), per))


def _number(value: Decimal | None, unit: str) -> str:
    if value is None:
        return _("无数据")
    text = f"{value:,.4f}".rstrip("0").rstrip(".")
    return f"{text} {unit}".strip()


def _trace(areas: list[Area], name: str, color: str, unit: str, legendrank: int) -> dict:
    return {
        "type": "choropleth",
        "name": name,
        "geojson": _collection(areas),
        "featureidkey": "id",
        "locations": [area.code for area in areas],
        "z": [1] * len(areas),
        "zmin": 0,
        "zmax": 1,
        "colorscale": [[0, color], [1, color]],
        "showscale": False,
        "showlegend": True,
        "legendrank": legendrank,
        "marker": {"line": {"color": "#ffffff", "width": 1.2}},
        "customdata": [area.url for area in areas],
        "text": [f"{area.name}{_('：')}{_number(area.value, unit)}" for area in areas],
        "hovertemplate": "%{text}<extra></extra>",
    }


def choropleth(
    areas: list[Area],
    bands: list[Band],
    *,
    title: str,
    subtitle: str,
    unit: str,
    height: int | None = 520,
    wall: bool = False,
) -> dict:
    """A map of ``areas`` coloured by ``bands``; figures missing are grey and say 无数据.

    ``wall`` sets every text to 18 px or more, for the 大屏 read from across a room, and
    lets the map fill its panel (no fixed height).
    """
    sizes = WALL_SIZES if wall else PAGE_SIZES
    traces = [*_class_traces(areas, bands, unit), _labels(areas, bands, sizes)]
    return {"data": traces, "layout": _layout(title, subtitle, sizes, height, wall=wall)}


def _class_traces(areas: list[Area], bands: list[Band], unit: str) -> list[dict]:
    """A trace per class, then the areas with a figure and no class (无目标), then
    those without a figure (无数据)."""
    by_code = {area.code: area for area in areas}
    traces, classed = [], set()
    for rank, band in enumerate(bands):
        members = [by_code[code] for code in band.members if code in by_code]
        classed.update(area.code for area in members)
        if members:
            traces.append(_trace(members, band.label, band.color, unit, rank))
    unclassed = [a for a in areas if a.code not in classed and a.value is not None]
    if unclassed:
        traces.append(_trace(unclassed, _("无目标"), NO_TARGET_COLOR, unit, 90))
    missing = [area for area in areas if area.value is None]
    if missing:
        traces.append(_trace(missing, _("无数据"), MISSING_COLOR, unit, 99))
    return traces


def _labels(areas: list[Area], bands: list[Band], sizes: dict) -> dict:
    """The areas' names at their label points, in ink readable on their fill."""
    fills = {code: band.color for band in bands for code in band.members}
    return {
        "type": "scattergeo",
        "mode": "text",
        "lon": [area.label[0] for area in areas],
        "lat": [area.label[1] for area in areas],
        "text": [map_label(area.name) for area in areas],
        "textfont": {
            "family": FONT,
            "size": sizes["label"],
            "color": [ink_on(fills.get(area.code, "#ffffff"), INK) for area in areas],
        },
        "hoverinfo": "skip",
        "showlegend": False,
    }


def _layout(title: str, subtitle: str, sizes: dict, height: int | None, *, wall: bool) -> dict:
    """A page's layout: titled, the legend below; or the 大屏's: untitled, transparent."""
    layout = {
        "title": {
            "text": title,
            "x": 0,
            "xref": "container",
            "xanchor": "left",
            "pad": {"l": 12},
            "font": {"family": FONT, "size": sizes["title"], "color": INK},
            "subtitle": {"text": subtitle, "font": {"size": sizes["subtitle"], "color": MUTED}},
        },
        "font": {"family": FONT, "color": INK},
        "margin": {"l": 8, "r": 8, "t": 64, "b": 8},
        "geo": {"fitbounds": "locations", "visible": False, "projection": {"type": "mercator"}},
        "legend": {"orientation": "h", "y": -0.02, "x": 0, "font": {"size": sizes["legend"]}},
        "hoverlabel": {"font": {"size": sizes["legend"]}},
        "paper_bgcolor": "#ffffff",
        "dragmode": False,
    }
    if wall:
        # The 大屏's panel names the indicator and the year: the map takes the room,
        # its legend in a column on the right.
        del layout["title"]
        # The panel's own colour shows through, dark or light (bigscreen.css colours
        # the legend's words by the theme).
        layout["paper_bgcolor"] = "rgba(0,0,0,0)"
        layout["geo"]["bgcolor"] = "rgba(0,0,0,0)"
        layout["margin"] = {"l": 4, "r": 4, "t": 4, "b": 4}
        layout["legend"].update(orientation="v", x=1, xanchor="right", y=0.5, yanchor="middle")
    else:
        layout["height"] = height
    return layout
