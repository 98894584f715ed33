"""The scoring engine: a scheme and the towns' approved figures in, a ranked result out.

Pure: no database, no clock. ``Inputs`` holds everything (``inputs.scoring_inputs``
reads it in a fixed number of queries), so that the page, the what-if mode, the
export and the frozen published result all come from this one function.
"""

from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from .methods import METHOD_FUNCTIONS, Facts, Missing, Score, plain
from .spec import Item, Scheme

WEIGHT_PLACES = Decimal("0.0001")


@dataclass(frozen=True)
class Town:
    code: str
    name: str


@dataclass(frozen=True)
class Figure:
    value: Decimal
    approved: bool


@dataclass
class Inputs:
    year: int
    towns: list[Town]
    # (indicator, town, year) -> figure, approved or not: unapproved ones are shown, not scored
    figures: dict[tuple[str, str, int], Figure] = field(default_factory=dict)
    # (indicator, town) -> the town's target for the year
    targets: dict[tuple[str, str], Decimal] = field(default_factory=dict)
    # indicator code -> the catalogue's Indicator (name, unit, higher_is_better)
    indicators: dict = field(default_factory=dict)


@dataclass
class ItemResult:
    part: str
    item: Item
    score: Score

    @property
    def points(self) -> Decimal:
        return self.score.points


@dataclass
class TownResult:
    town: Town
    items: list[ItemResult]
    total: Decimal
    parts: dict[str, Decimal]
    vetoes: list[str]
    rank: int = 0
    grade: str = ""
    grade_note: str = ""

    @property
    def vetoed(self) -> bool:
        return bool(self.vetoes)

    @property
    def gaps(self) -> int:
        return sum(1 for item in self.items if item.score.status in ("missing", "left_out"))


@dataclass
class Result:
    scheme: Scheme
    year: int
    towns: list[TownResult]  # in rank order

    def of(self, code: str) -> TownResult | None:
        return next((town for town in self.towns if town.town.code == code), None)


def _lower(item: Item, indicators: dict) -> bool:
    indicator = indicators.get(item.indicator)
    reversed_ = indicator is not None and indicator.higher_is_better is False
    return item.lower_is_better or reversed_


def _approved(inputs: Inputs, code: str, town: str, year: int) -> Decimal | None:
    figure = inputs.figures.get((code, town, year))
    return figure.value if figure is not None and figure.approved else None


def _places(item: Item, inputs: Inputs, lower: bool) -> dict[str, int]:
    """Competition ranks (1, 2, 2, 4) of the towns with an approved figure."""
    values = {
        town.code: value
        for town in inputs.towns
        if (value := _approved(inputs, item.indicator, town.code, inputs.year)) is not None
    }
    return {
        code: 1 + sum(1 for other in values.values() if (other < value if lower else other > value))
        for code, value in values.items()
    }


def _facts(item: Item, inputs: Inputs, town: str, places: dict[str, int]) -> Facts:
    indicator = inputs.indicators.get(item.indicator)
    return Facts(
        actual=_approved(inputs, item.indicator, town, inputs.year),
        previous=_approved(inputs, item.indicator, town, inputs.year - 1),
        target=inputs.targets.get((item.indicator, town)),
        rank=places.get(town),
        ranked=len(places),
        unit=indicator.unit if indicator is not None else "",
        name=indicator.name if indicator is not None else item.indicator,
    )


def _why_missing(item: Item, inputs: Inputs, town: str, reason: str) -> str:
    figure = inputs.figures.get((item.indicator, town, inputs.year))
    if figure is not None and not figure.approved:
        return _("数字 %(value)s 尚未审核，不计入") % {"value": plain(figure.value)}
    return reason


def _attempt(item: Item, weight: Decimal, facts: Facts, lower: bool) -> Score | Missing:
    try:
        return METHOD_FUNCTIONS[item.method](item, weight, facts, lower)
    except Missing as missing:
        return missing


def _town(scheme: Scheme, inputs: Inputs, town: Town, places: dict) -> TownResult:
    items: list[ItemResult] = []
    for part in scheme.parts:
        attempts = []
        for item in part.items:
            lower = _lower(item, inputs.indicators)
            facts = _facts(item, inputs, town.code, places[item])
            attempts.append((item, facts, lower, _attempt(item, item.weight, facts, lower)))
        # Redistribution: an item left out gives its weight to the part's scored items,
        # in proportion to their weights, so that the part keeps its weight.
        left_out = [
            item
            for item, _facts, _lower, outcome in attempts
            if isinstance(outcome, Missing)
            and item.weighted
            and scheme.missing_of(item) == "redistribute"
        ]
        kept = sum(
            (i.weight for i, _f, _l, o in attempts if i.weighted and isinstance(o, Score)),
            Decimal(0),
        )
        shared = sum((item.weight for item in left_out), Decimal(0))
        for item, facts, lower, outcome in attempts:
            if isinstance(outcome, Missing):
                score = _missing(scheme, item, outcome, inputs, town)
            elif shared and item.weighted:
                weight = (item.weight * (kept + shared) / kept).quantize(
                    WEIGHT_PLACES, rounding=ROUND_HALF_UP
                )
                score = METHOD_FUNCTIONS[item.method](item, weight, facts, lower)
                score.text += _("（权重 %(before)s 因同部分缺数项调整为 %(after)s）") % {
                    "before": plain(item.weight),
                    "after": plain(weight),
                }
            else:
                score = outcome
            items.append(ItemResult(part.name, item, score))
    vetoes = [result.score.text for result in items if result.score.veto]
    parts = {part.name: Decimal("0.00") for part in scheme.parts}
    for result in items:
        parts[result.part] += result.points
    return TownResult(town, items, sum(parts.values(), Decimal("0.00")), parts, vetoes)


def _missing(scheme: Scheme, item: Item, missing: Missing, inputs: Inputs, town: Town) -> Score:
    reason = _why_missing(item, inputs, town.code, missing.text)
    facts = {"actual": None, "reason": reason}
    if item.weighted and scheme.missing_of(item) == "redistribute":
        text = _("%(reason)s：本项不计分，权重 %(weight)s 分给本部分其他项") % {
            "reason": reason,
            "weight": plain(item.weight),
        }
        return Score(Decimal("0.00"), text, facts, status="left_out")
    text = _("%(reason)s：按方案记 0.00 分") % {"reason": reason}
    return Score(Decimal("0.00"), text, facts, status="missing")


def _rank(scheme: Scheme, towns: list[TownResult]) -> None:
    towns.sort(key=lambda t: (-t.total, t.town.code))
    for index, town in enumerate(towns):
        if scheme.ties == "shared" and index and towns[index - 1].total == town.total:
            town.rank = towns[index - 1].rank
        else:
            town.rank = index + 1


def _grade(scheme: Scheme, towns: list[TownResult]) -> None:
    names = [grade.name for grade in scheme.grades]
    quota = None
    if scheme.quota_grade:
        quota = int((Decimal(len(towns)) * scheme.quota_share / 100).to_integral_value(ROUND_FLOOR))
    granted = 0
    for town in towns:
        if town.vetoed:
            town.grade = scheme.veto_grade
            town.grade_note = _("一票否决")
            continue
        grade = next((g.name for g in scheme.grades if town.total >= g.min), names[-1])
        if quota is not None and grade == scheme.quota_grade:
            if granted >= quota:
                lower = names[min(names.index(grade) + 1, len(names) - 1)]
                town.grade_note = _(
                    "“%(grade)s”不超过 %(share)s%%（%(quota)s 个镇），调为“%(lower)s”"
                ) % {
                    "grade": grade,
                    "share": plain(scheme.quota_share),
                    "quota": quota,
                    "lower": lower,
                }
                grade = lower
            else:
                granted += 1
        town.grade = grade


def assess(scheme: Scheme, inputs: Inputs) -> Result:
    """Every town's points per item, total, rank and grade under ``scheme``."""
    places = {
        item: _places(item, inputs, _lower(item, inputs.indicators))
        if item.method == "rank"
        else {}
        for item in scheme.items
    }
    towns = [_town(scheme, inputs, town, places) for town in inputs.towns]
    _rank(scheme, towns)
    _grade(scheme, towns)
    return Result(scheme, inputs.year, towns)
