"""The scoring methods: one function per method, Decimal in, points and words out.

Every intermediate figure a sentence shows is the one used: a ratio is rounded to
0.1 % before it is multiplied, so that "完成目标 96.0% × 权重 5 = 4.80 分" is exact.
Points are quantized to 0.01 with ROUND_HALF_UP.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from indicators.support.decimals import plain

from .spec import Item

CENT = Decimal("0.01")
TENTH = Decimal("0.1")
HUNDRED = Decimal(100)


def points(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Facts:
    """What one item knows of one town: its figures, approved only, and its place."""

    actual: Decimal | None
    previous: Decimal | None = None
    target: Decimal | None = None
    rank: int | None = None
    ranked: int = 0  # towns with a figure, for the rank method
    unit: str = ""
    name: str = ""


@dataclass
class Score:
    points: Decimal
    text: str
    inputs: dict = field(default_factory=dict)
    status: str = "ok"  # ok | missing | left_out | veto
    veto: bool = False


class Missing(Exception):
    """The figures an item needs are not all there: the scheme's policy decides."""

    def __init__(self, text: str):
        super().__init__(text)
        self.text = text


def _need(value: Decimal | None, what: str) -> Decimal:
    if value is None:
        raise Missing(what)
    return value


def target(item: Item, weight: Decimal, facts: Facts, lower: bool) -> Score:
    actual = _need(facts.actual, _("缺少已审核的数字"))
    goal = _need(facts.target, _("缺少目标值"))
    if goal <= 0 or (lower and actual <= 0 and goal <= 0):
        raise Missing(_("目标值为 0，无法计算完成率"))
    if lower:
        ratio = item.cap if actual <= 0 else goal / actual * HUNDRED
    else:
        ratio = actual / goal * HUNDRED
    ratio = ratio.quantize(TENTH, rounding=ROUND_HALF_UP)
    used = min(ratio, item.cap)
    earned = points(weight * used / HUNDRED)
    capped = _("（封顶 %(cap)s%%）") % {"cap": plain(item.cap)} if ratio > item.cap else ""
    words = _("完成目标 %(ratio)s%%%(capped)s × 权重 %(weight)s = %(points)s 分")
    if lower:
        words = (
            _("目标 %(goal)s ÷ 实际 %(actual)s，")
            % {
                "goal": plain(goal),
                "actual": plain(actual),
            }
            + words
        )
    text = words % {
        "ratio": f"{used:f}" if capped else f"{ratio:f}",
        "capped": capped,
        "weight": plain(weight),
        "points": earned,
    }
    inputs = {"actual": plain(actual), "target": plain(goal), "ratio": f"{ratio:f}"}
    return Score(earned, text, inputs)


def growth(item: Item, weight: Decimal, facts: Facts, lower: bool) -> Score:
    actual = _need(facts.actual, _("缺少已审核的数字"))
    before = _need(facts.previous, _("缺少上年已审核的数字"))
    if before == 0:
        raise Missing(_("上年数字为 0，无法计算增长率"))
    rate = ((actual - before) / abs(before) * HUNDRED).quantize(TENTH, rounding=ROUND_HALF_UP)
    judged = -rate if lower else rate
    band = next((band for band in item.bands if judged >= band.min), None)
    inputs = {"actual": plain(actual), "previous": plain(before), "growth": f"{rate:f}"}
    said = (
        _("同比下降 %(rate)s%%") % {"rate": f"{-rate:f}"}
        if rate < 0
        else _("同比增长 %(rate)s%%") % {"rate": f"{rate:f}"}
    )
    if band is None:
        return Score(
            Decimal("0.00"), _("%(said)s，未达到最低一档，得 0.00 分") % {"said": said}, inputs
        )
    earned = points(weight * band.share / HUNDRED)
    text = _(
        "%(said)s，达到“%(direction)s%(min)s%%”档，得权重的 %(share)s%% × 权重 %(weight)s = %(points)s 分"  # noqa: E501
    ) % {
        "said": said,
        "direction": _("降幅≥") if lower else "≥",
        "min": plain(band.min),
        "share": plain(band.share),
        "weight": plain(weight),
        "points": earned,
    }
    return Score(earned, text, inputs)


def rank(item: Item, weight: Decimal, facts: Facts, lower: bool) -> Score:
    actual = _need(facts.actual, _("缺少已审核的数字"))
    place, count = facts.rank, facts.ranked
    inputs = {"actual": plain(actual), "rank": place, "towns": count}
    last = item.last_share / HUNDRED
    if count <= 1:
        share = Decimal(1)
    else:
        share = last + (1 - last) * Decimal(count - place) / Decimal(count - 1)
    earned = points(weight * share)
    if count <= 1:
        formula = plain(weight)
    elif item.last_share:
        formula = _(
            "%(weight)s × [%(last)s%% + (1 − %(last)s%%) × (%(n)s − %(rank)s) ÷ (%(n)s − 1)]"
        ) % {
            "weight": plain(weight),
            "last": plain(item.last_share),
            "n": count,
            "rank": place,
        }
    else:
        formula = f"{plain(weight)} × ({count} − {place}) ÷ ({count} − 1)"
    text = _("%(value)s%(unit)s，在 %(n)s 个镇中排第 %(rank)s 名：%(formula)s = %(points)s 分") % {
        "value": plain(actual),
        "unit": facts.unit,
        "n": count,
        "rank": place,
        "formula": formula,
        "points": earned,
    }
    return Score(earned, text, inputs)


def threshold(item: Item, weight: Decimal, facts: Facts, lower: bool) -> Score:
    actual = _need(facts.actual, _("缺少已审核的数字"))
    bar = item.threshold
    met = actual <= bar if lower else actual >= bar
    inputs = {"actual": plain(actual), "threshold": plain(bar)}
    sign = ("≤" if met else ">") if lower else ("≥" if met else "<")
    values = {"actual": plain(actual), "sign": sign, "bar": plain(bar), "unit": facts.unit}
    if met:
        earned = points(weight)
        text = _(
            "实际 %(actual)s%(unit)s %(sign)s 门槛 %(bar)s%(unit)s，达标，得满分 %(points)s 分"
        )
        return Score(earned, text % {**values, "points": earned}, inputs)
    text = _("实际 %(actual)s%(unit)s %(sign)s 门槛 %(bar)s%(unit)s，未达标，得 0.00 分")
    return Score(Decimal("0.00"), text % values, inputs)


def deduction(item: Item, weight: Decimal, facts: Facts, lower: bool) -> Score:
    count = _need(facts.actual, _("缺少已审核的数字"))
    raw = weight - item.per_unit * count
    earned = points(max(raw, item.floor))
    text = _("基础分 %(weight)s − 每%(unit)s %(per)s 分 × %(count)s%(unit)s = %(points)s 分") % {
        "weight": plain(weight),
        "unit": facts.unit,
        "per": plain(item.per_unit),
        "count": plain(count),
        "points": points(raw),
    }
    if raw < item.floor:
        text += _("，不低于 %(floor)s 分，记 %(points)s 分") % {
            "floor": plain(item.floor),
            "points": earned,
        }
    return Score(earned, text, {"actual": plain(count)})


def bonus(item: Item, weight: Decimal, facts: Facts, lower: bool) -> Score:
    count = _need(facts.actual, _("缺少已审核的数字"))
    raw = item.per_unit * count
    earned = points(min(raw, item.ceiling))
    text = _("加分：每%(unit)s %(per)s 分 × %(count)s%(unit)s = %(raw)s 分") % {
        "unit": facts.unit,
        "per": plain(item.per_unit),
        "count": plain(count),
        "raw": points(raw),
    }
    if raw > item.ceiling:
        text += _("，上限 %(ceiling)s 分，记 %(points)s 分") % {
            "ceiling": plain(item.ceiling),
            "points": earned,
        }
    return Score(earned, text, {"actual": plain(count)})


def veto(item: Item, weight: Decimal, facts: Facts, lower: bool) -> Score:
    actual = _need(facts.actual, _("缺少已审核的数字，无法判断是否否决"))
    below = item.veto_below is not None and actual < item.veto_below
    above = item.veto_above is not None and actual > item.veto_above
    inputs = {"actual": plain(actual)}
    values = {"name": facts.name, "actual": plain(actual), "unit": facts.unit}
    if below or above:
        values["bar"] = plain(item.veto_below if below else item.veto_above)
        said = (
            _("%(name)s %(actual)s%(unit)s，低于 %(bar)s%(unit)s")
            if below
            else _("%(name)s %(actual)s%(unit)s，高于 %(bar)s%(unit)s")
        ) % values
        reason = item.reason or said
        text = _("否决：%(reason)s（%(said)s）") % {"reason": reason, "said": said}
        return Score(Decimal("0.00"), text, inputs, status="veto", veto=True)
    return Score(Decimal("0.00"), _("%(name)s %(actual)s%(unit)s，不触发否决") % values, inputs)


METHOD_FUNCTIONS = {
    "target": target,
    "growth": growth,
    "rank": rank,
    "threshold": threshold,
    "deduction": deduction,
    "bonus": bonus,
    "veto": veto,
}
