"""The tables of an area's pages, at every level, as plain data (:mod:`dashboard.tables`).

An area is a county, prefecture or province; its children are the places one level
down (towns, counties or prefectures). Every figure, a town's own or a region's
total, is read as one shape (:class:`~indicators.reads.aggregates.Aggregate`), so
one set of row builders serves every level.
"""

from decimal import Decimal

from django.utils.translation import gettext as _

from indicators.models import Indicator, Level, Region, Section
from indicators.reads.aggregates import Aggregate
from indicators.reads.area import AreaData

from ..measures import Coverage, attainment, change
from ..tables import Number, Table

# The words for the places an area compares: one, and all of them.
CHILD_WORDS = {
    Level.PREFECTURE: (lambda: _("市"), lambda: _("各市")),
    Level.COUNTY: (lambda: _("县"), lambda: _("各县")),
    Level.TOWN: (lambda: _("乡镇"), lambda: _("各镇")),
}


def child_word(data: AreaData) -> str:
    return CHILD_WORDS[data.child_level][0]()


def children_word(data: AreaData) -> str:
    return CHILD_WORDS[data.child_level][1]()


def partial_note(towns: int, total: int) -> str:
    return _("仅 %(towns)s/%(total)s 镇填报") % {"towns": towns, "total": total}


def is_partial(figure: Aggregate | None, total: int) -> bool:
    return figure is not None and figure.value is not None and 0 < figure.towns < total


def place_number(indicator: Indicator, figure: Aggregate | None, total: int) -> Number:
    """A place's figure; marked unapproved, and marked when it adds up fewer than the
    place's ``total`` towns (a town's own figure adds up its one town)."""
    if figure is None or figure.value is None:
        return Number(None, indicator.decimals)
    partial = is_partial(figure, total)
    return Number(
        figure.value,
        indicator.decimals,
        unapproved=figure.approved < figure.towns,
        partial=f"{figure.towns}/{total}" if partial else "",
        note=partial_note(figure.towns, total) if partial else "",
    )


def change_cells(indicator: Indicator, current, previous) -> list[Number]:
    moved = change(current, previous, indicator.higher_is_better)
    if moved is None:
        return [Number(None, indicator.decimals), Number(None, 1)]
    return [
        Number(
            moved.delta,
            indicator.decimals,
            signed=True,
            tone=moved.tone,
            direction=moved.direction,
        ),
        Number(moved.percent, 1, signed=True, suffix="%", tone=moved.tone),
    ]


def target_cells(indicator: Indicator, value, target, *, complete: bool = True) -> list[Number]:
    reached = attainment(value, target, indicator.higher_is_better) if complete else None
    return [Number(target, indicator.decimals), Number(reached, 1, suffix="%")]


def percent_units(before: int) -> list[str]:
    """Units of year_columns() after ``before`` label columns: 增幅 and 完成率 are in %."""
    return [""] * before + ["", "", "", "%", "", "%"]


def year_columns(year: int) -> list[str]:
    return [
        _("%(year)s年") % {"year": year},
        _("%(year)s年") % {"year": year - 1},
        _("增减"),
        _("增幅"),
        _("目标"),
        _("完成率"),
    ]


def coverage_note(coverage: Coverage) -> str:
    """Why a figure is not compared with last year or the target; '' when it is."""
    if coverage.towns == 0:
        return ""
    if not coverage.complete:
        return _("仅 %(towns)s/%(total)s 镇") % {"towns": coverage.towns, "total": coverage.total}
    if coverage.previous and not coverage.comparable:
        total = coverage.total if coverage.previous_total is None else coverage.previous_total
        return _("上年仅 %(towns)s/%(total)s 镇") % {"towns": coverage.previous, "total": total}
    return ""


def compared(data: AreaData, indicator: Indicator, place: str, year: int) -> list:
    """A place's figure, last year's, change, change %, target, attainment and a note.

    Change and attainment only where the figure adds up the same towns as last year,
    or all of the place's towns; otherwise "—" and a note of how many towns it covers.
    """
    now = data.figure(indicator.code, place, year)
    before = data.figure(indicator.code, place, year - 1)
    total, previous_total = data.town_total(place, year), data.town_total(place, year - 1)
    coverage = Coverage(
        towns=now.towns if now else 0,
        previous=before.towns if before else 0,
        total=total,
        previous_total=previous_total,
    )
    current = now.value if now else None
    return [
        place_number(indicator, now, total),
        place_number(indicator, before, previous_total),
        *change_cells(
            indicator, current if coverage.comparable else None, before.value if before else None
        ),
        *target_cells(
            indicator,
            current,
            data.targets.get((indicator.code, place, year)),
            complete=coverage.complete,
        ),
        coverage_note(coverage),
    ]


def overview_table(data: AreaData, section: Section, year: int) -> Table:
    """The area's figures of one section in ``year``: one row per indicator."""
    table = Table(
        key=f"section-{section.code}",
        title=f"{section.display_name} · {data.area.display_name} · {year}",
        columns=[
            _("指标"),
            _("单位"),
            *year_columns(year),
            _("填报镇数"),
            _("已审核镇数"),
            _("说明"),
        ],
        sheet=section.display_name,
        units=percent_units(2),
        notes=True,
    )
    for indicator in data.indicators_of(section):
        now = data.figure(indicator.code, data.area.code, year)
        *cells, note = compared(data, indicator, data.area.code, year)
        table.rows.append(
            [
                indicator.display_name,
                indicator.display_unit,
                *cells,
                Number(Decimal(now.towns) if now else None),
                Number(Decimal(now.approved) if now else None),
                note,
            ]
        )
    return table


def lifetime_note(place: Region, first_year: int, last_year: int) -> str:
    """When a place was set up or retired within the years shown; '' otherwise."""
    notes = []
    if place.active_from is not None and first_year < place.active_from <= last_year:
        notes.append(_("%(year)s年设立") % {"year": place.active_from})
    if place.retired_from is not None and first_year < place.retired_from <= last_year:
        notes.append(_("%(year)s年起撤销") % {"year": place.retired_from})
    return _("；").join(notes)


def _area_row_name(data: AreaData, indicator: Indicator) -> str:
    return _("%(name)s（%(unit)s）") % {
        "name": data.area.display_name,
        "unit": indicator.get_aggregation_display(),
    }


def grid_table(data: AreaData, indicator: Indicator, year: int) -> Table:
    """Children × years of one indicator with each child's target, the area's row last.

    The rows are the children existing in some of the years (a town merged away keeps
    its earlier figures); a child's 说明 says when it was set up or retired, the
    area's which years add up only some towns, so a download keeps clean numbers and
    still carries the caveat.
    """
    years = data.years
    table = Table(
        key=indicator.code,
        title=_("%(name)s（%(unit)s）")
        % {"name": indicator.display_name, "unit": indicator.display_unit},
        columns=[
            child_word(data),
            *[str(y) for y in years],
            _("%(year)s年目标") % {"year": year},
            _("说明"),
        ],
        region=data.area.display_name,
        years=_("%(first)s–%(last)s年") % {"first": years[0], "last": years[-1]},
        sheet=indicator.display_name,
        units=["", *[indicator.display_unit] * (len(years) + 1), ""],
        notes=True,
    )
    for place in [*data.all_children, data.area]:
        table.rows.append(_grid_row(data, indicator, place, year))
    return table


def _grid_row(data: AreaData, indicator: Indicator, place: Region, year: int) -> list:
    """A place's figures over the years and its target; the 说明 says when a child was
    set up or retired, or in which years the area's figure adds up only some towns."""
    years = data.years
    figures = [data.figure(indicator.code, place.code, y) for y in years]
    totals = [data.town_total(place.code, y) for y in years]
    if place is data.area:
        name = _area_row_name(data, indicator)
        note = _("；").join(
            _("%(year)s年仅 %(towns)s/%(total)s 镇填报")
            % {"year": y, "towns": figure.towns, "total": total}
            for y, figure, total in zip(years, figures, totals, strict=True)
            if is_partial(figure, total)
        )
    else:
        name, note = place.display_name, lifetime_note(place, years[0], years[-1])
    return [
        name,
        *[place_number(indicator, f, t) for f, t in zip(figures, totals, strict=True)],
        Number(data.targets.get((indicator.code, place.code, year)), indicator.decimals),
        note,
    ]


def compared_table(data: AreaData, indicator: Indicator, year: int) -> Table:
    """The children compared on one indicator in ``year``, the area's row last."""
    table = Table(
        key=f"{indicator.code}-{year}",
        title=_("%(name)s（%(unit)s）")
        % {"name": indicator.display_name, "unit": indicator.display_unit}
        + f" · {year}",
        columns=[child_word(data), *year_columns(year), _("说明")],
        region=data.area.display_name,
        sheet=f"{indicator.display_name} {year}",
        units=[*percent_units(1), ""],
        notes=True,
    )
    for place in data.children:
        table.rows.append([place.display_name, *compared(data, indicator, place.code, year)])
    table.rows.append(
        [_area_row_name(data, indicator), *compared(data, indicator, data.area.code, year)]
    )
    return table


def matrix_table(data: AreaData, section: Section, year: int) -> Table:
    """The children × the section's indicators, in ``year``."""
    indicators = data.indicators_of(section)
    table = Table(
        key=f"children-{section.code}",
        title=_("%(children)s %(section)s %(year)s年")
        % {"children": children_word(data), "section": section.display_name, "year": year},
        columns=[
            child_word(data),
            *[
                _("%(name)s（%(unit)s）") % {"name": i.display_name, "unit": i.display_unit}
                for i in indicators
            ],
        ],
        region=data.area.display_name,
        sheet=section.display_name,
    )
    for child in data.children:
        total = data.town_total(child.code, year)
        table.rows.append(
            [
                child.display_name,
                *[
                    place_number(i, data.figure(i.code, child.code, year), total)
                    for i in indicators
                ],
            ]
        )
    return table


def children_table(data: AreaData, year: int, *, workflow: bool) -> Table:
    """Each child region: its towns and how many reported and were approved in ``year``.

    The public learns only how many towns' figures are published (approved): the
    workflow is internal, as on a county's towns page.
    """
    counts = [_("已填报镇数"), _("已审核镇数")] if workflow else [_("已发布镇数")]
    table = Table(
        key="children",
        title=_("%(region)s %(children)s %(year)s年填报")
        % {"region": data.area.display_name, "children": children_word(data), "year": year},
        columns=[child_word(data), _("乡镇数"), *counts],
    )
    for child in data.children:
        reported = [data.reports.get(child.code)] if workflow else []
        table.rows.append(
            [
                child.display_name,
                *[_count(n) for n in [data.towns.get(child.code), *reported]],
                _count(data.approved.get(child.code)),
            ]
        )
    return table


def _count(value: int | None) -> Number:
    return Number(Decimal(value or 0))


def town_table(data: AreaData, town: Region, section: Section, year: int) -> Table:
    """One town's figures of one section in ``year``, with change and attainment."""
    table = Table(
        key=f"section-{section.code}",
        title=f"{section.display_name} · {town.display_name} · {year}",
        columns=[_("指标"), _("单位"), *year_columns(year)],
        sheet=f"{town.display_name} {section.display_name}",
        units=percent_units(2),
    )
    for indicator in data.indicators_of(section):
        *cells, _note = compared(data, indicator, town.code, year)
        table.rows.append([indicator.display_name, indicator.display_unit, *cells])
    return table
