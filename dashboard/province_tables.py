"""The tables of the province and prefecture pages, as plain data (like
:mod:`dashboard.tables`): a region's figures, its children compared, their reporting.

Rows name regions; a ``LinkedTable`` carries each row's link down to its own page.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from indicators.models import Indicator, Level, Section
from indicators.reads.aggregates import Aggregate
from indicators.reads.regional import RegionalData

from .measures import Coverage, attainment, change
from .tables import Number, Table, coverage_note, partial_note


@dataclass
class LinkedTable(Table):
    """A table whose rows name regions, each linking to its own page ('' for none)."""

    links: list[str] = field(default_factory=list)

    @property
    def linked_rows(self) -> list[tuple[str, list]]:
        links = self.links + [""] * (len(self.rows) - len(self.links))
        return list(zip(links, self.rows, strict=True))


LEVEL_WORDS = {
    Level.PREFECTURE: (lambda: _("市"), lambda: _("各市")),
    Level.COUNTY: (lambda: _("县"), lambda: _("各县")),
}


def child_word(data: RegionalData) -> str:
    return LEVEL_WORDS[data.child_level][0]()


def children_word(data: RegionalData) -> str:
    return LEVEL_WORDS[data.child_level][1]()


def _figure(indicator: Indicator, aggregate: Aggregate | None, total: int) -> Number:
    """A region's figure; marked when it adds up fewer than the region's ``total`` towns."""
    if aggregate is None or aggregate.value is None:
        return Number(None, indicator.decimals)
    partial = 0 < aggregate.towns < total
    return Number(
        aggregate.value,
        indicator.decimals,
        unapproved=aggregate.approved < aggregate.towns,
        partial=f"{aggregate.towns}/{total}" if partial else "",
        note=partial_note(aggregate.towns, total) if partial else "",
    )


def _compared(data: RegionalData, indicator: Indicator, code: str, year: int) -> list:
    """Figure, last year's, change, change %, target, attainment and a note for a region."""
    now = data.values.get((indicator.code, code, year))
    before = data.values.get((indicator.code, code, year - 1))
    total = data.towns.get(code, 0)
    coverage = Coverage(
        towns=now.towns if now else 0, previous=before.towns if before else 0, total=total
    )
    current = now.value if now else None
    moved = change(
        current if coverage.comparable else None,
        before.value if before else None,
        indicator.higher_is_better,
    )
    target = data.targets.get((indicator.code, code, year))
    reached = attainment(current, target, indicator.higher_is_better) if coverage.complete else None
    decimals = indicator.decimals
    return [
        _figure(indicator, now, total),
        _figure(indicator, before, total),
        Number(moved.delta, decimals, signed=True, tone=moved.tone, direction=moved.direction)
        if moved
        else Number(None, decimals),
        Number(moved.percent, 1, signed=True, suffix="%", tone=moved.tone)
        if moved
        else Number(None, 1),
        Number(target, decimals),
        Number(reached, 1, suffix="%"),
        coverage_note(coverage),
    ]


def _compared_columns(year: int) -> list[str]:
    return [
        _("%(year)s年") % {"year": year},
        _("%(year)s年") % {"year": year - 1},
        _("增减"),
        _("增幅"),
        _("目标"),
        _("完成率"),
        _("说明"),
    ]


def region_table(data: RegionalData, section: Section, year: int) -> Table:
    """The region's figures of one section: one row per indicator."""
    table = LinkedTable(
        key=f"section-{section.code}",
        title=f"{section.display_name} · {data.region.display_name} · {year}",
        columns=[_("指标"), _("单位"), *_compared_columns(year)],
    )
    for indicator in data.indicators_of(section):
        table.rows.append(
            [
                indicator.display_name,
                indicator.display_unit,
                *_compared(data, indicator, data.region.code, year),
            ]
        )
    return table


def matrix_table(data: RegionalData, section: Section, year: int) -> Table:
    """The children × the section's indicators, in ``year``."""
    indicators = data.indicators_of(section)
    table = LinkedTable(
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
    )
    for child in data.children:
        total = data.towns.get(child.code, 0)
        table.rows.append(
            [
                child.display_name,
                *[
                    _figure(i, data.values.get((i.code, child.code, year)), total)
                    for i in indicators
                ],
            ]
        )
    return table


def children_table(data: RegionalData, year: int, *, workflow: bool) -> LinkedTable:
    """Each child region: its towns and how many reported and were approved in ``year``.

    The public learns only how many towns' figures are published (approved): the
    workflow is internal, as on the county's towns page.
    """
    counts = [_("已填报镇数"), _("已审核镇数")] if workflow else [_("已发布镇数")]
    table = LinkedTable(
        key="children",
        title=_("%(region)s %(children)s %(year)s年填报")
        % {
            "region": data.region.display_name,
            "children": children_word(data),
            "year": year,
        },
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


def indicator_table(data: RegionalData, indicator: Indicator, year: int) -> Table:
    """Children compared on one indicator: figure, change, target and attainment; the
    region's own row last."""
    table = LinkedTable(
        key=indicator.code,
        title=_("%(name)s（%(unit)s）")
        % {"name": indicator.display_name, "unit": indicator.display_unit}
        + f" · {year}",
        columns=[child_word(data), *_compared_columns(year)],
    )
    for child in data.children:
        table.rows.append([child.display_name, *_compared(data, indicator, child.code, year)])
    table.rows.append(
        [
            _("%(name)s（%(unit)s）")
            % {"name": data.region.display_name, "unit": indicator.get_aggregation_display()},
            *_compared(data, indicator, data.region.code, year),
        ]
    )
    return table


def years_table(data: RegionalData, indicator: Indicator) -> Table:
    """Children × years of one indicator, the region's row last."""
    table = LinkedTable(
        key=f"{indicator.code}-years",
        title=_("%(name)s（%(unit)s）")
        % {"name": indicator.display_name, "unit": indicator.display_unit},
        columns=[child_word(data), *[str(y) for y in data.years]],
    )
    for place in [*data.children, data.region]:
        total = data.towns.get(place.code, 0)
        table.rows.append(
            [
                place.display_name,
                *[
                    _figure(indicator, data.values.get((indicator.code, place.code, y)), total)
                    for y in data.years
                ],
            ]
        )
    return table
