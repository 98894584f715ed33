"""The report's maps: one key indicator per section of a county, drawn as a PNG.

The hook the report builders call (:func:`report_maps`); it reads the figures the
user may see through the dashboards' selector, in a fixed number of queries.
"""

import base64
from dataclasses import dataclass

from django.utils.translation import gettext as _

from indicators.models import Level, Region
from indicators.reads.area import area_data

from .classes import EQUAL, MISSING_COLOR, value_classes
from .render import Piece, map_png
from .selectors import boundaries_within, shapes_in_year

CLASSES = 4


@dataclass(frozen=True)
class ReportMap:
    section: str  # the section's code: the map goes after that part of the report
    caption: str
    png: bytes

    @property
    def data_uri(self) -> str:
        """The PNG inline, for the HTML report (the CSP allows data: images)."""
        return "data:image/png;base64," + base64.b64encode(self.png).decode("ascii")


def report_maps(user, region: Region, year: int) -> dict:
    """{section code: ReportMap} for a county with boundaries; {} for a town or without.

    Like the report's text, the maps show every figure ``user`` may see, approved or not.
    """
    if region.level != Level.COUNTY or not boundaries_within(region, year):
        return {}  # one query for a county without boundaries
    data = area_data(
        user,
        area=region,
        year=year,
        first_year=year,
        last_year=year,
        include_unapproved=True,
        totals=False,
    )
    shapes = shapes_in_year(data.children, year)
    if not shapes:
        return {}
    maps = {}
    for section in data.sections:
        found = _key_figures(data, section, year)
        if found is not None:
            indicator, values = found
            maps[section.code] = _section_map(
                section.code, indicator, values, data.children, shapes, year
            )
    return maps


def _key_figures(data, section, year: int):
    """The section's first indicator with a figure of a town, and the towns' figures
    of it (None where missing); None when no indicator has one."""
    for indicator in data.indicators_of(section):
        values = {}
        for town in data.children:
            figure = data.values.get((indicator.code, town.code, year))
            values[town.code] = figure.value if figure else None
        if any(value is not None for value in values.values()):
            return indicator, values
    return None


def _section_map(
    section: str, indicator, values: dict, towns, shapes: dict, year: int
) -> ReportMap:
    """The towns coloured by the indicator's figures, in four equal classes."""
    bands = value_classes(values, EQUAL, CLASSES)
    color = {code: band.color for band in bands for code in band.members}
    pieces = [
        Piece(
            town.name.split("（")[0] or town.name,
            shapes[town.code].geometry,
            shapes[town.code].label,
            color.get(town.code, MISSING_COLOR),
        )
        for town in towns
        if town.code in shapes
    ]
    unit = f"（{indicator.unit}）" if indicator.unit else ""
    caption = _("%(year)s年各镇%(name)s%(unit)s") % {
        "year": year,
        "name": indicator.name,
        "unit": unit,
    }
    legend = [(band.label, band.color) for band in bands]
    if any(value is None for value in values.values()):
        legend.append((_("无数据"), MISSING_COLOR))
    return ReportMap(section, caption, map_png(pieces, legend, title=caption))
