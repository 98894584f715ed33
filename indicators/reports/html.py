"""The report as HTML pieces: each run with its class, hover text and link. Pure.

The page and the API's HTML render the same pieces with ``templates/report/_document.html``;
the page links each figure (to its history, or a missing one to the entry form), the
API's standalone document does not.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .document import FigureRun, PlaceRun, TextRun, WorkReport
from .phrases import MISSING

Href = Callable[[FigureRun], str]


@dataclass(frozen=True)
class Piece:
    kind: str  # "text", "lead", "blank", "place", "figure"
    text: str
    after: str = ""  # a figure's unit and phrases, outside its link
    href: str = ""
    classes: str = ""
    title: str = ""
    anchor: str = ""  # the id of a missing figure's first XX
    code: str = ""


def _figure_title(run: FigureRun) -> str:
    parts = [f"{run.name}（{run.unit}）"]
    if run.missing:
        parts.append(_("没有数字"))
    elif not run.approved:
        parts.append(_("未审核"))
    if run.partial:
        parts.append(
            _("仅 %(towns)s/%(total)s 镇填报") % {"towns": run.towns, "total": run.total_towns}
        )
    elif run.total_towns and not run.missing:
        parts.append(_("%(towns)s 个镇合计") % {"towns": run.towns})
    parts += [phrase for phrase in (run.year_on_year, run.target) if phrase]
    return " · ".join(parts)


def _figure(run: FigureRun, href: Href | None, seen: set[str]) -> Piece:
    classes = ["figure"]
    anchor = ""
    if run.missing:
        classes.append("missing")
        if run.code not in seen:
            anchor = f"fig-{run.code}"
            seen.add(run.code)
    else:
        if not run.approved:
            classes.append("unapproved")
        if run.partial:
            classes.append("partial")
    return Piece(
        kind="figure",
        text=run.number,
        after=f"{run.unit_text}{run.phrases}",
        href=href(run) if href else "",
        classes=" ".join(classes),
        title=_figure_title(run),
        anchor=anchor,
        code=run.code,
    )


def _piece(run, href: Href | None, seen: set[str], editor: bool) -> Piece:
    if isinstance(run, FigureRun):
        return _figure(run, href, seen)
    if isinstance(run, PlaceRun):
        if run.name is None:
            title = _("区划数据中没有“%(place)s”") % {"place": run.key} if editor else ""
            return Piece("place", MISSING, classes="xx place", title=title)
        return Piece("text", run.name)
    assert isinstance(run, TextRun)
    if run.style == "blank":
        if not editor:  # a note for whoever edits the templates, not for readers
            return Piece("text", run.text)
        return Piece("blank", run.text, classes="xx blank", title=_("模板中留空的文字，请修改模板"))
    return Piece(run.style or "text", run.text)


def page_parts(report: WorkReport, href: Href | None = None, *, editor: bool = False) -> list[dict]:
    """Each part's heading and paragraphs as pieces, in print order.

    ``href`` gives a figure's link; without it figures are marked but not linked.
    ``editor``: the reader may edit the town's figures or facts, and is shown the
    notes meant for editors.
    """
    seen: set[str] = set()
    return [
        {
            "part": part,
            "paragraphs": [
                [_piece(run, href, seen, editor) for run in paragraph.runs]
                for paragraph in part.paragraphs
            ],
        }
        for part in report.parts
    ]
