"""An indicator on an area's page, at every level: its trend and its children compared.

Plain Python over the page's one read (:class:`~indicators.reads.area.AreaData`); the
charts themselves are :mod:`dashboard.charts`, which knows nothing of the domain.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from indicators.models import Indicator
from indicators.reads.area import AreaData

from .. import charts
from ..charts.colors import town_colors
from ..charts.embed import Chart
from ..filters import Filters
from ..measures import ABOVE, BELOW, MET
from ..tables import Number, Table
from .tables import children_word
from .tree_notes import change_markers, change_notes

# The trend shows the children's lines, or the area's own.
VIEWS = ("towns", "county")


@dataclass
class Block:
    """One indicator on a section or indicator page: its charts and the table behind them."""

    indicator: Indicator
    table: Table
    charts: list[Chart] = field(default_factory=list)


def missing_label(filters: Filters) -> str:
    """A gap in a chart: not reported, where unapproved figures are shown; else it may
    be a figure not yet approved, which the page does not publish."""
    return _("未填报") if filters.include_unapproved else _("未发布")


def partial_label() -> str:
    return _("仅 %(towns)s/%(total)s 镇填报")


def area_trend(data: AreaData, filters: Filters, code: str):
    """The area's figures over the trend years, how many towns each adds up, and how
    many towns the area had each year (a merge leaves fewer)."""
    place, years = data.area.code, filters.trend_years
    figures = [data.figure(code, place, year) for year in years]
    return (
        [f.value if f else None for f in figures],
        tuple(f.towns if f else 0 for f in figures),
        tuple(data.town_total(place, year) for year in years),
    )


def child_trend(data: AreaData, filters: Filters, code: str, place: str):
    """A child's figures over the trend years, and which are not (all) approved."""
    figures = [data.figure(code, place, year) for year in filters.trend_years]
    return (
        [f.value if f else None for f in figures],
        tuple(bool(f and f.approved < f.towns) for f in figures),
    )


def tree_notes(data: AreaData, filters: Filters) -> list[str]:
    """Sentences of the merges, splits and moves within the trend's years."""
    return change_notes(data.changes, filters.first_year, filters.last_year)


def child_bars(data: AreaData, indicator: Indicator, year: int) -> list[charts.Bar]:
    """Each child's figure in ``year`` with its target, written as the tables write it."""
    colors = town_colors([child.code for child in data.all_children])
    bars = []
    for child in data.children:
        figure = data.figure(indicator.code, child.code, year)
        value = figure.value if figure else None
        bars.append(
            charts.Bar(
                name=child.display_name,
                value=value,
                color=colors[child.code],
                target=data.targets.get((indicator.code, child.code, year)),
                unapproved=bool(figure and figure.approved < figure.towns),
                label=Number(value, indicator.decimals).text if value is not None else "",
            )
        )
    return bars


def _trend_series(data: AreaData, filters: Filters, indicator: Indicator, view: str):
    code = indicator.code
    if view == "county":
        series = [charts.county_series(data.area.display_name, *area_trend(data, filters, code))]
        targets = [data.targets.get((code, data.area.code, y)) for y in filters.trend_years]
        return series, targets
    colors = town_colors([child.code for child in data.all_children])
    named = {child.code: child for child in data.all_children}
    town = filters.town
    places = [named.get(town.code, town)] if town else data.all_children
    series = []
    for place in places:
        values, unapproved = child_trend(data, filters, code, place.code)
        series.append(
            charts.Series(place.display_name, values, colors[place.code], False, unapproved)
        )
    return series, None


def indicator_charts(
    data: AreaData, filters: Filters, indicator: Indicator, *, view: str = "towns"
) -> list[Chart]:
    """The trend (the children's lines, or the area's) and the children compared in the
    page's year. The children's lines are of every child existing in some trend year
    (a merged town's line ends, the new town's starts); a merge is a marker on the trend.
    """
    years, code, name = filters.trend_years, indicator.code, indicator.display_name
    series, targets = _trend_series(data, filters, indicator, view)
    region = data.area.display_name
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
        % {"region": region, "first": years[0], "last": years[-1]},
        markers=change_markers(data.changes),
    )
    comparison = charts.comparison_chart(
        title=_("%(year)s年 %(children)s%(name)s")
        % {"year": filters.year, "children": children_word(data), "name": name},
        unit=indicator.display_unit,
        bars=child_bars(data, indicator, filters.year),
        target_name=_("目标"),
        missing_label=missing_label(filters),
        unapproved_label=_("未审核"),
        unit_label=_("单位"),
        subtitle=_("%(region)s · %(year)s年") % {"region": region, "year": filters.year},
    )
    stem = f"{code}-{data.area.code}"
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
