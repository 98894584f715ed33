"""What each dashboard page shows, from one ``dashboard_data`` read.

Views call one function here and render its context; everything below the read is
plain Python over the data already fetched, so the query count stays fixed.
"""

import json
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from indicators.accounts import access
from indicators.models import Indicator, Region, Section, Status
from indicators.reads.selectors import DashboardData, dashboard_data

from . import charts
from .colors import COUNTY_COLOR, town_colors
from .filters import Filters
from .measures import ABOVE, BELOW, MET
from .section_rows import section_summary
from .tables import Number, Table, grid_table, overview_table, town_table
from .tree_notes import change_markers, change_notes


@dataclass
class Chart:
    dom_id: str
    figure: dict  # a Plotly figure as charts.py builds it: {"data": [...], "layout": {...}}
    filename: str

    @property
    def json(self) -> str:
        """The figure's JSON, safe inside <script type="application/json">.

        A Decimal becomes a JSON number through float, exact to 15 digits, which is
        the figures' MAX_DIGITS. A ``plotly.graph_objects.Figure`` (a caller that
        restyles a chart with Plotly's own objects) is written as its dict.
        """
        figure = self.figure
        if hasattr(figure, "to_plotly_json"):
            figure = figure.to_plotly_json()
        text = json.dumps(figure, default=_json_number, ensure_ascii=False, separators=(",", ":"))
        return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _json_number(value):
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(f"not JSON serializable: {type(value).__name__}")


@dataclass
class Block:
    """One indicator on a section or indicator page: its charts and the table behind them."""

    indicator: Indicator
    table: Table
    charts: list[Chart] = field(default_factory=list)


def _read(user, filters: Filters, **narrow) -> DashboardData:
    first, last = filters.query_years
    return dashboard_data(
        user,
        county=filters.county,
        first_year=first,
        last_year=last,
        include_unapproved=filters.include_unapproved,
        year=filters.year,
        **narrow,
    )


def _trend_values(data: DashboardData, filters: Filters, code: str, town: str):
    figures = [data.values.get((code, town, year)) for year in filters.trend_years]
    return (
        [f.value if f else None for f in figures],
        tuple(bool(f and not f.approved) for f in figures),
    )


def county_trend(data: DashboardData, filters: Filters, code: str):
    """The county's figures over the trend years, how many towns each adds up, and
    how many towns the county had each year (a merge leaves fewer)."""
    rows = [data.county_values.get((code, year)) for year in filters.trend_years]
    return (
        [row.value if row else None for row in rows],
        tuple(row.towns if row else 0 for row in rows),
        town_totals(data, filters),
    )


def town_totals(data: DashboardData, filters: Filters) -> tuple[int, ...]:
    """The county's towns in each trend year."""
    return tuple(data.town_count(year) for year in filters.trend_years)


def tree_notes(data: DashboardData, filters: Filters) -> list[str]:
    """Sentences of the merges, splits and moves within the trend's years."""
    return change_notes(data.changes, filters.first_year, filters.last_year)


def partial_label() -> str:
    return _("仅 %(towns)s/%(total)s 镇填报")


def town_bars(data: DashboardData, indicator: Indicator, year: int) -> list[charts.Bar]:
    """Each town's figure in ``year`` with its target, written as the tables write it."""
    colors = town_colors([town.code for town in data.all_towns])
    bars = []
    for town in data.towns:
        figure = data.values.get((indicator.code, town.code, year))
        bars.append(
            charts.Bar(
                name=town.display_name,
                value=figure.value if figure else None,
                color=colors[town.code],
                target=data.targets.get((indicator.code, town.code, year)),
                unapproved=bool(figure and not figure.approved),
                label=Number(figure.value, indicator.decimals).text if figure else "",
            )
        )
    return bars


def indicator_charts(
    data: DashboardData, filters: Filters, indicator: Indicator, *, view: str
) -> list[Chart]:
    """The trend (towns' lines or the county's) and the towns compared in the chosen year.

    The towns' lines are of every town existing in some trend year (a merged town's
    line ends, the new town's starts); a merge in those years is a marker on the trend.
    """
    colors = town_colors([town.code for town in data.all_towns])
    years = filters.trend_years
    code = indicator.code
    if view == "county":
        values, towns, totals = county_trend(data, filters, code)
        series = [charts.county_series(data.county.display_name, values, towns, totals)]
        targets = [data.targets.get((code, data.county.code, year)) for year in years]
    else:
        named = {town.code: town for town in data.all_towns}
        towns = [named.get(filters.town.code, filters.town)] if filters.town else data.all_towns
        series = []
        for town in towns:
            values, unapproved = _trend_values(data, filters, code, town.code)
            series.append(
                charts.Series(town.display_name, values, colors[town.code], False, unapproved)
            )
        targets = None
    name = indicator.display_name
    trend = charts.trend_chart(
        title=_("%(name)s 历年变化") % {"name": name},
        unit=indicator.display_unit,
        years=years,
        series=series,
        targets=targets,
        target_name=_("目标"),
        unit_label=_("单位"),
        partial_label=partial_label(),
        partial_name=_("部分镇填报"),
        subtitle=_("%(region)s · %(first)s–%(last)s年")
        % {"region": data.county.display_name, "first": years[0], "last": years[-1]},
        markers=change_markers(data.changes),
    )
    comparison = charts.comparison_chart(
        title=_("%(year)s年 各镇%(name)s") % {"year": filters.year, "name": name},
        unit=indicator.display_unit,
        bars=town_bars(data, indicator, filters.year),
        target_name=_("目标"),
        missing_label=_("未填报"),
        unapproved_label=_("未审核"),
        unit_label=_("单位"),
        subtitle=_("%(region)s · %(year)s年")
        % {"region": data.county.display_name, "year": filters.year},
    )
    stem = f"{code}-{filters.county.code}"
    return [
        Chart(f"trend-{code}", trend, f"{stem}-{years[0]}-{years[-1]}"),
        Chart(f"compare-{code}", comparison, f"{stem}-{filters.year}"),
    ]


ATTAINMENT_COLUMN = 7  # 完成率 in overview_table and town_table rows


def attainment(table: Table, dom_id: str, title: str, subtitle: str, filename: str) -> Chart | None:
    """The attainment column of a table as each figure's distance to its target;
    None when no figure has a target."""
    items = [
        (row[0], row[ATTAINMENT_COLUMN].exact)
        for row in table.rows
        if row[ATTAINMENT_COLUMN].exact is not None
    ]
    if not items:
        return None
    figure = charts.attainment_chart(
        title=title,
        subtitle=subtitle,
        items=items,
        words={BELOW: _("未完成"), MET: _("完成"), ABOVE: _("超额完成")},
        goal_label=_("目标"),
        axis_label=_("与目标相差（占目标的百分比）"),
        reached_label=_("完成率"),
    )
    return Chart(dom_id, figure, filename)


SPARK_WIDTH, SPARK_HEIGHT = 220, 48  # the overview cards' sparklines, in px


def overview_page(user, filters: Filters) -> dict:
    data = _read(user, filters, town_values=False)
    panels = []
    for section in data.sections:
        table = overview_table(data, section, filters.year)
        indicators = data.indicators_of(section)
        sparks = [
            charts.sparkline(
                *county_trend(data, filters, indicator.code),
                label=partial_label(),
                width=SPARK_WIDTH,
                height=SPARK_HEIGHT,
            )
            for indicator in indicators
        ]
        panels.append(
            {
                "section": section,
                "table": table,
                "summary": section_summary(table, indicators, len(data.towns)),
                "cards": list(zip(indicators, table.rows, sparks, strict=True)),
                "chart": attainment(
                    table,
                    f"attain-{section.code}",
                    _("%(section)s 目标完成情况") % {"section": section.display_name},
                    _("%(region)s · %(year)s年")
                    % {"region": data.county.display_name, "year": filters.year},
                    f"attainment-{section.code}-{filters.county.code}-{filters.year}",
                ),
            }
        )
    approved = sum(
        1 for town in data.towns if data.statuses.get((town.code, filters.year)) == Status.APPROVED
    )
    return {
        "data": data,
        "panels": panels,
        "tables": {panel["table"].key: panel["table"] for panel in panels},
        "approved_towns": approved,
        "spark_box": f"0 0 {SPARK_WIDTH} {SPARK_HEIGHT}",
        "tree_notes": tree_notes(data, filters),
    }


def section_page(user, filters: Filters, section: Section, *, view: str) -> dict:
    data = _read(user, filters, section=section)
    blocks = [
        Block(
            indicator,
            grid_table(data, indicator, filters.year),
            indicator_charts(data, filters, indicator, view=view),
        )
        for indicator in data.indicators
    ]
    return {
        "data": data,
        "section": section,
        "blocks": blocks,
        "tables": {block.table.key: block.table for block in blocks},
        "view": view,
        "tree_notes": tree_notes(data, filters),
    }


def indicator_page(user, filters: Filters, indicator: Indicator, *, view: str) -> dict:
    data = _read(user, filters, indicator=indicator)
    block = Block(
        indicator,
        grid_table(data, indicator, filters.year),
        indicator_charts(data, filters, indicator, view=view),
    )
    return {
        "data": data,
        "indicator": indicator,
        "item": block,
        "tables": {block.table.key: block.table},
        "view": view,
        "tree_notes": tree_notes(data, filters),
    }


def town_page(user, filters: Filters, town: Region) -> dict:
    data = _read(user, filters, town=town, county_values=False)
    # The town as named in the page's year; a retired town's page still shows its years.
    town = next((t for t in data.all_towns if t.code == town.code), town)
    color = town_colors([t.code for t in data.all_towns]).get(town.code, COUNTY_COLOR)
    panels = []
    for section in data.sections:
        table = town_table(data, town, section, filters.year)
        sparks = [
            charts.sparkline_path(_trend_values(data, filters, indicator.code, town.code)[0])
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
                    _("%(region)s · %(year)s年")
                    % {
                        "region": f"{town.display_name} · {filters.county.display_name}",
                        "year": filters.year,
                    },
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


def towns_page(user, filters: Filters) -> dict:
    """The county's towns and where each year's report stands."""
    data = _read(user, filters, town_values=False, county_values=False)
    years = filters.trend_years
    table = Table(
        key="towns",
        title=_("%(county)s 各镇填报状态") % {"county": data.county.display_name},
        columns=[_("乡镇"), *[str(y) for y in years]],
        years=_("%(first)s–%(last)s年") % {"first": years[0], "last": years[-1]},
        sheet=_("各镇填报状态"),
    )
    labels = {**dict(Status.choices), access.PUBLISHED: _("已发布")}
    rows = []
    for town in data.towns:
        # Anonymous visitors see 已发布 or nothing: the workflow statuses are internal.
        statuses = [
            access.shown_status(user, data.statuses.get((town.code, year))) for year in years
        ]
        table.rows.append(
            [town.display_name, *[str(labels.get(s, "—")) if s else "—" for s in statuses]]
        )
        rows.append((town, statuses))
    return {"data": data, "table": table, "rows": rows, "years": years, "tables": {"towns": table}}
