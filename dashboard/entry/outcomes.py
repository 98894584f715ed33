"""What a save of the entry form says back, from the service's answer alone.

The services decide (rights, locks, the figure, staleness); the codes of their
refusals become the page's status and messages here. The page's data is read once,
after the outcome is known, and only when a page is shown again.
"""

from django.contrib import messages
from django.http import HttpResponse
from django.utils.translation import gettext as _

from indicators.figures import Conflict, FigureRow, ImportSummary
from indicators.models import Indicator, Report
from indicators.reads import entry
from indicators.workflow.transitions import TransitionRefused

from .forms import EntryForm, comment_name, value_name
from .merge import field_conflicts, merged_data
from .page import render_entry

# Refusals of the whole page (the service's and the workflow's codes) and their status.
REFUSAL_STATUS = {
    "forbidden": 403,
    "locked": 409,
    "submitted": 409,
    "wrong_status": 409,
    "stale": 409,
    "region_not_in_year": 409,
}
# A figure's ``stale`` refusal is not the page's: it is one field of a merge.
FIELD_MERGE = "stale"
# Conflicts about the comment rather than the figure are shown next to the comment.
COMMENT_CODES = {"comment_without_value"}


def refused_page(request, report: Report, form: EntryForm, refused: TransitionRefused):
    """A refused submission: the page as it stands now, with what was typed."""
    report = entry.report_now(report)
    data = entry.entry_figures(report, form.indicators)
    status = REFUSAL_STATUS.get(refused.code, 400)
    return render_entry(request, report, data, form, status=status, refusal=refused)


def conflicts_page(
    request, report: Report, form: EntryForm, rows: list[FigureRow], summary: ImportSummary
) -> HttpResponse:
    """Nothing was saved: say why, next to each field, and keep everything typed.

    When others changed figures this user changed too, the form comes back on the
    current version with the other figures merged, and each such figure shows both
    values for the user to pick.
    """
    report = entry.report_now(report)
    data = entry.entry_figures(report, form.indicators)
    refusal = next(
        (c for c in summary.conflicts if c.code in REFUSAL_STATUS and c.code != FIELD_MERGE), None
    )
    if refusal is not None:
        status = REFUSAL_STATUS[refusal.code]
        return render_entry(request, report, data, form, status=status, refusal=refusal)
    stale = summary.conflicts_with(FIELD_MERGE)
    conflicts = []
    if stale:
        gone = {rows[c.index].indicator for c in stale if "changed_by" not in (c.details or {})}
        conflicts = field_conflicts(form, rows, stale, entry.removals(report, gone))
        form = EntryForm(merged_data(form, report.version, data.saved), indicators=form.indicators)
        form.is_valid()
    wrong = [conflict for conflict in summary.conflicts if conflict.code != FIELD_MERGE]
    _mark_fields(form, rows, wrong)
    if wrong:
        messages.error(
            request,
            _("有 %(n)s 处填写有误，已在对应位置标出，全部内容都没有保存。") % {"n": len(wrong)},
        )
    status = 409 if stale else 400
    return render_entry(request, report, data, form, status=status, conflicts=conflicts)


def _mark_fields(form: EntryForm, rows: list[FigureRow], conflicts: list[Conflict]) -> None:
    for conflict in conflicts:
        code = rows[conflict.index].indicator
        on_comment = conflict.code in COMMENT_CODES or "comment" in (conflict.details or {})
        form.add_error(comment_name(code) if on_comment else value_name(code), conflict.message)


def tell_saved(
    request,
    summary: ImportSummary,
    merged: list[dict],
    indicators: list[Indicator],
    *,
    submitted: bool,
) -> None:
    """What the save did; ``merged`` the figures others changed meanwhile, kept."""
    if submitted:
        messages.success(request, _("已保存并提交审核。"))
    elif summary.changed:
        messages.success(
            request,
            _("已保存：新增 %(created)s 项，修改 %(updated)s 项，清空 %(deleted)s 项。")
            % {"created": summary.created, "updated": summary.updated, "deleted": summary.deleted},
        )
    else:
        messages.info(request, _("没有改动，无需保存。"))
    if merged:
        names = {indicator.code: indicator.display_name for indicator in indicators}
        messages.info(
            request,
            _(
                "在您打开页面之后，%(who)s 修改了 %(n)s 项（%(names)s）；"
                "这些修改已保留，与您的修改合并。"
            )
            % {
                "who": "、".join(sorted({change["changed_by"] for change in merged})),
                "n": len(merged),
                "names": "、".join(names.get(c["indicator"], c["indicator"]) for c in merged),
            },
        )
