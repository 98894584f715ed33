"""What the entry page shows: one row per indicator, grouped by report section."""

from dataclasses import dataclass, field

from django.forms import BoundField

from indicators.figures import MAX_COMMENT
from indicators.figures.rules import Finding
from indicators.models import DataValue, Indicator, ReportTransition, Section, Status
from indicators.reads.entry import EntryData

from .forms import EntryForm, comment_name, is_filled, value_name
from .merge import FieldConflict


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
    conflict: FieldConflict | None = None  # both this user and someone else changed it

    @property
    def saved_by(self) -> str:
        return _name(self.saved.changed_by) if self.saved else ""

    @property
    def comment_left(self) -> int:
        """Characters the comment may still take (Python counts them as the service does)."""
        return max(MAX_COMMENT - len(self.comment.value() or ""), 0)


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


def entry_sections(
    data: EntryData, form: EntryForm, conflicts: list[FieldConflict] = ()
) -> list[SectionRows]:
    by_indicator: dict[str, list[Finding]] = {}
    for finding in data.findings:
        by_indicator.setdefault(finding.indicator, []).append(finding)
    conflict_of = {conflict.indicator.code: conflict for conflict in conflicts}
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
                filled=is_filled(value.value()),
                conflict=conflict_of.get(code),
            )
        )
    return list(sections.values())


def latest_reason(transitions: list[ReportTransition]) -> ReportTransition | None:
    """The county's last word on the report: its latest return or reopening, with the reason."""
    for step in reversed(transitions):
        if step.to_status == Status.RETURNED or (
            step.from_status == Status.APPROVED and step.to_status == Status.DRAFT
        ):
            return step
    return None


def _name(user) -> str:
    return (user.first_name or user.username) if user else "—"
