"""The derived phrases of the report: year on year and against the target. Pure.

The arithmetic is the dashboards' (dashboard/measures.py), worded for the report:
a percentage to one decimal, rounded half up, from the figures as printed.
"""

from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

PERCENT = Decimal("0.1")
MISSING = "XX"  # what the reference report prints where a figure is missing


def percent_text(value: Decimal) -> str:
    return f"{value.quantize(PERCENT, rounding=ROUND_HALF_UP):f}%"


def year_on_year(current: Decimal | None, previous: Decimal | None) -> str:
    """ "同比增长5.2%", "同比下降3.0%" or "同比持平"; "" without last year or from zero.

    From a base of zero no percentage exists: the phrase is left out rather than
    invented ("同比增长∞%"), unless both years are zero.
    """
    if current is None or previous is None:
        return ""
    if previous == 0:
        return "同比持平" if current == 0 else ""
    change = ((current - previous) / previous * 100).quantize(PERCENT, rounding=ROUND_HALF_UP)
    if change > 0:
        return f"同比增长{percent_text(change)}"
    if change < 0:
        return f"同比下降{percent_text(-change)}"
    return "同比持平"


def attainment(
    value: Decimal | None, target: Decimal | None, higher_is_better: bool | None
) -> Decimal | None:
    """How much of the target is reached, in percent; None when it cannot be said.

    Where lower is better (zero-employment households), staying at or under the
    target reaches it, so attainment is target / value, as on the dashboards.
    """
    if value is None or target is None:
        return None
    if higher_is_better is False:
        if value == 0:
            return Decimal(100)
        return target / value * 100
    if target == 0:
        return None
    return value / target * 100


def target_phrase(
    value: Decimal | None, target: Decimal | None, higher_is_better: bool | None
) -> str:
    """ "完成年度目标的103.1%"; "" without a target, or against a target of zero."""
    reached = attainment(value, target, higher_is_better)
    return "" if reached is None else f"完成年度目标的{percent_text(reached)}"


def in_brackets(phrases: list[str]) -> str:
    """The phrases that apply, after the figure's unit: "（同比增长5.2%，完成年度目标的98.0%）"."""
    shown = [phrase for phrase in phrases if phrase]
    return f"（{'，'.join(shown)}）" if shown else ""


def about(value: Decimal) -> Decimal | None:
    """The round figure "余" may follow: 416.65 → 410, 1234 → 1200, 35.4 → 35.

    Two significant digits of the whole part, rounded down. None when the figure is
    round already (300, 12) or under one: "余" would then say more than the figure.
    """
    whole = value.to_integral_value(rounding=ROUND_FLOOR)
    if whole < 1:
        return None
    step = Decimal(10) ** max(0, len(str(whole)) - 2)
    rounded = (whole / step).to_integral_value(rounding=ROUND_FLOOR) * step
    return None if rounded == value else rounded
