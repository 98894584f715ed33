"""Merging a save from a stale page, field by field (a three-way merge).

The base is what the page showed; "mine" is what the user typed; "theirs" is what
others saved since. The form sends only the figures the user touched, each with its
base (:meth:`~.forms.EntryForm.rows`), and the write service decides in one call: a
figure only others changed is not sent and keeps their value; a figure only this
user changed is written; a figure both changed differently is refused as ``stale``,
and nothing is written. This module turns those refusals into the page's
side-by-side list, and builds the form again on what is saved now.
"""

from dataclasses import dataclass
from datetime import datetime

from django.http import QueryDict

from indicators.figures import Conflict, FigureRow
from indicators.models import DataValue, Indicator

from .forms import EntryForm, comment_name, shown_comment_name, shown_name, value_name


@dataclass(frozen=True)
class FieldConflict:
    indicator: Indicator
    mine: str
    mine_comment: str
    theirs: str  # "" when they removed the figure
    theirs_comment: str
    who: str
    when: datetime | None


def field_conflicts(
    form: EntryForm,
    rows: list[FigureRow],
    stale: list[Conflict],
    removed: dict[str, tuple[str, datetime]],
) -> list[FieldConflict]:
    """The service's ``stale`` refusals of ``rows`` as the page shows them.

    A refusal's details hold the figure now, its comment, who changed it and when
    (:func:`indicators.figures.plan._changed_since_copy`); for a figure removed
    since, only that it is gone, and ``removed`` says who removed it and when.
    """
    by_code = {indicator.code: indicator for indicator in form.indicators}
    conflicts = []
    for conflict in stale:
        code = rows[conflict.index].indicator
        details = conflict.details or {}
        if "changed_by" in details:
            who, when = details["changed_by"], datetime.fromisoformat(details["changed_at"])
        else:
            who, when = removed.get(code, ("—", None))
        mine, mine_comment = form.typed(code)
        theirs, theirs_comment = details.get("value") or "", details.get("comment", "")
        conflicts.append(
            FieldConflict(by_code[code], mine, mine_comment, theirs, theirs_comment, who, when)
        )
    return conflicts


def merged_data(form: EntryForm, version: int, saved: dict[str, DataValue]) -> QueryDict:
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
