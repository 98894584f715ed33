"""The tables behind the charts, as plain data: shown on the page and downloaded as CSV/XLSX.

A cell is a label (str) or a ``Number``, which keeps the exact Decimal for downloads
and knows how to show itself ("—" when missing, never 0).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from indicators.models import Indicator, Region, Section
from indicators.reads.selectors import DashboardData

from .measures import Coverage, attainment, change

ARROWS = {"up": "▲", "down": "▼", "flat": "＝"}
# A 说明 longer than this ("2017年仅 7/8 镇填报") goes under the table on the page.
NOTE_INLINE = 12


@dataclass(frozen=True)
class Number:
    value: Decimal | None
    decimals: int = 0
    unapproved: bool = False
    signed: bool = False
    suffix: str = ""
    tone: str = ""  # "good", "bad" or "neutral": colours a change
    direction: str = ""  # "up", "down" or "flat": the arrow of a change
    partial: str = ""  # "5/8": a county figure adding up only some towns (page mark only)
    note: str = ""  # why the figure is marked, as hover text

    @property
    def exact(self) -> Decimal | None:
        if self.value is None:
            return None
        return self.value.quantize(Decimal(1).scaleb(-self.decimals))

    @property
    def plain(self) -> str:
        """The figure as downloads write it: exact, no grouping, '' when missing."""
        return "" if self.exact is None else f"{self.exact:f}"

    @property
    def text(self) -> str:
        """The figure as the page shows it: grouped digits, '—' when missing."""
        if self.exact is None:
            return "—"
        sign = "+" if self.signed and self.exact > 0 else ""
        arrow = f"{ARROWS[self.direction]} " if self.direction else ""
        return f"{arrow}{sign}{self.exact:,f}{self.suffix}"


@dataclass
class Table:
    key: str
    title: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    # What a download needs to stand alone, where the title does not already say it:
    # the region and years it covers, the sheet's name, and each column's unit.
    region: str = ""
    years: str = ""
    sheet: str = ""
    units: list[str] = field(default_factory=list)  # per column, "" for none
    notes: bool = False  # the last column is 说明: a note on the row, or ""

    @property
    def long_notes(self) -> list[tuple[int, str, str]]:
        """(row number from 1, row name, note) of each note too long for its cell.

        The page shows these under the table, the cell linking to them: a long note
        in its column would widen the table past its panel. Downloads keep every
        note in its column.
        """
        if not self.notes:
            return []
        return [
            (number, str(row[0]), row[-1])
            for number, row in enumerate(self.rows, start=1)
            if isinstance(row[-1], str) and len(row[-1]) > NOTE_INLINE
        ]

    @property
    def long_note_rows(self) -> set[int]:
        return {number for number, _, _ in self.long_notes}

    @property
    def heading(self) -> str:
        """The title, region and years: the first line of a downloaded workbook."""
        return " · ".join(part for part in (self.title, self.region, self.years) if part)

    def unit_of(self, index: int) -> str:
        return self.units[index] if index < len(self.units) else ""

    @property
    def has_unapproved(self) -> bool:
        return any(isinstance(c, Number) and c.unapproved for row in self.rows for c in row)

    @property
    def has_partial(self) -> bool:
        return any(isinstance(c, Number) and c.partial for row in self.rows for c in row)

    def column(self, index: int) -> list:
        return [row[index] for row in self.rows]


def _figure_number(indicator: Indicator, figure) -> Number:
    if figure is None:
        return Number(None, indicator.decimals)
    return Number(figure.value, indicator.decimals, unapproved=not figure.approved)


def partial_note(towns: int, total: int) -> str:
    return _("仅 %(towns)s/%(total)s 镇填报") % {"towns": towns, "total": total}


def _is_partial(aggregate, total: int) -> bool:
    return aggregate is not None and aggregate.value is not None and 0 < aggregate.towns < total


def _county_number(indicator: Indicator, aggregate, total: int) -> Number:
    """A county figure; marked when it adds up fewer than the county's ``total`` towns."""
    if aggregate is None:
        return Number(None, indicator.decimals)
    partial = _is_partial(aggregate, total)
    return Number(
        aggregate.value,
        indicator.decimals,
        unapproved=aggregate.approved < aggregate.towns,
        partial=f"{aggregate.towns}/{total}" if partial else "",
        note=partial_note(aggregate.towns, total) if partial else "",
    )


def _change_cells(indicator: Indicator, current, previous) -> list[Number]:
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


def _target_cells(indicator: Indicator, value, target, *, complete: bool = True) -> list[Number]:
    reached = attainment(value, target, indicator.higher_is_better) if complete else None
    return [Number(target, indicator.decimals), Number(reached, 1, suffix="%")]


def _percent_units(before: int) -> list[str]:
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
    """Why a county figure is not compared with last year or the target; '' when it is."""
    if coverage.towns == 0:
        return ""
    if not coverage.complete:
        return _("仅 %(towns)s/%(total)s 镇") % {"towns": coverage.towns, "total": coverage.total}
    if coverage.previous and not coverage.comparable:
        total = coverage.total if coverage.previous_total is None else coverage.previous_total
        return _("上年仅 %(towns)s/%(total)s 镇") % {"towns": coverage.previous, "total": total}
    return ""


def overview_table(data: DashboardData, section: Section, year: int) -> Table:
    """County figures of one section in ``year``: one row per indicator.

    Change and attainment only where the figure adds up the same towns as last year,
    or all of the county's towns; otherwise "—" and a note of how many towns it covers.
    """
    table = Table(
        key=f"section-{section.code}",
        title=f"{section.display_name} · {data.county.display_name} · {year}",
        columns=[
            _("指标"),
            _("单位"),
            *year_columns(year),
            _("填报镇数"),
            _("已审核镇数"),
            _("说明"),
        ],
        sheet=section.display_name,
        units=_percent_units(2),
        notes=True,
    )
    total, previous_total = data.town_count(year), data.town_count(year - 1)
    for indicator in data.indicators_of(section):
        now = data.county_values.get((indicator.code, year))
        before = data.county_values.get((indicator.code, year - 1))
        coverage = Coverage(
            towns=now.towns if now else 0,
            previous=before.towns if before else 0,
            total=total,
            previous_total=previous_total,
        )
        current = now.value if now else None
        table.rows.append(
            [
                indicator.display_name,
                indicator.display_unit,
                _county_number(indicator, now, total),
                _county_number(indicator, before, previous_total),
                *_change_cells(
                    indicator,
                    current if coverage.comparable else None,
                    before.value if before else None,
                ),
                *_target_cells(
                    indicator,
                    current,
                    data.targets.get((indicator.code, data.county.code, year)),
                    complete=coverage.complete,
                ),
                Number(Decimal(now.towns) if now else None),
                Number(Decimal(now.approved) if now else None),
                coverage_note(coverage),
            ]
        )
    return table


def grid_table(data: DashboardData, indicator: Indicator, year: int) -> Table:
    """Towns × years of one indicator, the county's row last, and each town's target.

    A county figure of only some towns is marked on the page; the 说明 column says
    which years, so that a download keeps clean numbers and still carries the caveat.
    The rows are the towns existing in some of the years (a town merged away keeps
    its earlier figures); a town's 说明 says when it was set up or retired.
    """
    table = Table(
        key=indicator.code,
        title=_("%(name)s（%(unit)s）")
        % {"name": indicator.display_name, "unit": indicator.display_unit},
        columns=[
            _("乡镇"),
            *[str(y) for y in data.years],
            _("%(year)s年目标") % {"year": year},
            _("说明"),
        ],
        region=data.county.display_name,
        years=_("%(first)s–%(last)s年") % {"first": data.years[0], "last": data.years[-1]}
        if data.years
        else "",
        sheet=indicator.display_name,
        units=["", *[indicator.display_unit] * (len(data.years) + 1), ""],
        notes=True,
    )
    for town in data.all_towns:
        table.rows.append(
            [
                town.display_name,
                *[
                    _figure_number(indicator, data.values.get((indicator.code, town.code, y)))
                    for y in data.years
                ],
                Number(data.targets.get((indicator.code, town.code, year)), indicator.decimals),
                lifetime_note(town, data.first_year, data.last_year),
            ]
        )
    totals = [data.town_count(y) for y in data.years]
    county = [data.county_values.get((indicator.code, y)) for y in data.years]
    notes = [
        _("%(year)s年仅 %(towns)s/%(total)s 镇填报")
        % {"year": y, "towns": aggregate.towns, "total": total}
        for y, aggregate, total in zip(data.years, county, totals, strict=True)
        if _is_partial(aggregate, total)
    ]
    table.rows.append(
        [
            _("%(name)s（%(unit)s）")
            % {"name": data.county.display_name, "unit": indicator.get_aggregation_display()},
            *[
                _county_number(indicator, aggregate, total)
                for aggregate, total in zip(county, totals, strict=True)
            ],
            Number(data.targets.get((indicator.code, data.county.code, year)), indicator.decimals),
            _("；").join(notes),
        ]
    )
    return table


def lifetime_note(town: Region, first_year: int, last_year: int) -> str:
    """When a town was set up or retired within the years shown; '' otherwise."""
    notes = []
    if town.active_from is not None and first_year < town.active_from <= last_year:
        notes.append(_("%(year)s年设立") % {"year": town.active_from})
    if town.retired_from is not None and first_year < town.retired_from <= last_year:
        notes.append(_("%(year)s年起撤销") % {"year": town.retired_from})
    return _("；").join(notes)


def town_table(data: DashboardData, town: Region, section: Section, year: int) -> Table:
    """One town's figures of one section in ``year``, with change and attainment."""
    table = Table(
        key=f"section-{section.code}",
        title=f"{section.display_name} · {town.display_name} · {year}",
        columns=[_("指标"), _("单位"), *year_columns(year)],
        sheet=f"{town.display_name} {section.display_name}",
        units=_percent_units(2),
    )
    for indicator in data.indicators_of(section):
        now = data.values.get((indicator.code, town.code, year))
        before = data.values.get((indicator.code, town.code, year - 1))
        current = now.value if now else None
        table.rows.append(
            [
                indicator.display_name,
                indicator.display_unit,
                _figure_number(indicator, now),
                _figure_number(indicator, before),
                *_change_cells(indicator, current, before.value if before else None),
                *_target_cells(
                    indicator, current, data.targets.get((indicator.code, town.code, year))
                ),
            ]
        )
    return table
