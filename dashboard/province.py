"""Province and prefecture pages: the regions one level down compared with each other.

A province page compares its prefectures, a prefecture page its counties; a county
links down to its own pages (``?county=``). One :func:`regional_data` read per page
(a fixed number of queries, from the region summaries); everything below it is
plain Python, as in :mod:`dashboard.pages`.
"""

from urllib.parse import urlencode

from django.utils.translation import gettext as _

from indicators.models import Indicator, Level, Region, Section
from indicators.reads.regional import RegionalData, regional_data

from . import charts
from .colors import town_colors
from .filters import Filters
from .pages import Block, Chart
from .province_tables import (
    child_word,
    children_table,
    children_word,
    indicator_table,
    matrix_table,
    region_table,
    years_table,
)


def region_link(filters: Filters, region: Region, page: str = "") -> str:
    """The same view of another region: a county's own pages, or a regional page."""
    params = filters.params()
    params.pop("region", None)
    params.pop("county", None)
    name = "county" if region.level == Level.COUNTY else "region"
    return f"/{page}?{urlencode({name: region.code, **params})}"


def _read(user, filters: Filters, **narrow) -> RegionalData:
    first, last = filters.query_years
    return regional_data(
        user,
        region=filters.county,
        year=filters.year,
        first_year=first,
        last_year=last,
        include_unapproved=filters.include_unapproved,
        **narrow,
    )


def indicator_charts(data: RegionalData, filters: Filters, indicator: Indicator) -> list[Chart]:
    """The children's trend lines, and the children compared in the year with their targets."""
    colors = town_colors([child.code for child in data.children])
    code, name, unit = indicator.code, indicator.display_name, indicator.display_unit
    years = filters.trend_years
    series = []
    for child in data.children:
        figures = [data.values.get((code, child.code, year)) for year in years]
        series.append(
            charts.Series(
                child.display_name,
                [f.value if f else None for f in figures],
                colors[child.code],
                False,
                tuple(bool(f and f.approved < f.towns) for f in figures),
            )
        )
    trend = charts.trend_chart(
        title=_("%(name)s 历年变化") % {"name": name},
        unit=unit,
        years=years,
        series=series,
        target_name=_("目标"),
        unit_label=_("单位"),
        subtitle=_("%(region)s · %(first)s–%(last)s年")
        % {"region": data.region.display_name, "first": years[0], "last": years[-1]},
    )
    bars = []
    for child in data.children:
        figure = data.values.get((code, child.code, filters.year))
        bars.append(
            charts.Bar(
                name=child.display_name,
                value=figure.value if figure else None,
                color=colors[child.code],
                target=data.targets.get((code, child.code, filters.year)),
                unapproved=bool(figure and figure.approved < figure.towns),
            )
        )
    comparison = charts.comparison_chart(
        title=_("%(year)s年 %(children)s%(name)s")
        % {"year": filters.year, "children": children_word(data), "name": name},
        unit=unit,
        bars=bars,
        target_name=_("目标"),
        missing_label=_("未填报"),
        unapproved_label=_("未审核"),
        unit_label=_("单位"),
        subtitle=_("%(region)s · %(year)s年")
        % {"region": data.region.display_name, "year": filters.year},
    )
    stem = f"{code}-{data.region.code}"
    return [
        Chart(f"trend-{code}", trend, f"{stem}-{years[0]}-{years[-1]}"),
        Chart(f"compare-{code}", comparison, f"{stem}-{filters.year}"),
    ]


def _links(data: RegionalData, filters: Filters, page: str = "") -> list[str]:
    return [region_link(filters, child, page) for child in data.children]


def _common(data: RegionalData, filters: Filters) -> dict:
    """What every regional page shows around its content: the words for the level and
    the way back up (the picker's choices hold the ancestors the visitor may open)."""
    region = data.region
    ancestors = [
        place
        for place in filters.choices
        if place.level in (Level.PROVINCE, Level.PREFECTURE)
        and place.code != region.code
        and place.contains(region)
    ]
    return {
        "data": data,
        "child_word": child_word(data),
        "children_word": children_word(data),
        "crumbs": [(place, region_link(filters, place)) for place in ancestors] + [(region, "")],
        "total_towns": data.towns.get(region.code, 0),
        "approved_towns": data.approved.get(region.code, 0),
    }


def overview_page(user, filters: Filters) -> dict:
    data = _read(user, filters)
    links = _links(data, filters)
    panels = []
    for section in data.sections:
        matrix = matrix_table(data, section, filters.year)
        matrix.links = links
        panels.append(
            {
                "section": section,
                "table": region_table(data, section, filters.year),
                "matrix": matrix,
            }
        )
    children = children_table(data, filters.year, workflow=user.is_authenticated)
    children.links = links
    tables = {children.key: children}
    for panel in panels:
        tables[panel["table"].key] = panel["table"]
        tables[panel["matrix"].key] = panel["matrix"]
    return {**_common(data, filters), "panels": panels, "children": children, "tables": tables}


def section_page(user, filters: Filters, section: Section) -> dict:
    data = _read(user, filters, section=section, child_years=True)
    links = _links(data, filters, f"sections/{section.code}/")
    blocks = []
    for indicator in data.indicators:
        table = indicator_table(data, indicator, filters.year)
        table.links = links
        blocks.append(Block(indicator, table, indicator_charts(data, filters, indicator)))
    return {
        **_common(data, filters),
        "section": section,
        "blocks": blocks,
        "tables": {block.table.key: block.table for block in blocks},
    }


def indicator_page(user, filters: Filters, indicator: Indicator) -> dict:
    data = _read(user, filters, indicator=indicator, child_years=True)
    links = _links(data, filters, f"indicators/{indicator.code}/")
    table = indicator_table(data, indicator, filters.year)
    table.links = links
    years = years_table(data, indicator)
    years.links = links
    block = Block(indicator, table, indicator_charts(data, filters, indicator))
    return {
        **_common(data, filters),
        "indicator": indicator,
        "item": block,
        "years_table": years,
        "tables": {table.key: table, years.key: years},
    }


def towns_page(user, filters: Filters) -> dict:
    """Where each child region's reports stand in the chosen year."""
    data = _read(user, filters, figures=False)
    children = children_table(data, filters.year, workflow=user.is_authenticated)
    children.links = _links(data, filters, "towns/")
    return {**_common(data, filters), "children": children, "tables": {children.key: children}}
