"""Finding each indicator's figure in a report's text by the catalogue's sentence.

A candidate is a number followed by a unit ("120万吨", "三座", "1.2亿元", "50余个").
Each indicator's catalogue sentence gives the words on either side of its figure;
a candidate scores by how many of those words it has beside it, nearest first (a
weighted common subsequence, so small changes of wording cost little). Nothing is
guessed: an indicator takes a candidate only if it scores well, if no other
candidate with another value comes close, and if the figure converts exactly into
the indicator's unit within its bounds. Numbers in sentences that are no figure
(十九大, "1＋N", dates, phone numbers) have no unit or no matching words, and stay.
"""

import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from ...excel.reader import UploadError
from .numerals import CHINESE, NUMBER, fold, number_value, scale
from .units import base_unit, in_unit, unit_pattern

PLACEHOLDER = re.compile(r"[XＸxｘ]+")
SENTENCE_END = "。！？；\n"
CLAUSE = "，、,"
WINDOW = 30  # characters of context read on each side of a figure
SHOWN = 80  # characters of the sentence kept on each side of a figure
MAX_CANDIDATES = 1000  # a town's report has about a hundred numbers with units
FOUND = Decimal("0.5")  # the least score an indicator's figure must reach
MARGIN = Decimal("0.15")  # how far ahead of any other value it must be
MOVED = 0.75  # words found on the other side of the figure count for less
DECAY = 0.88  # a word's weight falls by this much per character away from the figure
ALL_UNITS = (
    "座",
    "万吨／年",
    "万吨",
    "万元",
    "个",
    "人",
    "元",
    "亩",
    "辆",
    "盏",
    "所",
    "户",
    "次",
    "年",
    "件",
    "场次",
    "人次",
)
_SKIP = re.compile(r"[^\w#]")  # punctuation and spaces carry no meaning here


@dataclass(frozen=True)
class Spec:
    """What the parser needs to know of an indicator (a catalogue row)."""

    code: str
    unit: str
    sentence: str
    decimals: int
    min: Decimal | None = None
    max: Decimal | None = None


@dataclass(frozen=True)
class Figure:
    indicator: str
    value: Decimal
    unit: str
    sentence: str  # the sentence it was read from, shortened around the figure
    start: int  # the figure (number to unit) in ``sentence``
    end: int
    score: Decimal


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    amount: Decimal  # in the base unit
    base: str


def _context(text: str) -> str:
    return _SKIP.sub("", text)


def _spec_contexts(spec: Spec) -> tuple[str, str] | None:
    """(words before, words after) the indicator's figure in its catalogue sentence:
    at the placeholder its unit follows ("XX余万元" for 万元); None if it has none."""
    sentence, unit = fold(spec.sentence), fold(spec.unit)
    own = re.compile(rf"(?:余|多)?{re.escape(unit)}")
    for match in PLACEHOLDER.finditer(sentence):
        tail = own.match(sentence, match.end())
        if tail:
            before = _numbers_masked(PLACEHOLDER.sub("#", sentence[: match.start()]))
            after = _numbers_masked(PLACEHOLDER.sub("#", sentence[tail.end() :]))
            return _context(before), _context(after)
    return None


def _numbers_masked(text: str) -> str:
    """Numbers with units as "#", as in a report's text ("2021年，" reads "#，")."""
    return _context(_masked(text, _candidates(text, ALL_UNITS)))


def _candidates(text: str, units) -> list[Candidate]:
    folded = fold(text)
    figure = re.compile(
        rf"(?<![第\d.{CHINESE}])(?:{NUMBER.pattern})\s*(?P<about1>余|多)?(?P<scale>万亿|万|亿)?"
        rf"(?P<about2>余|多)?\s*(?P<unit>{unit_pattern(units)})"
    )
    found = []
    for match in figure.finditer(folded):
        value = number_value(match["arabic"], match["chinese"])
        if value is None:
            continue
        amount = value * scale(match["scale"] or "")
        found.append(Candidate(match.start(), match.end(), amount, match["unit"]))
    return found


def _masked(text: str, candidates: list[Candidate]) -> str:
    """The text with every candidate's number as "#", same length (for context)."""
    chars = list(text)
    for candidate in candidates:
        for index in range(candidate.start, candidate.end):
            chars[index] = "\x00"
        chars[candidate.start] = "#"
    return "".join(chars)


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    low = max((text.rfind(char, 0, start) for char in SENTENCE_END), default=-1) + 1
    highs = [text.find(char, end) for char in SENTENCE_END]
    high = min((h + 1 for h in highs if h != -1), default=len(text))
    return low, high


def _weights(length: int) -> list[float]:
    return [DECAY**distance for distance in range(length)]


def _similarity(expected: str, seen: str) -> float:
    """Weighted common subsequence of ``expected`` and ``seen``, both read outwards from
    the figure; a pair of characters weighs by the farther of their two distances."""
    if not expected:
        return 0.0
    previous = [0.0] * (len(seen) + 1)
    for i, want in enumerate(expected):
        current = [0.0] * (len(seen) + 1)
        for j, have in enumerate(seen):
            best = max(previous[j + 1], current[j])
            if want == have:
                best = max(best, previous[j] + DECAY ** max(i, j))
            current[j + 1] = best
        previous = current
    return previous[-1]


def _score(contexts: tuple[str, str], before: str, after: str) -> Decimal:
    """How much of the catalogue's words stand beside a candidate, from 0 to 1: in
    their order on their side, or (worth a little less) moved to the other side
    ("带动就业500人" for "带动500人就业")."""
    want_before, want_after = contexts
    total = sum(_weights(len(want_before))) + sum(_weights(len(want_after)))
    if total == 0:
        return Decimal(0)
    ordered = _similarity(want_before[::-1], before[::-1]) + _similarity(want_after, after)
    moved = _bigrams(want_before[::-1], before[::-1], after) + _bigrams(
        want_after, after, before[::-1]
    )
    return Decimal(str(round(max(ordered, MOVED * moved) / total, 3)))


def _bigrams(expected: str, same_side: str, other_side: str) -> float:
    """Weight of ``expected``'s characters whose pair (with the next one outwards)
    appears on either side, weighed by the nearer of the distances."""
    found = 0.0
    for index in range(len(expected)):
        pair = (
            expected[index : index + 2]
            if index + 1 < len(expected)
            else expected[index - 1 : index + 1]
        )
        if len(pair) < 2:
            continue
        distances = [side.find(pair) for side in (same_side, other_side) if pair in side]
        distances += [
            side.find(pair[::-1]) for side in (same_side, other_side) if pair[::-1] in side
        ]
        if distances:
            found += DECAY ** max(index, min(distances))
    return found


def _fits(spec: Spec, value: Decimal) -> bool:
    if value != value.quantize(Decimal(1).scaleb(-spec.decimals)):
        return False  # would need rounding: not what the report says
    if spec.min is not None and value < spec.min:
        return False
    return spec.max is None or value <= spec.max


def figures_find(text: str, specs: list[Spec]) -> tuple[list[Figure], list[str]]:
    """The figures of ``specs`` that ``text`` states, and the codes it does not."""
    contexts = {spec.code: _spec_contexts(spec) for spec in specs}
    candidates = _candidates(text, [spec.unit for spec in specs if contexts[spec.code]])
    if len(candidates) > MAX_CANDIDATES:
        # Each candidate is scored against each indicator: bound the work a file can ask.
        raise UploadError(
            "too_many_numbers",
            _("文件中带单位的数字太多（%(n)s 个），不像一份年度工作报告，已拒绝。")
            % {"n": len(candidates)},
        )
    masked = _masked(fold(text), candidates)
    scored: list[tuple[Decimal, Spec, Candidate, Decimal]] = []
    for candidate in candidates:
        low, high = _sentence_bounds(masked, candidate.start, candidate.end)
        before = _context(masked[max(low, candidate.start - WINDOW) : candidate.start])
        after = _context(masked[candidate.end : min(high, candidate.end + WINDOW)])
        for spec in specs:
            if contexts[spec.code] is None or base_unit(spec.unit)[0] != candidate.base:
                continue
            value = in_unit(candidate.amount, spec.unit)
            if not _fits(spec, value):
                continue
            score = _score(contexts[spec.code], before, after)
            if score >= FOUND:
                scored.append((score, spec, candidate, value))
    return _assign(text, specs, scored)


def _assign(text, specs, scored) -> tuple[list[Figure], list[str]]:
    """Best pairs first; a pair is taken only if nothing with another value is close."""
    scored.sort(key=lambda pair: (-pair[0], pair[2].start))
    taken_specs: set[str] = set()
    taken_candidates: set[int] = set()
    figures = []
    for score, spec, candidate, value in scored:
        if spec.code in taken_specs or candidate.start in taken_candidates:
            continue
        rivals = [
            other
            for other in scored
            if other[0] > score - MARGIN
            and (other[1].code == spec.code) != (other[2].start == candidate.start)
            and other[1].code not in taken_specs
            and other[2].start not in taken_candidates
            and not (other[1].code == spec.code and other[3] == value)
        ]
        taken_specs.add(spec.code)  # decided: found, or too close to call
        if rivals:
            continue
        taken_candidates.add(candidate.start)
        figures.append((candidate.start, _figure(text, spec, candidate, value, score)))
    figures = [figure for _start, figure in sorted(figures, key=lambda pair: pair[0])]
    found = {figure.indicator for figure in figures}
    return figures, [spec.code for spec in specs if spec.code not in found]


def _figure(text: str, spec: Spec, candidate: Candidate, value: Decimal, score) -> Figure:
    low, high = _sentence_bounds(text, candidate.start, candidate.end)
    if low < candidate.start - SHOWN:  # a long sentence: shown from a clause's start
        cut = candidate.start - SHOWN
        comma = min(
            (at for at in (text.find(c, cut, candidate.start) for c in CLAUSE) if at != -1),
            default=cut - 1,
        )
        low = comma + 1
    if high > candidate.end + SHOWN:
        cut = candidate.end + SHOWN
        comma = max((text.rfind(c, candidate.end, cut) for c in CLAUSE), default=-1)
        high = comma + 1 if comma != -1 else cut
    sentence = text[low:high].strip().lstrip(CLAUSE)
    offset = text.index(sentence, low)
    places = Decimal(1).scaleb(-spec.decimals)
    return Figure(
        indicator=spec.code,
        value=value.quantize(places),
        unit=spec.unit,
        sentence=sentence,
        start=candidate.start - offset,
        end=candidate.end - offset,
        score=score,
    )
