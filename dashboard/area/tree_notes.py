"""Where the division tree changed within a page's years, in words and as chart markers:
"2026 年：甲镇、乙镇合并为丙镇" under a trend chart, and a dotted line at 2026 on it.

The changes come with the page's one read (``DashboardData.changes``); this module
only words them. Charts get plain :class:`dashboard.charts.Marker` data.
"""

from django.utils.translation import gettext as _

from indicators.divisions import TreeChange
from indicators.models import ChangeKind

from ..charts import Marker


def _names(names: tuple[str, ...]) -> str:
    return _("、").join(names)


def change_sentence(change: TreeChange) -> str:
    """One change as a sentence of the page, e.g. "2026 年：甲镇、乙镇合并为丙镇"."""
    words = {"sources": _names(change.sources), "targets": _names(change.targets)}
    if change.kind == ChangeKind.MERGE:
        what = _("%(sources)s合并为%(targets)s") % words
    elif change.kind == ChangeKind.SPLIT:
        what = _("%(sources)s拆分为%(targets)s") % words
    elif change.kind == ChangeKind.MOVE:
        what = _("%(sources)s划转为%(targets)s") % words
    elif change.kind == ChangeKind.CREATE:
        what = _("新设%(targets)s") % words
    elif change.kind == ChangeKind.RETIRE:
        what = _("撤销%(sources)s") % words
    else:
        what = _("%(sources)s更名为%(targets)s") % words
    return _("%(year)s 年：%(what)s") % {"year": change.year, "what": what}


MARKER_WORDS = {
    ChangeKind.MERGE: lambda: _("合并"),
    ChangeKind.SPLIT: lambda: _("拆分"),
    ChangeKind.MOVE: lambda: _("划转"),
    ChangeKind.CREATE: lambda: _("新设"),
    ChangeKind.RETIRE: lambda: _("撤销"),
}


def change_notes(changes: list[TreeChange], first_year: int, last_year: int) -> list[str]:
    """The sentences of the changes within ``first_year``..``last_year``."""
    return [change_sentence(c) for c in changes if first_year <= c.year <= last_year]


def change_markers(changes: list[TreeChange]) -> list[Marker]:
    """One marker per year with changes, its label the kinds of that year's changes."""
    by_year: dict[int, list[TreeChange]] = {}
    for change in changes:
        by_year.setdefault(change.year, []).append(change)
    markers = []
    for year, found in sorted(by_year.items()):
        kinds = dict.fromkeys(MARKER_WORDS.get(c.kind, lambda: "")() for c in found)
        markers.append(
            Marker(
                year=year,
                label=_("%(year)s年%(kinds)s") % {"year": year, "kinds": _("、").join(kinds)},
                hover="<br>".join(change_sentence(c) for c in found),
            )
        )
    return markers
