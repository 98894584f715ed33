"""Which year and which town a report is about, from its file name or its text."""

import re
from collections import Counter

from .numerals import chinese_value, fold

_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
_YEAR_IN_TEXT = re.compile(r"(?<!\d)((?:19|20)\d\d|[二][〇零][一二三四五六七八九〇零]{2})年")


def year_from_name(name: str) -> int | None:
    years = {int(found) for found in _YEAR.findall(fold(name))}
    return years.pop() if len(years) == 1 else None


def year_from_text(text: str) -> int | None:
    """The year the report most often names ("2021年", "二〇二一年"); None if none or a tie."""
    counts = Counter()
    for written in _YEAR_IN_TEXT.findall(fold(text)):
        counts[int(written) if written.isdigit() else int(chinese_value(written))] += 1
    ranked = counts.most_common(2)
    if not ranked or (len(ranked) == 2 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


def short_name(name: str) -> str:
    """A town's name without 镇 or 乡 (and a bracketed note): 茂兰镇（示范） → 茂兰."""
    name = re.sub(r"[（(].*?[)）]", "", name)
    return re.sub(r"(镇|乡|街道|街道办事处)$", "", name) or name


def town_from(name: str, text: str, towns) -> object | None:
    """The one town of ``towns`` the file name names, else the one the text names
    (clearly more often than any other); None when none or more than one fits."""
    named = [town for town in towns if town.name in name]
    if not named:
        named = [
            town
            for town in towns
            if len(short_name(town.name)) > 1 and short_name(town.name) in name
        ]
    if named:
        return named[0] if len(named) == 1 else None
    counts = sorted(
        ((text.count(town.name), town.pk) for town in towns if town.name in text), reverse=True
    )
    if not counts or (len(counts) > 1 and counts[0][0] <= 2 * counts[1][0]):
        return None
    return next(town for town in towns if town.pk == counts[0][1])
