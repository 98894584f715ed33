"""Plausibility rules: figures that may be right but deserve a second look.

The rules are data: the administrator declares them in the catalogue
(:class:`~indicators.models.CatalogueRule`, ``[[rules]]`` in catalogue.toml), and
this engine reads them afresh on every call, so that an edited rule shows on the
next page load. Two kinds exist:

- ``not_above``: one indicator's figure should not exceed another's
  (原煤产量 ≤ 煤矿设计产能);
- ``change_limit``: a change from last year larger than a share needs a comment.
  A rule without an indicator applies to every indicator; an indicator's own
  change rules take its place for that indicator (a wider or narrower limit).
  No change is measured without a figure last year, or from zero.

One check is built in: a stored figure outside its indicator's bounds (possible
once the administrator narrows them; figures are never changed for it) is flagged
for review. See :data:`OUTSIDE_BOUNDS`.

These are warnings, not errors: a figure that breaks a rule is still saved. A
warning is settled by a comment on the figure it points at; a rule that
``blocks_submit`` holds back submission while it lacks one. For a change rule the
comment must be new: one kept from an earlier figure (``DataValue.comment_outdated``)
does not explain a new jump, so the warning stays until the comment is changed, in
the same save as the figure or later. The entry form, the progress page, the rules
page and the API all read this one engine.
"""

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import NamedTuple

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from indicators.models import CatalogueRule, DataValue, Indicator, RuleKind
from indicators.support.decimals import plain

# The code of the built-in check of a figure against its indicator's bounds; no
# catalogue rule may take it.
OUTSIDE_BOUNDS = "outside_bounds"
# Whether a figure outside its bounds holds back submission until it is commented:
# the county asks the town to confirm it, as it does for a big change.
OUTSIDE_BOUNDS_BLOCKS_SUBMIT = True


@dataclass(frozen=True)
class Figures:
    """What a rule looks at: one town's figures for a year and the year before."""

    current: Mapping[str, Decimal]
    previous: Mapping[str, Decimal]
    comments: Mapping[str, str]
    outdated: Collection[str] = ()  # indicators whose comment predates the figure


@dataclass(frozen=True)
class Finding:
    """One warning: a rule's code, the indicator it points at, and what is odd."""

    rule: str
    indicator: str
    message: str
    commented: bool  # the figure carries a comment that settles the warning
    blocks_submit: bool  # submitting is refused until the figure has a comment

    @property
    def is_open(self) -> bool:
        return not self.commented


@dataclass(frozen=True)
class Rule:
    """A rule as the engine and the rules page read it, in the active language."""

    code: str
    kind: str  # a RuleKind, or OUTSIDE_BOUNDS
    title: str
    explanation: str
    blocks_submit: bool = False
    indicator: str | None = None  # not_above: the figure that should be the lower
    other: str | None = None  # not_above: the figure it should not exceed
    limit: Decimal | None = None  # change_limit: the largest change, as a share (0.30)
    condition: str = ""  # what the rule checks, in words, for the rules page
    # not_above: the names and units of both indicators, as messages give them
    labels: tuple[tuple[str, str], ...] = ()

    @property
    def indicators(self) -> tuple[str, ...]:
        """The indicators the rule reads; () = every one."""
        return tuple(code for code in (self.indicator, self.other) if code)

    @property
    def needs_new_comment(self) -> bool:
        """Only a comment written with the figure, or after it, settles the warning."""
        return self.kind == RuleKind.CHANGE_LIMIT


def outside_bounds_rule() -> Rule:
    return Rule(
        code=OUTSIDE_BOUNDS,
        kind=OUTSIDE_BOUNDS,
        title=_("超出合理范围"),
        explanation=_(
            "指标的合理范围收窄后，以前填报的数字可能落在新范围之外。这些数字不会被修改或删除，"
            "但需要核实：请在该数字的备注中说明，否则不能提交审核。"
        ),
        blocks_submit=OUTSIDE_BOUNDS_BLOCKS_SUBMIT,
        condition=_("每个指标：数字在合理范围之内"),
    )


def _condition(row: CatalogueRule) -> str:
    if row.kind == RuleKind.NOT_ABOVE:
        return _("%(name)s 不应高于 %(other)s") % {
            "name": row.indicator.display_name,
            "other": row.other.display_name,
        }
    return _("比上年变化超过 ±%(limit)s%% 需在备注中说明：%(which)s") % {
        "limit": plain(row.limit_percent),
        "which": row.indicator.display_name if row.indicator else _("其他全部指标"),
    }


def _rule(row: CatalogueRule) -> Rule:
    english = (get_language() or "").startswith("en")
    explanation = row.explanation_en if english and row.explanation_en else row.explanation
    limit = row.limit_percent / 100 if row.limit_percent is not None else None
    return Rule(
        code=row.code,
        kind=row.kind,
        title=row.display_title,
        explanation=explanation,
        blocks_submit=row.blocks_submit,
        indicator=row.indicator_id,
        other=row.other_id if row.kind == RuleKind.NOT_ABOVE else None,
        limit=limit if row.kind == RuleKind.CHANGE_LIMIT else None,
        condition=_condition(row),
        labels=tuple(
            (indicator.display_name, indicator.display_unit)
            for indicator in (row.indicator, row.other)
            if indicator is not None and row.kind == RuleKind.NOT_ABOVE
        ),
    )


@dataclass(frozen=True)
class RuleSet:
    """The rules of one call, with the indicators whose bounds are checked."""

    rules: tuple[Rule, ...]
    indicators: Mapping[str, Indicator]

    def reads(self, code: str) -> tuple[str, ...]:
        """The indicators a rule reads; () = every one (or the figure it points at)."""
        return self._reads.get(code, ())

    @cached_property
    def _reads(self) -> dict[str, tuple[str, ...]]:
        found: dict[str, tuple[str, ...]] = {}
        for rule in self.rules:
            found.setdefault(rule.code, rule.indicators)  # the first rule of a code, as before
        return found


def load_rules(indicators: Iterable[Indicator] | None = None) -> RuleSet:
    """The catalogue's rules as they stand now, and the built-in bounds check.

    One query for the rules, and one for the indicators unless the caller has read
    them already: a figure is checked against the bounds of the ``indicators``
    given. Call it once per request (or per batch of towns) and pass the result to
    :func:`check_figures`: never keep it across requests.
    """
    if indicators is None:
        indicators = Indicator.objects.order_by()
    return RuleSet(listed_rules(), {i.code: i for i in indicators})


def listed_rules() -> tuple[Rule, ...]:
    """Every rule in the catalogue's order, then the built-in bounds check: one query."""
    rows = CatalogueRule.objects.select_related("indicator", "other")
    return (*(_rule(row) for row in rows), outside_bounds_rule())


_TENTH = Decimal("0.1")


def _change_message(template: str, change: Decimal, before: Decimal, now: Decimal) -> str:
    """``template`` is :func:`_change_template`, translated once per check rather than
    once per finding (a new year of 10,000 figures can hold thousands of findings)."""
    percent = plain((change * 100).quantize(_TENTH))
    return template % {
        "percent": percent if change < 0 else f"+{percent}",
        "before": plain(before),
        "now": plain(now),
    }


def _change_template() -> str:
    return _("比上年变化 %(percent)s%%（上年 %(before)s，今年 %(now)s），请在备注中说明原因。")


def _check_changes(rules: list[Rule], figures: Figures) -> list[tuple[Rule, str, str]]:
    """Each change rule on its indicators: an indicator's own rules replace the general ones."""
    general = [rule for rule in rules if rule.indicator is None]
    own: dict[str, list[Rule]] = {}
    for rule in rules:
        if rule.indicator is not None:
            own.setdefault(rule.indicator, []).append(rule)
    found = []
    template = None
    previous = figures.previous
    for code, now in figures.current.items():
        before = previous.get(code)
        # Without a figure last year, or from zero, there is no share to measure.
        if before is None or before == 0:
            continue
        change = (now - before) / before
        for rule in own.get(code, general):
            if abs(change) > rule.limit:
                template = template or _change_template()
                found.append((rule, code, _change_message(template, change, before, now)))
    return found


def _check_not_above(rule: Rule, figures: Figures) -> list[tuple[Rule, str, str]]:
    first, second = figures.current.get(rule.indicator), figures.current.get(rule.other)
    if first is None or second is None or first <= second:
        return []
    (name, unit), (other, other_unit) = rule.labels
    message = _("%(title)s：%(name)s %(value)s %(unit)s，高于%(other)s %(limit)s %(other_unit)s。")
    return [
        (
            rule,
            rule.indicator,
            message
            % {
                "title": rule.title,
                "name": name,
                "value": plain(first),
                "unit": unit,
                "other": other,
                "limit": plain(second),
                "other_unit": other_unit,
            },
        )
    ]


def _check_bounds(rule: Rule, figures: Figures, indicators) -> list[tuple[Rule, str, str]]:
    found = []
    message = None
    for code, value in figures.current.items():
        indicator = indicators.get(code)
        if indicator is None or indicator.min_value <= value <= indicator.max_value:
            continue
        message = message or _(
            "%(value)s 超出合理范围 %(low)s～%(high)s %(unit)s，请核实；如属实，请在备注中说明。"
        )
        found.append(
            (
                rule,
                code,
                message
                % {
                    "value": plain(value),
                    "low": indicator.format_value(indicator.min_value),
                    "high": indicator.format_value(indicator.max_value),
                    "unit": indicator.display_unit,
                },
            )
        )
    return found


def check_figures(
    current: Mapping[str, Decimal],
    previous: Mapping[str, Decimal] | None = None,
    comments: Mapping[str, str] | None = None,
    outdated: Collection[str] = (),
    *,
    rules: RuleSet | None = None,
) -> list[Finding]:
    """Every warning for one town's figures (indicator code → Decimal) of a year.

    ``previous`` holds last year's figures and ``comments`` this year's comments;
    a missing figure is simply absent from the mapping, never 0. ``outdated`` names
    the figures that changed after their comment was written. ``rules`` comes from
    :func:`load_rules`; without it they are read now (two queries).
    """
    if rules is None:
        rules = load_rules()
    comments = comments or {}
    figures = Figures(current, previous or {}, comments, outdated)
    found = _check_changes(
        [rule for rule in rules.rules if rule.kind == RuleKind.CHANGE_LIMIT], figures
    )
    for rule in rules.rules:
        if rule.kind == RuleKind.NOT_ABOVE:
            found += _check_not_above(rule, figures)
        elif rule.kind == OUTSIDE_BOUNDS:
            found += _check_bounds(rule, figures, rules.indicators)
    findings = []
    for rule, indicator, message in found:
        commented = bool((comments.get(indicator) or "").strip())
        if commented and rule.needs_new_comment and indicator in outdated:
            commented = False
            message += _("现有备注是为修改前的数字写的，请修改备注，说明这次变化。")
        findings.append(
            Finding(
                rule=rule.code,
                indicator=indicator,
                message=message,
                commented=commented,
                blocks_submit=rule.blocks_submit and not commented,
            )
        )
    return findings


class ReportFigures(NamedTuple):
    """One town-year as the rules read it: figures, comments, and the figures whose
    comment predates them."""

    values: dict[str, Decimal]
    comments: dict[str, str]
    outdated: set[str]


NO_FIGURES = ReportFigures({}, {}, set())


def figures_by_report(rows) -> dict[tuple[str, int], ReportFigures]:
    """Group :meth:`DataValueQuerySet.for_rules` rows by (town, year)."""
    grouped: dict[tuple[str, int], ReportFigures] = {}
    for region_id, year, indicator_id, value, comment, outdated in rows:
        found = grouped.get((region_id, year))
        if found is None:
            found = grouped[(region_id, year)] = ReportFigures({}, {}, set())
        found.values[indicator_id] = value
        if comment:
            found.comments[indicator_id] = comment
            if outdated:
                found.outdated.add(indicator_id)
    return grouped


def report_findings(report, rules: RuleSet | None = None) -> list[Finding]:
    """The warnings of a saved report, against its town's figures of the year before."""
    grouped = figures_by_report(
        DataValue.objects.for_rules(report.region, [report.year - 1, report.year])
    )
    current = grouped.get((report.region_id, report.year), NO_FIGURES)
    previous = grouped.get((report.region_id, report.year - 1), NO_FIGURES)
    return check_figures(
        current.values, previous.values, current.comments, current.outdated, rules=rules
    )
