"""Text on charts that must fit: names shortened, titles wrapped, labels in a column.

Plotly places labels but never shortens or wraps them: a 15-character town name
widens the margin until the bars are a strip, and a long title runs off a phone.
Widths here are estimates in em, which is all Python can know before a browser
draws: a CJK character is a square (1 em), a digit or Latin letter about 0.6 em.
The browser tests (tests/browser/test_long_names.py) measure the real boxes.
"""

ELLIPSIS = "…"
# Names are shortened to this many em on a chart, with the full name in the hover
# and in the table below: 9 CJK characters keep every usual town name whole
# ("某某满族乡", "某某街道办事处") and leave the bars most of a 600 px chart.
NAME_EM = 9
# On a phone (static/js/dashboard.js applies layout.meta.narrow below 560 px).
NARROW_NAME_EM = 7
# A title's and a subtitle's most em on a phone's chart (about 330 px).
NARROW_TITLE_EM, NARROW_SUBTITLE_EM = 15, 22


def _em(char: str) -> float:
    # CJK, full-width forms and the ellipsis are square; the rest about 0.6 em.
    return 1.0 if ord(char) > 0x2E7F or char == ELLIPSIS else 0.6


def width_em(text: str) -> float:
    return sum(_em(char) for char in text)


def width_px(text: str, size: float) -> int:
    """Pixels ``text`` needs at a font of ``size`` px, rounded up."""
    return int(width_em(text) * size + 0.999)


def shortened(name: str, em: float = NAME_EM) -> str:
    """``name`` if it fits in ``em``; else its start and an ellipsis, within ``em``."""
    if width_em(name) <= em:
        return name
    kept, used = [], _em(ELLIPSIS)
    for char in name:
        if used + _em(char) > em:
            break
        kept.append(char)
        used += _em(char)
    return "".join(kept).rstrip(" ·") + ELLIPSIS


def shortened_apart(names: list[str], em: float = NAME_EM) -> list[str]:
    """Each name :func:`shortened`; names that would then read the same (English ones
    often share a start: "Scale Prefecture 1 (fictional)", "… 2 (fictional)") keep what
    tells them apart instead: an ellipsis, then the rest after their shared words."""
    short = [shortened(name, em) for name in names]
    alike: dict[str, list[int]] = {}
    for index, text in enumerate(short):
        alike.setdefault(text, []).append(index)
    for indices in alike.values():
        if len(indices) < 2 or not short[indices[0]].endswith(ELLIPSIS):
            continue
        first, *others = [names[i] for i in indices]
        shared = next(
            (n for n, chars in enumerate(zip(first, *others, strict=False)) if len(set(chars)) > 1),
            min(len(first), *map(len, others)),
        )
        cut = first.rfind(" ", 0, shared) + 1 or shared
        for i in indices:
            short[i] = shortened(ELLIPSIS + names[i][cut:].lstrip(), em)
    return short


def wrapped(text: str, em: float) -> list[str]:
    """``text`` in lines of at most ``em``, broken at its spaces ("2025年 各镇…",
    "演示县 · 2025年"); a word longer than a line stays whole on its own line."""
    lines: list[str] = []
    for word in text.split(" "):
        if lines and width_em(lines[-1] + " " + word) <= em:
            lines[-1] += " " + word
        elif lines and word == "·":
            lines[-1] += " ·"  # a separator ends its line, never starts one
        else:
            lines.append(word)
    return lines


def label_column(
    names: list[str], texts: list[str], quiet: list[bool], *, size: int, ink: str, muted: str
) -> tuple[list[dict], int]:
    """Each row's label in a column right of the plot, and the margin it needs.

    A label beside its bar's end lands on the target mark drawn there ("69" read as
    "|9"), and past the plot's edge it is cut ("294."). In the right margin, sized
    to the widest label, it can meet neither a bar, a mark, nor another label.
    A quiet label (未填报) is muted; the 大屏 recolours both by their names.
    """
    notes = [
        row_note(
            text,
            name,
            shift=8,
            font={"size": size, "color": muted if calm else ink},
            kind="label-quiet" if calm else "label",
        )
        for name, text, calm in zip(names, texts, quiet, strict=True)
        if text
    ]
    widest = max((width_px(note["text"], size) for note in notes), default=0)
    return notes, (widest + 20 if notes else 0)


def row_note(text: str, row: str, *, shift: int, font: dict, kind: str = "") -> dict:
    """``text`` right of the plot on the row of category ``row``; ``kind`` names it
    for a page's script to find (the 大屏 recolours labels by their names)."""
    return {
        "text": text,
        **({"name": kind} if kind else {}),
        "x": 1.0,
        "xref": "paper",
        "xanchor": "left",
        "xshift": shift,
        "y": row,
        "yref": "y",
        "showarrow": False,
        "font": font,
    }
