"""A figure the catalogue no longer asks for leaves the report with its clause.

Inside 〔〕 a template says what to print instead (``build._holds``); a figure
written outside 〔〕 of an indicator retired by the report's year, or meant for
another region, drops the words from the punctuation before it to the punctuation
after it, and the stronger of the two marks stays: "甲，乙【X】万元，丙。" without
乙 reads "甲，丙。", and "甲，乙【X】万元。" reads "甲。".
"""

from collections.abc import Callable

from .document import FigureRun, TextRun

# Clause marks from the weakest to the strongest.
MARKS = "、，,；;。"
_STRENGTH = {"、": 0, "，": 1, ",": 1, "；": 2, ";": 2, "。": 3}
LEAD = "lead"


def _is_text(run) -> bool:
    return isinstance(run, TextRun) and run.style == ""


def _last_mark(text: str) -> int:
    return max(text.rfind(mark) for mark in MARKS)


def _first_mark(text: str) -> int:
    found = [index for index in (text.find(mark) for mark in MARKS) if index >= 0]
    return min(found) if found else -1


def _cut_back(out: list) -> str:
    """Drop the clause's words before the figure; the mark that ended the clause before
    it, "" when the clause opened the paragraph (or followed its run-in heading)."""
    while out:
        run = out[-1]
        if isinstance(run, TextRun) and run.style == LEAD:
            return ""
        if _is_text(run) and _last_mark(run.text) >= 0:
            at = _last_mark(run.text)
            out[-1] = TextRun(run.text[: at + 1])
            return run.text[at]
        out.pop()
    return ""


def _close(out: list, before: str, after: str) -> None:
    """Join the clauses either side of the dropped one with the stronger of their marks."""
    if not before or _STRENGTH[before] >= _STRENGTH[after]:
        return
    last = out[-1]
    out[-1] = TextRun(last.text[:-1] + after)


def without_clauses(runs: list, gone: Callable[[FigureRun], bool]) -> list:
    """The paragraph's runs without the clause of each figure ``gone`` says goes."""
    if not any(isinstance(run, FigureRun) and gone(run) for run in runs):
        return runs
    out: list = []
    before: str | None = None  # while dropping: the mark before the dropped clause
    for run in runs:
        if isinstance(run, FigureRun) and gone(run):
            if before is None:
                before = _cut_back(out)
            continue
        if before is None:
            out.append(run)
            continue
        if not _is_text(run) or _first_mark(run.text) < 0:
            continue  # a word, a name or a figure of the dropped clause
        at = _first_mark(run.text)
        _close(out, before, run.text[at])
        rest = run.text[at + 1 :]
        if rest:
            out.append(TextRun(rest))
        before = None
    if before is not None:
        _close(out, before, "。")  # the paragraph ended inside the dropped clause
    return out
