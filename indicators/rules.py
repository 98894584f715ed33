"""Plausibility rules: figures that may be right but deserve a second look.

These are warnings, not errors: a figure that breaks a rule is still saved. A
warning is settled by a comment on the figure it points at, and only the ±30%
rule holds back submission while it lacks one (the county asks why a figure
jumped). For that rule the comment must be new: one kept from an earlier figure
(``DataValue.comment_outdated``) does not explain a new jump, so the warning stays
until the comment is changed, in the same save as the figure or later. The entry
form, the progress page, the rules page and the API all read this one registry.
"""

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# A year's change larger than this share of last year's figure needs a comment.
CHANGE_LIMIT = Decimal("0.30")


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
    code: str
    title: Promise
    explanation: Promise
    check: Callable[[Figures], list[tuple[str, str]]]  # → [(indicator code, message)]
    needs_comment_to_submit: bool = False
    indicators: tuple[str, ...] = ()  # the indicators the rule reads; () = every one
    # Only a comment written with the figure, or after it, settles the warning.
    needs_new_comment: bool = False


def _text(number: Decimal) -> str:
    """A figure without trailing zeros or exponent: 1234.5000 → 1234.5."""
    text = f"{number:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def check_change(figures: Figures) -> list[tuple[str, str]]:
    found = []
    for code, now in figures.current.items():
        before = figures.previous.get(code)
        # Without a figure last year, or from zero, there is no share to measure.
        if before is None or before == 0:
            continue
        change = (now - before) / before
        if abs(change) > CHANGE_LIMIT:
            percent = _text((change * 100).quantize(Decimal("0.1")))
            message = _(
                "比上年变化 %(percent)s%%（上年 %(before)s，今年 %(now)s），请在备注中说明原因。"
            )
            found.append(
                (
                    code,
                    message
                    % {
                        "percent": percent if change < 0 else f"+{percent}",
                        "before": _text(before),
                        "now": _text(now),
                    },
                )
            )
    return found


def _pair(
    low: str, high: str, message: Callable[[Decimal, Decimal], str]
) -> Callable[[Figures], list[tuple[str, str]]]:
    """A rule that warns on ``low`` when it exceeds ``high``; the message gets (low, high)."""

    def check(figures: Figures) -> list[tuple[str, str]]:
        first, second = figures.current.get(low), figures.current.get(high)
        if first is None or second is None or first <= second:
            return []
        return [(low, message(first, second))]

    return check


check_over_capacity = _pair(
    "raw_coal_output",
    "coal_design_capacity",
    lambda raw, capacity: (
        _("超能力生产：原煤产量 %(raw)s 万吨，超过煤矿设计产能 %(capacity)s 万吨／年。")
        % {"raw": _text(raw), "capacity": _text(capacity)}
    ),
)
check_washed_above_raw = _pair(
    "washed_coal_output",
    "raw_coal_output",
    lambda washed, raw: (
        _("洗精煤产量 %(washed)s 万吨高于原煤产量 %(raw)s 万吨。")
        % {"washed": _text(washed), "raw": _text(raw)}
    ),
)
check_disciplined_below_cases = _pair(
    "disciplinary_cases",
    "persons_disciplined",
    lambda cases, persons: (
        _("立案 %(cases)s 件，处分却只有 %(persons)s 人。")
        % {"cases": _text(cases), "persons": _text(persons)}
    ),
)
check_participants_below_sessions = _pair(
    "study_sessions",
    "study_participants",
    lambda sessions, people: (
        _("学习 %(sessions)s 场次，参学却只有 %(people)s 人次。")
        % {"sessions": _text(sessions), "people": _text(people)}
    ),
)


RULES: tuple[Rule, ...] = (
    Rule(
        code="change_over_30_percent",
        title=gettext_lazy("比上年变化超过 ±30%"),
        explanation=gettext_lazy(
            "一个数字比上年增加或减少超过 30% 时，需要在备注中说明原因，否则不能提交审核。"
            "修改了数字而没有修改备注时，原来的备注不算说明。上年没有数字或上年为 0 时不比较。"
        ),
        check=check_change,
        needs_comment_to_submit=True,
        needs_new_comment=True,
    ),
    Rule(
        code="over_capacity",
        title=gettext_lazy("超能力生产"),
        explanation=gettext_lazy(
            "原煤产量高于煤矿设计产能，即超能力生产。请核实；如属实，请在原煤产量的备注中说明。"
        ),
        check=check_over_capacity,
        indicators=("raw_coal_output", "coal_design_capacity"),
    ),
    Rule(
        code="washed_above_raw",
        title=gettext_lazy("洗精煤多于原煤"),
        explanation=gettext_lazy(
            "洗精煤由原煤洗选而来，产量一般不高于原煤产量。请核实；如属实（如外购原煤入洗），"
            "请在洗精煤产量的备注中说明。"
        ),
        check=check_washed_above_raw,
        indicators=("washed_coal_output", "raw_coal_output"),
    ),
    Rule(
        code="disciplined_below_cases",
        title=gettext_lazy("处分人数少于立案件数"),
        explanation=gettext_lazy(
            "每件立案的违纪案件至少处分一人，处分人数一般不少于立案件数。"
            "请核实；如属实（如案件尚未办结），请在立案件数的备注中说明。"
        ),
        check=check_disciplined_below_cases,
        indicators=("disciplinary_cases", "persons_disciplined"),
    ),
    Rule(
        code="participants_below_sessions",
        title=gettext_lazy("参学人次少于学习场次"),
        explanation=gettext_lazy(
            "每场学习至少有一人参加，参学人次一般不少于学习场次。请核实；如属实，请在学习场次的备注中说明。"
        ),
        check=check_participants_below_sessions,
        indicators=("study_sessions", "study_participants"),
    ),
)
RULES_BY_CODE = {rule.code: rule for rule in RULES}


def check_figures(
    current: Mapping[str, Decimal],
    previous: Mapping[str, Decimal] | None = None,
    comments: Mapping[str, str] | None = None,
    outdated: Collection[str] = (),
) -> list[Finding]:
    """Every warning for one town's figures (indicator code → Decimal) of a year.

    ``previous`` holds last year's figures and ``comments`` this year's comments;
    a missing figure is simply absent from the mapping, never 0. ``outdated`` names
    the figures that changed after their comment was written.
    """
    comments = comments or {}
    figures = Figures(current, previous or {}, comments, outdated)
    findings = []
    for rule in RULES:
        for indicator, message in rule.check(figures):
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
                    blocks_submit=rule.needs_comment_to_submit and not commented,
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


def report_findings(report) -> list[Finding]:
    """The warnings of a saved report, against its town's figures of the year before."""
    from .models import DataValue

    grouped = figures_by_report(
        DataValue.objects.for_rules(report.region, [report.year - 1, report.year])
    )
    current = grouped.get((report.region_id, report.year), NO_FIGURES)
    previous = grouped.get((report.region_id, report.year - 1), NO_FIGURES)
    return check_figures(current.values, previous.values, current.comments, current.outdated)
