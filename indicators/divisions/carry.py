"""What a succession does to the open figures and targets of its year and later.

The figures of the years before a merge, split or move stay with the regions they
were entered for. Those of the change's year and later (the open year being entered)
would be left with a region that no longer exists, so the change carries them to the
successor, through the one write path (:func:`indicators.figures.figures_import`,
``Source.IMPORT``) and the targets' (:func:`indicators.figures.targets.targets_import`), with
history, in the change's transaction:

- a merge (A, B → C): C's figure of each year and indicator is the sources' figures
  combined by the indicator's aggregation (sum, max, min), when every source with
  figures that year has it; their comments are joined, each after its town's name.
  A mean or a figure not added up, a figure some source lacks, or a result the
  indicator cannot hold is not carried: the preview lists it, with the sources'
  figures, to be entered again for C. Then the sources' figures are removed. A
  target that takes the others in (A, B → A) counts its own figures as a source's.
- a move (A → A'): every figure goes to A' unchanged, with its comment.
- a split (A → B, C) cannot share a figure out: it is refused while A has figures
  (:func:`~.checks.figures_errors`); its targets are removed, and listed.

Targets follow the same rules. Submitted and approved reports are never touched: the
change is refused while a source has one (:func:`~.checks.locked_errors`).
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import partial

from django.utils.translation import gettext as _

from indicators.figures.targets import targets_import
from indicators.figures.validation import FigureError, check_figure
from indicators.support.batches import batches_write

from ..figures import MAX_IMPORT_ROWS, FigureRow, ImportSummary, figures_import
from ..models import Aggregation, DataValue, Indicator, Region, Report, Source, Target
from .checks import RegionChangeRefused
from .names import names_in_years

COMBINED: dict[str, Callable] = {
    Aggregation.SUM: sum,
    Aggregation.MAX: max,
    Aggregation.MIN: min,
}
SHOWN_REFUSALS = 20


@dataclass(frozen=True)
class Part:
    """One source's figure (or target) in a carried or re-entered item."""

    name: str
    value: Decimal | None
    comment: str = ""


@dataclass(frozen=True)
class Carried:
    """An indicator's figure (or target) of a year at the successor: ``value`` is what
    the successor gets, None when nothing is carried (``why`` says why)."""

    indicator: Indicator
    year: int
    value: Decimal | None
    parts: tuple[Part, ...]
    comment: str = ""
    why: str = ""

    @property
    def carried(self) -> bool:
        return self.value is not None

    @property
    def shown(self) -> str:
        return self.indicator.format_value(self.value)

    @property
    def shown_parts(self) -> list[tuple[str, str]]:
        return [
            (part.name, self.indicator.format_value(part.value) if part.value is not None else "—")
            for part in self.parts
        ]


@dataclass
class Carry:
    """A succession's figures and targets of its year and later: what goes to the
    successor, what has to be entered again, and the rows that write it."""

    kind: str
    year: int
    target: str  # the successor's code; "" for a split
    target_name: str
    figures: list[Carried] = field(default_factory=list)
    targets: list[Carried] = field(default_factory=list)
    figure_rows: list[FigureRow] = field(default_factory=list)
    target_rows: list[FigureRow] = field(default_factory=list)

    @property
    def carried(self) -> list[Carried]:
        return [item for item in self.figures if item.carried]

    @property
    def reentry(self) -> list[Carried]:
        return [item for item in self.figures if not item.carried]

    @property
    def targets_carried(self) -> list[Carried]:
        return [item for item in self.targets if item.carried]

    @property
    def targets_removed(self) -> list[Carried]:
        return [item for item in self.targets if not item.carried]

    @property
    def removed(self) -> int:
        """Figures the sources lose (kept in the history)."""
        return sum(1 for row in self.figure_rows if row.value is None)

    @property
    def empty(self) -> bool:
        return not (self.figures or self.targets)

    @property
    def digest(self) -> str:
        """What the preview showed, to refuse a confirmation once a figure changed since."""
        text = repr(
            sorted(
                (kind, row.indicator, row.region, row.year, str(row.value), row.comment or "")
                for kind, rows in (("f", self.figure_rows), ("t", self.target_rows))
                for row in rows
            )
        )
        return hashlib.sha256(text.encode()).hexdigest()[:32]

    def counts(self) -> dict[str, int]:
        """For the audit event."""
        return {
            "figures_carried": len(self.carried),
            "figures_to_reenter": len(self.reentry),
            "figures_removed": self.removed,
            "targets_carried": len(self.targets_carried),
            "targets_removed": len(self.targets_removed),
        }


# region, year → indicator → (value, comment)
Stored = dict[tuple[str, int], dict[str, tuple[Decimal, str]]]


def _figures(codes: list[str], year: int) -> tuple[Stored, dict[tuple[str, int], int]]:
    """The open figures of ``codes`` from ``year`` on, and every report's version."""
    stored: Stored = {}
    rows = DataValue.objects.filter(report__region_id__in=codes, report__year__gte=year)
    for code, at, indicator, value, comment in rows.values_list(
        "report__region_id", "report__year", "indicator_id", "value", "comment"
    ).order_by():
        stored.setdefault((code, at), {})[indicator] = (value, comment)
    versions = dict(
        ((code, at), version)
        for code, at, version in Report.objects.filter(
            region_id__in=codes, year__gte=year
        ).values_list("region_id", "year", "version")
    )
    return stored, versions


def _targets(codes: list[str], year: int) -> Stored:
    stored: Stored = {}
    rows = Target.objects.filter(region_id__in=codes, year__gte=year)
    for code, at, indicator, value, comment in rows.values_list(
        "region_id", "year", "indicator_id", "value", "comment"
    ).order_by():
        stored.setdefault((code, at), {})[indicator] = (value, comment)
    return stored


def _why_not(indicator: Indicator, value: Decimal, target: Region, year: int) -> str:
    """Why the successor cannot hold ``value``; "" when it can."""
    if not indicator.applies_to(target, year):
        return _("该指标在%(year)s 年不适用于%(name)s。") % {"year": year, "name": target.name}
    try:
        check_figure(indicator, value)
    except FigureError as error:
        return _("合成后的数字 %(value)s 不能保存：%(message)s") % {
            "value": value,
            "message": error.message,
        }
    return ""


def _item(
    indicator: Indicator,
    year: int,
    entries: list[tuple[str, tuple[Decimal, str] | None]],
    target: Region | None,
    combine: bool,
) -> Carried:
    """One indicator of one year: ``entries`` are (name, stored or None) of each
    source with figures that year; ``combine`` (a merge) joins them, else the one
    entry is taken as it is (a move); no ``target`` (a split) carries nothing."""
    parts = tuple(
        Part(name, found[0], found[1]) if found else Part(name, None) for name, found in entries
    )
    if target is None:
        return Carried(indicator, year, None, parts, why=_("拆分无法确定各新区划的份额。"))
    lacking = [part.name for part in parts if part.value is None]
    if not combine:
        value, comment = parts[0].value, parts[0].comment
    elif indicator.aggregation not in COMBINED:
        why = _("“%(how)s”的指标不能由各镇数字合成。") % {
            "how": indicator.get_aggregation_display()
        }
        return Carried(indicator, year, None, parts, why=why)
    elif lacking:
        why = _("%(names)s 没有这个数字，合成值不完整。") % {"names": "、".join(lacking)}
        return Carried(indicator, year, None, parts, why=why)
    else:
        value = COMBINED[indicator.aggregation](part.value for part in parts)
        comment = "；".join(
            f"{part.name}：{part.comment}" for part in parts if part.comment.strip()
        )
    why = _why_not(indicator, value, target, year)
    if why:
        return Carried(indicator, year, None, parts, why=why)
    return Carried(indicator, year, value, parts, comment=comment)


def _items(
    stored: Stored,
    sources: list[Region],
    target: Region | None,
    year: int,
    indicators: dict[str, Indicator],
    combine: bool,
) -> list[Carried]:
    years = sorted({at for _code, at in stored})
    names = names_in_years(sources, years)
    order = list(indicators)
    items = []
    for at in years:
        having = [source for source in sources if stored.get((source.code, at))]
        codes = {code for source in having for code in stored[(source.code, at)]}
        for code in sorted(codes, key=order.index):
            entries = [
                (names[(source.code, at)], stored[(source.code, at)].get(code)) for source in having
            ]
            items.append(_item(indicators[code], at, entries, target, combine))
    return items


def carry_plan(
    kind: str, sources: list[Region], target: Region | None, year: int, *, combine: bool
) -> Carry:
    """What a succession from ``year`` does to the figures and targets of ``sources``
    (a merge's target among them when it takes the others in): read, not written."""
    codes = [source.code for source in sources]
    figures, versions = _figures(codes, year)
    targets = _targets(codes, year)
    wanted = {code for place in (*figures.values(), *targets.values()) for code in place}
    indicators = {
        indicator.code: indicator
        for indicator in Indicator.objects.in_report_order()
        .filter(code__in=wanted)
        .select_related("scope")
    }
    carry = Carry(kind, year, target.code if target else "", target.name if target else "")
    carry.figures = _items(figures, sources, target, year, indicators, combine)
    carry.targets = _items(targets, sources, target, year, indicators, combine)
    ending = [code for code in codes if target is None or code != target.code]
    carry.figure_rows = _figure_rows(carry, figures, versions, ending)
    carry.target_rows = _target_rows(carry, targets, ending)
    return carry


def _figure_rows(
    carry: Carry, figures: Stored, versions: dict[tuple[str, int], int], ending: list[str]
) -> list[FigureRow]:
    """The figures the successor gets, and the removal of those of the ``ending`` regions."""
    return [
        FigureRow(
            item.indicator.code,
            carry.target,
            item.year,
            item.value,
            item.comment,
            version=versions.get((carry.target, item.year), 0),
        )
        for item in carry.carried
    ] + [
        FigureRow(indicator, code, at, None, version=versions[(code, at)])
        for (code, at), stored in sorted(figures.items())
        if code in ending
        for indicator in stored
    ]


def _target_rows(carry: Carry, targets: Stored, ending: list[str]) -> list[FigureRow]:
    """The targets the successor gets, and the removal of those of the ``ending`` regions."""
    return [
        FigureRow(item.indicator.code, carry.target, item.year, item.value, item.comment)
        for item in carry.targets_carried
    ] + [
        FigureRow(indicator, code, at, None)
        for (code, at), stored in sorted(targets.items())
        if code in ending
        for indicator in stored
    ]


def _refusal(summary: ImportSummary, what: str) -> RegionChangeRefused:
    shown = [
        _("%(what)s %(region)s %(year)s 年 %(indicator)s：%(message)s")
        % {
            "what": what,
            "region": conflict.region,
            "year": conflict.year,
            "indicator": conflict.indicator,
            "message": conflict.message,
        }
        for conflict in summary.conflicts[:SHOWN_REFUSALS]
    ]
    more = len(summary.conflicts) - len(shown)
    if more > 0:
        shown.append(_("另有 %(n)s 处未列出。") % {"n": more})
    return RegionChangeRefused([_("数字未能随区划调整转入，没有调整："), *shown])


def carry_write(user, carry: Carry) -> None:
    """Write the carried figures and targets and remove the sources', through the
    write paths, in the caller's transaction; any refusal refuses the change."""
    for rows, write, what in (
        (carry.figure_rows, _figures_write, _("数字")),
        (carry.target_rows, _targets_write, _("目标")),
    ):
        if len(rows) > MAX_IMPORT_ROWS:
            # A report's rows may fall in two writes, the second after the first
            # moved its version: the versions read are not checked then.
            rows = [replace(row, version=None) for row in rows]
        refused = partial(_refusal, what=what)
        batches_write(rows, MAX_IMPORT_ROWS, partial(write, user=user), refused)


def _figures_write(rows: list[FigureRow], user) -> ImportSummary:
    return figures_import(rows=rows, user=user, source=Source.IMPORT)


def _targets_write(rows: list[FigureRow], user) -> ImportSummary:
    return targets_import(rows=rows, user=user)
