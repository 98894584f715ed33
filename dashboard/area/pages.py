"""What each page of an area shows (a county, prefecture or province), from one read.

Views call one function here and render its context; everything below the read
(:func:`indicators.reads.area.area_data`) is plain Python over the data already
fetched, so the query count stays fixed. The pages are the same at every level: what
differs is what the children are (towns, or regions one level down).
"""

from urllib.parse import urlencode

from django.utils.translation import gettext as _

from indicators.accounts import access
from indicators.models import Indicator, Level, Region, Section, Status
from indicators.reads.area import AreaData, area_data

from .. import charts
from ..charts.colors import COUNTY_COLOR, town_colors
from ..filters import Filters
from ..tables import Table
from .blocks import (
    Block,
    area_trend,
    attainment,
    child_trend,
    indicator_charts,
    partial_label,
    tree_notes,
)
from .section_rows import section_summary
from .tables import (
    child_word,
    children_table,
    children_word,
    compared_table,
    grid_table,
    matrix_table,
    overview_table,
    town_table,
)

SPARK_WIDTH, SPARK_HEIGHT = 220, 48  # the overview cards' sparklines, in px


def area_read(user, filters: Filters, **narrow) -> AreaData:
    """The page's one read: the area of the filters over the trend's years."""
    first, last = filters.query_years
    return area_data(
        user,
        area=filters.area,
        year=filters.year,
        first_year=first,
        last_year=last,
        include_unapproved=filters.include_unapproved,
        **narrow,
    )


def place_link(filters: Filters, place: Region, page: str = "") -> str:
    """The same view of a place one level down: a town's page, or an area's."""
    if place.level == Level.TOWN:
        return f"/towns/{place.code}/?{filters.query()}"
    params = filters.params()
    params.pop("region", None)
    params.pop("county", None)
    name = "county" if place.level == Level.COUNTY else "region"
    return f"/{page}?{urlencode({name: place.code, **params})}"


def _links(data: AreaData, filters: Filters, places, page: str = "") -> list[str]:
    return [place_link(filters, place, page) for place in places]


def _common(data: AreaData, filters: Filters) -> dict:
    """What every page of an area shows around its content: the words for the level
    and the way back up (the picker's choices hold the ancestors the visitor may open)."""
    area = data.area
    ancestors = [
        place
        for place in filters.choices
        if place.level in (Level.PROVINCE, Level.PREFECTURE)
        and place.code != area.code
        and place.contains(area)
    ]
    return {
        "data": data,
        "child_word": child_word(data),
        "children_word": children_word(data),
        "crumbs": [(place, place_link(filters, place)) for place in ancestors]
        + ([(area, "")] if ancestors or not data.of_towns else []),
        "total_towns": data.towns.get(area.code, 0),
        "approved_towns": data.approved.get(area.code, 0),
        "tree_notes": tree_notes(data, filters),
    }


def _subtitle(place: str, year: int) -> str:
    return _("%(region)s · %(year)s年") % {"region": place, "year": year}


def _panel(data: AreaData, filters: Filters, section: Section, links: list[str]) -> dict:
    year = filters.year
    table = overview_table(data, section, year)
    indicators = data.indicators_of(section)
    sparks = [
        charts.sparkline(
            *area_trend(data, filters, indicator.code),
            label=partial_label(),
            width=SPARK_WIDTH,
            height=SPARK_HEIGHT,
        )
        for indicator in indicators
    ]
    # Above a county, the children × the section's indicators; a county compares its
    # towns on the section pages (a table of 20 towns × 11 figures fits no screen).
    matrix = None if data.of_towns else matrix_table(data, section, year)
    if matrix is not None:
        matrix.links = links
    return {
        "section": section,
        "table": table,
        "matrix": matrix,
        "summary": section_summary(table, indicators, data.town_total(data.area.code, year)),
        "cards": list(zip(indicators, table.rows, sparks, strict=True)),
        "chart": attainment(
            table,
            f"attain-{section.code}",
            _("%(section)s 目标完成情况") % {"section": section.display_name},
            _subtitle(data.area.display_name, year),
            f"attainment-{section.code}-{data.area.code}-{year}",
        ),
    }


def overview_page(user, filters: Filters) -> dict:
    """Each report section's figures of the area, and its children compared in the year."""
    towns = filters.area.level == Level.COUNTY
    data = area_read(user, filters, children=not towns, child_span=(filters.year, filters.year))
    links = _links(data, filters, data.children)
    panels = [_panel(data, filters, section, links) for section in data.sections]
    tables = {}
    for panel in panels:
        for table in (panel["table"], panel["matrix"]):
            if table is not None:
                tables[table.key] = table
    children = None
    if not data.of_towns:  # a county's towns have their own page of statuses
        children = children_table(data, filters.year, workflow=user.is_authenticated)
        children.links = links
        tables[children.key] = children
    return {
        **_common(data, filters),
        "panels": panels,
        "children": children,
        "tables": tables,
        "spark_box": f"0 0 {SPARK_WIDTH} {SPARK_HEIGHT}",
    }


def section_page(user, filters: Filters, section: Section, *, view: str) -> dict:
    data = area_read(user, filters, section=section)
    links = _links(data, filters, data.all_children, f"sections/{section.code}/")
    blocks = []
    for indicator in data.indicators:
        table = grid_table(data, indicator, filters.year)
        table.links = links
        blocks.append(
            Block(indicator, table, indicator_charts(data, filters, indicator, view=view))
        )
    return {
        **_common(data, filters),
        "section": section,
        "blocks": blocks,
        "tables": {block.table.key: block.table for block in blocks},
        "view": view,
    }


def indicator_page(user, filters: Filters, indicator: Indicator, *, view: str) -> dict:
    data = area_read(user, filters, indicator=indicator)
    page = f"indicators/{indicator.code}/"
    table = compared_table(data, indicator, filters.year)
    table.links = _links(data, filters, data.children, page)
    years = grid_table(data, indicator, filters.year)
    years.links = _links(data, filters, data.all_children, page)
    block = Block(indicator, table, indicator_charts(data, filters, indicator, view=view))
    return {
        **_common(data, filters),
        "indicator": indicator,
        "item": block,
        "years_table": years,
        "tables": {table.key: table, years.key: years},
        "view": view,
    }


def towns_page(user, filters: Filters) -> dict:
    """Where each child's reports stand: a county's towns' statuses year by year, or
    how many towns of each region reported in the year."""
    data = area_read(user, filters, children=False, totals=False)
    if not data.of_towns:
        children = children_table(data, filters.year, workflow=user.is_authenticated)
        children.links = _links(data, filters, data.children, "towns/")
        return {**_common(data, filters), "children": children, "tables": {"children": children}}
    years = filters.trend_years
    table = Table(
        key="towns",
        title=_("%(county)s 各镇填报状态") % {"county": data.area.display_name},
        columns=[_("乡镇"), *[str(y) for y in years]],
        years=_("%(first)s–%(last)s年") % {"first": years[0], "last": years[-1]},
        sheet=_("各镇填报状态"),
    )
    labels = {**dict(Status.choices), access.PUBLISHED: _("已发布")}
    rows = []
    for town in data.children:
        # Anonymous visitors see 已发布 or nothing: the workflow statuses are internal.
        statuses = [
            access.shown_status(user, data.statuses.get((town.code, year))) for year in years
        ]
        table.rows.append(
            [town.display_name, *[str(labels.get(s, "—")) if s else "—" for s in statuses]]
        )
        rows.append((town, statuses))
    return {
        **_common(data, filters),
        "table": table,
        "rows": rows,
        "years": years,
        "tables": {"towns": table},
    }


def town_page(user, filters: Filters, town: Region) -> dict:
    data = area_read(user, filters, town=town, totals=False)
    # The town as named in the page's year; a retired town's page still shows its years.
    town = next((t for t in data.all_children if t.code == town.code), town)
    color = town_colors([t.code for t in data.all_children]).get(town.code, COUNTY_COLOR)
    panels = []
    for section in data.sections:
        table = town_table(data, town, section, filters.year)
        sparks = [
            charts.sparkline_path(child_trend(data, filters, indicator.code, town.code)[0])
            for indicator in data.indicators_of(section)
        ]
        panels.append(
            {
                "section": section,
                "table": table,
                "sparks": sparks,
                "rows": list(zip(table.rows, sparks, strict=True)),
                "chart": attainment(
                    table,
                    f"attain-{section.code}",
                    _("%(section)s 目标完成情况") % {"section": section.display_name},
                    _subtitle(f"{town.display_name} · {filters.area.display_name}", filters.year),
                    f"attainment-{section.code}-{town.code}-{filters.year}",
                ),
            }
        )
    return {
        "data": data,
        "town": town,
        "exists": town.exists_in(filters.year),
        "status": data.statuses.get((town.code, filters.year)),
        "color": color,
        "panels": panels,
        "tables": {panel["table"].key: panel["table"] for panel in panels},
    }
