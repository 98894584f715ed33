"""What the entry page shows: one row per indicator, grouped by report section."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.forms import BoundField

from indicators.models import DataValue, Indicator, Report, ReportTransition, Section, Target
from indicators.rules import Finding, check_figures
from indicators.validation import parse_figure

from .forms import EntryForm, comment_name, value_name


@dataclass
class EntryData:
    """Everything read from the database for one town-year: a fixed number of queries."""

    indicators: list[Indicator]
    saved: dict[str, DataValue]
    previous: dict[str, Decimal]
    targets: dict[str, Decimal]
    transitions: list[ReportTransition]
    findings: list[Finding]


def load_entry(report: Report) -> EntryData:
    indicators = list(Indicator.objects.in_report_order())
    saved = (
        {v.indicator_id: v for v in report.values.select_related("changed_by")} if report.pk else {}
    )
    previous = dict(
        DataValue.objects.filter(report__region=report.region, report__year=report.year - 1)
        .values_list("indicator_id", "value")
        .order_by()
    )
    targets = dict(
        Target.objects.filter(region=report.region, year=report.year)
        .values_list("indicator_id", "value")
        .order_by()
    )
    transitions = list(report.transitions.select_related("user")) if report.pk else []
    findings = check_figures(
        {code: value.value for code, value in saved.items()},
        previous,
        {code: value.comment for code, value in saved.items()},
    )
    return EntryData(indicators, saved, previous, targets, transitions, findings)


@dataclass
class Row:
    indicator: Indicator
    value: BoundField
    comment: BoundField
    saved: DataValue | None
    previous: str
    target: str
    findings: list[Finding]
    filled: bool
    changed_elsewhere: str | None = None  # the current value when someone saved meanwhile

    @property
    def saved_by(self) -> str:
        return _name(self.saved.changed_by) if self.saved else ""


@dataclass
class SectionRows:
    section: Section
    rows: list[Row] = field(default_factory=list)

    @property
    def filled(self) -> int:
        return sum(row.filled for row in self.rows)

    @property
    def total(self) -> int:
        return len(self.rows)


def _is_filled(text: str | None) -> bool:
    try:
        return parse_figure(text or "") is not None
    except ValueError:
        return True  # something is typed, if not yet a figure


def entry_sections(
    data: EntryData, form: EntryForm, changed_elsewhere: dict[str, str] | None = None
) -> list[SectionRows]:
    by_indicator: dict[str, list[Finding]] = {}
    for finding in data.findings:
        by_indicator.setdefault(finding.indicator, []).append(finding)
    changed_elsewhere = changed_elsewhere or {}
    sections: dict[str, SectionRows] = {}
    for indicator in data.indicators:
        code = indicator.code
        value = form[value_name(code)]
        previous = data.previous.get(code)
        target = data.targets.get(code)
        group = sections.setdefault(indicator.section_id, SectionRows(indicator.section))
        group.rows.append(
            Row(
                indicator=indicator,
                value=value,
                comment=form[comment_name(code)],
                saved=data.saved.get(code),
                previous=indicator.format_value(previous),
                target=indicator.format_value(target),
                findings=by_indicator.get(code, []),
                filled=_is_filled(value.value()),
                changed_elsewhere=changed_elsewhere.get(code),
            )
        )
    return list(sections.values())


@dataclass(frozen=True)
class StaleChange:
    """A figure someone else changed since the page was loaded."""

    indicator: Indicator
    shown: str
    current: str
    who: str
    when: object  # datetime


def _name(user) -> str:
    return (user.first_name or user.username) if user else "—"


def stale_changes(
    report: Report, indicators: list[Indicator], shown: dict[str, str], current: list[DataValue]
) -> list[StaleChange]:
    """What differs between the page as it was shown and the figures saved now."""
    by_code = {indicator.code: indicator for indicator in indicators}
    now = {value.indicator_id: value for value in current}
    changes = []
    for code, value in now.items():
        indicator = by_code[code]
        text = indicator.format_value(value.value)
        if shown.get(code, "") != text:
            changes.append(
                StaleChange(
                    indicator, shown.get(code, ""), text, _name(value.changed_by), value.updated_at
                )
            )
    removed = [code for code, text in shown.items() if text and code not in now]
    if removed:
        deletions = (
            DataValue.history.filter(
                report_id=report.pk, indicator_id__in=removed, history_type="-"
            )
            .select_related("history_user")
            .order_by("history_date")
        )
        last = {record.indicator_id: record for record in deletions}
        for code in removed:
            record = last.get(code)
            changes.append(
                StaleChange(
                    by_code[code],
                    shown[code],
                    "",
                    _name(record.history_user) if record else "—",
                    record.history_date if record else None,
                )
            )
    order = {indicator.code: position for position, indicator in enumerate(indicators)}
    return sorted(changes, key=lambda change: order[change.indicator.code])
