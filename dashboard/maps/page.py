"""The map of a county's towns, or of a prefecture's counties and a province's prefectures.

Figures come through the dashboards' own read (``area_data``: a county's towns' figures,
the region summaries above it) and the shapes through one query, so the page's count
of queries does not grow with regions.
"""

from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from indicators.accounts.access import visible_indicators
from indicators.maps.selectors import shapes_in_year
from indicators.models import Level
from indicators.reads.area import area_data

from ..charts.embed import Chart
from ..filters import BadFilter, Filters
from .charts import Area, choropleth
from .classes import EQUAL, METHODS, QUANTILE, TARGETS, target_classes, value_classes

# Marked for translation here, translated where shown (in the page's language).
METHOD_LABELS = {
    EQUAL: gettext_noop("等间距"),
    QUANTILE: gettext_noop("分位数"),
    TARGETS: gettext_noop("目标完成情况"),
}
CLASS_COUNTS = (3, 4, 5)


@dataclass(frozen=True)
class Choice:
    method: str
    count: int


def _choice(get) -> Choice:
    method = get.get("classes") or EQUAL
    if method not in METHODS:
        raise BadFilter(_("分级方式只能是等间距、分位数或目标完成情况。"))
    raw = get.get("count") or "5"
    if not raw.isdigit() or int(raw) not in CLASS_COUNTS:
        raise BadFilter(_("分级数只能是 3、4 或 5。"))
    return Choice(method, int(raw))


def _indicator(indicators, code: str | None):
    if not indicators:
        raise BadFilter(_("没有可以显示的指标。"), 404)
    if not code:
        return indicators[0]
    for indicator in indicators:
        if indicator.code == code:
            return indicator
    raise BadFilter(_("没有这个指标，或您无权查看：%(code)s") % {"code": code[:60]}, 404)


def _figures(user, filters: Filters, indicator):
    """(regions, region → figure, region → target, link of a region) for the map's year."""
    year = filters.year
    data = area_data(
        user,
        area=filters.area,
        year=year,
        first_year=year,
        last_year=year,
        include_unapproved=filters.include_unapproved,
        indicator=indicator,
        totals=False,
    )
    regions, found = data.children, data.values
    values: dict[str, Decimal | None] = {}
    for region in regions:
        figure = found.get((indicator.code, region.code, year))
        values[region.code] = figure.value if figure is not None else None
    targets = {
        region: value
        for (code, region, when), value in data.targets.items()
        if code == indicator.code and when == year
    }
    return regions, values, targets


def _link(filters: Filters, region, indicator, choice: Choice) -> str:
    query = {"year": filters.year, "indicator": indicator.code, "classes": choice.method}
    if region.level == Level.TOWN:
        return f"/towns/{region.code}/?{urlencode({'year': filters.year})}"
    key = "region" if region.level != Level.COUNTY else "county"
    return f"/maps/?{urlencode({key: region.code, **query})}"


def _chart(filters: Filters, indicator, choice: Choice, areas, bands, *, wall: bool):
    """The choropleth of the areas with a shape; None when none has one."""
    if not areas:
        return None
    figure = choropleth(
        areas,
        bands,
        title=_("%(name)s（%(unit)s）")
        % {"name": indicator.display_name, "unit": indicator.display_unit}
        if indicator.unit
        else indicator.display_name,
        subtitle=_("%(region)s · %(year)s年 · %(method)s")
        % {
            "region": filters.area.display_name,
            "year": filters.year,
            "method": _(METHOD_LABELS[choice.method]),
        },
        unit=indicator.display_unit,
        wall=wall,
    )
    return Chart("map", figure, f"map-{filters.area.code}-{indicator.code}-{filters.year}")


def _rows(regions, values: dict, bands, links: dict, shapes: dict) -> list[dict]:
    """The table under the map: each region's figure, class and link."""
    band_of = {code: band for band in bands for code in band.members}
    return [
        {
            "region": region,
            "value": values[region.code],
            "band": band_of.get(region.code),
            "link": links[region.code],
            "has_shape": region.code in shapes,
        }
        for region in regions
    ]


def map_page(user, filters: Filters, get) -> dict:
    """The map, its form and its table for ``filters``' region and year."""
    choice = _choice(get)
    # The indicators of the map's year: none retired by then (scope: the region's).
    indicators = list(visible_indicators(user, filters.area, year=filters.year))
    indicator = _indicator(indicators, get.get("indicator"))
    regions, values, targets = _figures(user, filters, indicator)
    shapes = shapes_in_year(regions, filters.year)
    if choice.method == TARGETS:
        bands = target_classes(values, targets, indicator.higher_is_better)
    else:
        bands = value_classes(values, choice.method, choice.count)
    links = {region.code: _link(filters, region, indicator, choice) for region in regions}
    areas = [
        Area(
            code=region.code,
            name=region.display_name,
            geometry=shapes[region.code].geometry,
            label=shapes[region.code].label,
            value=values[region.code],
            url=links[region.code],
        )
        for region in regions
        if region.code in shapes
    ]
    rows = _rows(regions, values, bands, links, shapes)
    chart = _chart(filters, indicator, choice, areas, bands, wall=get.get("wall") == "1")
    return {
        "indicators": indicators,
        "indicator": indicator,
        "choice": choice,
        "methods": [(method, _(METHOD_LABELS[method])) for method in METHODS],
        "counts": CLASS_COUNTS,
        "chart": chart,
        "rows": rows,
        "bands": bands,
        "without_shapes": [row["region"] for row in rows if not row["has_shape"]],
        "drills": True,
    }
