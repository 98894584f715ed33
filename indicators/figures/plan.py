"""Planning an import: every check, no write.

A plan reads what the rows touch in a fixed number of queries, whatever the number
of rows, and decides each row: a conflict, or a change to one report. The service
plans before it takes the write lock, so that a large import holds the lock only
for its few write statements.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import NamedTuple

from django.contrib.auth.models import AnonymousUser, User
from django.utils.translation import gettext as _

from indicators.figures.rules import NO_FIGURES, check_figures, figures_by_report, load_rules
from indicators.figures.validation import FigureError, clean_figure, parse_figure

from ..models import DataValue, Indicator, Region, Report, Source, Status
from .refusals import (
    Problem,
    catalogue_refusal,
    duplicate,
    region_year_refusals,
    unknown_code,
    write_refusal,
)
from .rows import FigureRow
from .stale import changes_since
from .summary import ImportSummary, Outcome, RuleWarning

Place = tuple[str, int]  # (town code, year): one report


class Current(NamedTuple):
    """A stored figure as the checks and the write need it: a row, not a model object."""

    pk: int
    report_id: int
    value: Decimal
    comment: str
    outdated: bool  # the comment was written for an earlier figure
    updated_at: datetime | None  # with ``changed_by``, read only for rows with a ``base``
    changed_by: str  # who changed it last: first name, else user name; "" for nobody


class Change:
    """What one row does to one figure; ``kind`` is created, updated, deleted or unchanged.

    ``outdated``: the comment stays from an earlier figure. A change of the figure that
    leaves its comment as it was makes it so; a change of the comment undoes it. A
    figure ``restated`` in another unit (a catalogue conversion) is the same quantity:
    its comment still explains it, outdated or not as before.
    """

    __slots__ = ("comment", "current", "index", "indicator", "kind", "outdated", "value")

    def __init__(
        self,
        index: int,
        indicator: Indicator,
        value: Decimal | None,
        comment: str,
        current: Current | None,
        *,
        restated: bool = False,
    ):
        self.index, self.indicator, self.value = index, indicator, value
        self.comment, self.current = comment, current
        self.outdated = current.outdated if current else False
        if value is None:
            self.kind = "unchanged" if current is None else "deleted"
        elif current is None:
            self.kind = "created"
        elif current.value != value or current.comment != comment:
            self.kind = "updated"
            if not restated:
                self.outdated = bool(comment.strip()) and comment == current.comment
        else:
            self.kind = "unchanged"


@dataclass
class ReportPlan:
    """The changes to one town's report of one year."""

    region: Region
    year: int
    report: Report | None  # None: nobody has saved this town-year yet
    changes: list[Change] = field(default_factory=list)

    @property
    def state(self) -> tuple[int, str]:
        """(version, status) as planned; the write checks that nobody moved it since."""
        if self.report is None:
            return 0, Status.DRAFT
        return self.report.version, self.report.status

    @property
    def has_writes(self) -> bool:
        """Whether any change writes; a plan is complete before anyone asks."""
        return any(change.kind != "unchanged" for change in self.changes)


@dataclass
class Plan:
    summary: ImportSummary
    reports: dict[Place, ReportPlan]

    @property
    def to_write(self) -> list[ReportPlan]:
        return [plan for plan in self.reports.values() if plan.has_writes]


def _endings(
    regions: dict[str, Region], rows: Sequence[tuple[int, FigureRow]]
) -> dict[Place, Problem]:
    """:func:`~.refusals.region_year_refusals` of the rows' places: no query when every
    region exists in its rows' years."""
    places = {(row.region, row.year) for _i, row in rows}  # codes hash faster than models
    return region_year_refusals(
        {
            (regions[code], year)
            for code, year in places
            if code in regions and isinstance(year, int)
        }
    )


class _Lookups:
    """Everything the rows name, read in four queries whatever their number: filters
    rather than ``in_bulk``, which splits a long list into several queries on SQLite.
    Two more only when a row names a town after it ended (merged, split, retired), to
    say what became of it."""

    def __init__(self, rows: Sequence[tuple[int, FigureRow]]):
        codes = {row.indicator for _i, row in rows}
        indicators = Indicator.objects.filter(code__in=codes).select_related("scope")
        self.indicators = {i.code: i for i in indicators}
        regions = Region.objects.filter(code__in={row.region for _i, row in rows})
        self.regions = {region.code: region for region in regions}
        self.endings = _endings(self.regions, rows)
        years = {row.year for _i, row in rows}
        self.reports: dict[Place, Report] = {
            (report.region_id, report.year): report
            for report in Report.objects.filter(region_id__in=list(self.regions), year__in=years)
        }
        by_id = {report.pk: place for place, report in self.reports.items()}
        # Who changed a figure and when is said only when a copy's figure is refused
        # (FigureRow.base); other imports skip the join and the dates.
        detailed = any(row.base is not None for _i, row in rows)
        extra = ("updated_at", "changed_by__first_name", "changed_by__username") if detailed else ()
        found = (
            DataValue.objects.filter(
                report_id__in=list(by_id), indicator_id__in=list(self.indicators)
            )
            .order_by()
            .values_list(
                "id", "report_id", "indicator_id", "value", "comment", "comment_outdated", *extra
            )
        )
        self._catalogue: dict[tuple, Problem | None] = {}
        # (town, year, indicator) → the stored figure
        self.values: dict[tuple[str, int, str], Current] = {}
        for pk, report, code, value, comment, outdated, *more in found:
            at, first, name = more or (None, "", "")
            self.values[(*by_id[report], code)] = Current(
                pk, report, value, comment, outdated, at, first or name or ""
            )

    def catalogue_refusal(self, indicator: Indicator, region: Region, year: int):
        """:func:`~.refusals.catalogue_refusal`, once per indicator and year (and town,
        for an indicator with a scope): an import repeats them thousands of times."""
        key = (indicator.code, year, region.code if indicator.scope_id is not None else None)
        if key not in self._catalogue:
            self._catalogue[key] = catalogue_refusal(indicator, region, year)
        return self._catalogue[key]


def plan_import(
    rows: Sequence[FigureRow],
    user: User | AnonymousUser,
    *,
    dry_run: bool = False,
    source: str | None = None,
) -> Plan:
    """Decide every row, in the order the write path owns: shape, figure, rights and
    lock, duplicates and staleness; then the plausibility rules on the result."""
    summary = ImportSummary(dry_run=dry_run)
    refuse = summary.refuse
    shaped = summary.well_shaped(rows)
    found = _Lookups(shaped)
    plans: dict[Place, ReportPlan] = {}
    refusals: dict[Place, Problem | None] = {}
    seen: set[tuple[str, str, int]] = set()
    stale: set[Place] = set()
    counts = dict.fromkeys(("created", "updated", "deleted", "unchanged"), 0)
    outcomes = summary.outcomes
    for index, row in shaped:
        indicator = found.indicators.get(row.indicator)
        region = found.regions.get(row.region)
        if indicator is None:
            refuse(index, row, unknown_code("indicator", row.indicator))
            continue
        if region is None:
            refuse(index, row, unknown_code("region", row.region))
            continue
        # A figure the catalogue or the division tree has no place for; clearing one
        # stored before the change is still allowed.
        misplaced = found.endings.get((row.region, row.year)) or found.catalogue_refusal(
            indicator, region, row.year
        )
        current = found.values.get((row.region, row.year, row.indicator))
        try:
            value = clean_figure(indicator, row.value)
        except FigureError as error:
            value = _kept(row.value, current) if error.code == "out_of_bounds" else None
            if value is None:
                refuse(index, row, misplaced or Problem(error.code, error.message))
                continue
        if misplaced is not None and value is not None:
            refuse(index, row, misplaced)
            continue
        place = (row.region, row.year)
        report = found.reports.get(place)
        if place not in refusals:
            refusals[place] = write_refusal(user, region, row.year, report)
        if refusals[place] is not None:
            refuse(index, row, refusals[place])
            continue
        key = (row.indicator, row.region, row.year)
        if key in seen:
            refuse(index, row, duplicate())
            continue
        seen.add(key)
        current_version = report.version if report else 0
        if row.version is not None and row.version != current_version:
            if place not in stale:  # one conflict per report, with what changed
                stale.add(place)
                refuse(index, row, *_stale(report, region, row.year, row.version))
            continue
        comment = row.comment if row.comment is not None else (current.comment if current else "")
        if value is None and comment.strip() and current is None:
            message = _("备注随数字保存：请先填写数字，或清空备注。")
            refuse(index, row, Problem("comment_without_value", message))
            continue
        change = Change(
            index, indicator, value, comment, current, restated=source == Source.CONVERSION
        )
        kind = change.kind
        if row.base is not None and kind != "unchanged" and _changed_since(row.base, current):
            refuse(index, row, *_changed_since_copy(indicator, current))
            continue
        plan = plans.get(place)
        if plan is None:
            plan = plans[place] = ReportPlan(region, row.year, report)
        plan.changes.append(change)
        counts[kind] += 1
        outcomes.append(Outcome(index, kind, current.value if current else None, value))

    for kind, count in counts.items():
        setattr(summary, kind, count)
    summary.warnings = _warnings(plans, found.indicators)
    summary.versions = {place: plan.state[0] for place, plan in plans.items()}
    return Plan(summary, plans)


def _warnings(
    plans: dict[Place, ReportPlan], indicators: dict[str, Indicator]
) -> list[RuleWarning]:
    """Open rule findings on each report as it would stand, about the figures touched."""
    if not plans:
        return []
    grouped = figures_by_report(
        DataValue.objects.for_rules_of({town for town, _y in plans}, {y for _t, y in plans})
    )
    # Bounds of the indicators the rows touch: only their warnings are told.
    rules = load_rules(indicators.values())
    warnings = []
    for (town, year), plan in plans.items():
        stored = grouped.get((town, year), NO_FIGURES)
        current, comments, outdated = (
            dict(stored.values),
            dict(stored.comments),
            set(stored.outdated),
        )
        previous = grouped.get((town, year - 1), NO_FIGURES).values
        rows = {}
        for change in plan.changes:
            code = change.indicator.code
            rows[code] = change.index
            if change.value is None:
                current.pop(code, None)
            else:
                current[code] = change.value
            comments[code] = change.comment
            if change.outdated:
                outdated.add(code)
            else:
                outdated.discard(code)
        for finding in check_figures(current, previous, comments, outdated, rules=rules):
            # About a figure the import touched, or read from one (the rule's indicators).
            if finding.is_open and (
                finding.indicator in rows or any(code in rows for code in rules.reads(finding.rule))
            ):
                warnings.append(
                    RuleWarning(
                        rows.get(finding.indicator),
                        finding.indicator,
                        town,
                        year,
                        finding.rule,
                        finding.message,
                        finding.blocks_submit,
                    )
                )
    return warnings


def _kept(raw: object, current: Current | None) -> Decimal | None:
    """The stored figure, sent again as it is: kept although the indicator's bounds were
    narrowed since, so that a comment can settle the rules' ``outside_bounds`` warning."""
    if current is None:
        return None
    try:
        return current.value if parse_figure(raw) == current.value else None
    except FigureError:
        return None


def _stale(report: Report | None, region: Region, year: int, version: int):
    current = report.version if report else 0
    message = _(
        "%(region)s %(year)s 年的数字在您读取（版本 %(read)s）之后已被修改（现为版本 %(now)s），"
        "未写入。请重新读取后再提交。"
    ) % {"region": region.name, "year": year, "read": version, "now": current}
    details = {
        "version": current,
        "read_version": version,
        "changed": changes_since(report, version) if report else [],
    }
    return Problem("stale", message), details


def _changed_since(base: tuple[object, str], current: Current | None) -> bool:
    """Whether the stored figure differs from the caller's copy of it."""
    raw, base_comment = base
    try:
        base_value = parse_figure(raw)
    except FigureError:
        return True  # a copy we cannot read is no proof that nothing changed
    if current is None:
        return base_value is not None or bool((base_comment or "").strip())
    return base_value != current.value or (base_comment or "") != current.comment


def _changed_since_copy(indicator: Indicator, current: Current | None):
    shown = indicator.format_value(current.value) if current else "—"
    name = (current.changed_by if current else "") or "—"
    message = _("您的文件生成之后，%(who)s 已把这个数字改为 %(value)s；为免覆盖，未写入。") % {
        "who": name,
        "value": shown,
    }
    details = {"value": indicator.format_value(current.value) if current else None}
    if current is not None:
        details.update(
            comment=current.comment, changed_by=name, changed_at=current.updated_at.isoformat()
        )
    return Problem("stale", message), details
