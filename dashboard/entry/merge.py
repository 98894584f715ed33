"""Merging a save from a stale page, field by field (a three-way merge).

The base is what the page showed; "mine" is what the user typed; "theirs" is what
others saved since the page's version. A figure only one side changed takes that
side's value; a figure both changed differently is a conflict the user decides.
"""

from dataclasses import dataclass
from datetime import datetime

from django.http import QueryDict

from indicators.models import Indicator

from .forms import (
    EntryForm,
    comment_name,
    same_figure,
    shown_comment_name,
    shown_name,
    value_name,
)


@dataclass(frozen=True)
class FieldConflict:
    indicator: Indicator
    mine: str
    mine_comment: str
    theirs: str  # "" when they removed the figure
    theirs_comment: str
    who: str
    when: datetime


def field_conflicts(form: EntryForm, changed: list[dict]) -> list[FieldConflict]:
    """Figures this user touched that someone else changed since, to something else.

    ``changed`` is the ``stale`` conflict's list (:func:`indicators.figures.stale.changes_since`).
    """
    theirs = {change["indicator"]: change for change in changed}
    by_code = {indicator.code: indicator for indicator in form.indicators}
    conflicts = []
    for code in form.touched():
        other = theirs.get(code)
        if other is None:
            continue
        value, comment = form.typed(code)
        other_value = other["value"] or ""
        if same_figure(value, other_value) and comment == other["comment"]:
            continue
        conflicts.append(
            FieldConflict(
                by_code[code],
                value,
                comment,
                other_value,
                other["comment"],
                other["changed_by"],
                datetime.fromisoformat(other["changed_at"]),
            )
        )
    return conflicts


def merged_data(form: EntryForm, version: int, saved: dict) -> QueryDict:
    """The form again on the current version: untouched figures show what is saved now,
    touched ones keep what the user typed, and every base is the current figure."""
    data = form.data.copy()
    data["version"] = str(version)
    touched = set(form.touched())
    for indicator in form.indicators:
        code, value = indicator.code, saved.get(indicator.code)
        text = indicator.format_value(value.value) if value else ""
        comment = value.comment if value else ""
        data[shown_name(code)], data[shown_comment_name(code)] = text, comment
        if code not in touched:
            data[value_name(code)], data[comment_name(code)] = text, comment
    return data
