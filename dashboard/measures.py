"""Change from last year and target attainment: plain Decimal arithmetic, no database."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

PERCENT = Decimal("0.1")


@dataclass(frozen=True)
class Change:
    delta: Decimal
    percent: Decimal | None  # None when last year's figure was 0
    direction: str  # "up", "down" or "flat"
    tone: str  # "good", "bad" or "neutral", from the indicator's higher_is_better


def change(current: Decimal | None, previous: Decimal | None, higher_is_better) -> Change | None:
    """The change from ``previous`` to ``current``; None when either is missing."""
    if current is None or previous is None:
        return None
    delta = current - previous
    percent = None
    if previous != 0:
        percent = (delta / previous * 100).quantize(PERCENT, rounding=ROUND_HALF_UP)
    direction = "up" if delta > 0 else "down" if delta < 0 else "flat"
    if direction == "flat" or higher_is_better is None:
        tone = "neutral"
    else:
        tone = "good" if (direction == "up") == bool(higher_is_better) else "bad"
    return Change(delta=delta, percent=percent, direction=direction, tone=tone)


def attainment(value: Decimal | None, target: Decimal | None, higher_is_better) -> Decimal | None:
    """How much of the target is reached, in percent (one decimal).

    For a figure where lower is better (e.g. zero-employment households) reaching
    the target means staying at or under it, so attainment is target / value.
    """
    if value is None or target is None:
        return None
    if higher_is_better is False:
        if value == 0:
            return Decimal(100).quantize(PERCENT) if target >= 0 else None
        ratio = target / value
    else:
        if target == 0:
            return None
        ratio = value / target
    return (ratio * 100).quantize(PERCENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Coverage:
    """How many towns a county figure adds up, this year and last, out of the county's towns.

    A county sum of the towns that reported (or, for the public, of the approved
    towns) is not the county's figure: compared with last year's total or with the
    county target it reads as a fall or a shortfall that did not happen.
    """

    towns: int
    previous: int
    total: int
    # The county's towns last year, where a merge or split changed their number.
    previous_total: int | None = None

    @property
    def complete(self) -> bool:
        return self.towns > 0 and self.towns >= self.total

    @property
    def previous_complete(self) -> bool:
        whole = self.total if self.previous_total is None else self.previous_total
        return self.previous > 0 and self.previous >= whole

    @property
    def comparable(self) -> bool:
        """Last year's figure adds up the same number of towns, or both years add up
        all of the county's towns (8 towns before a merge, 7 after it)."""
        if self.towns == 0:
            return False
        return self.towns == self.previous or (self.complete and self.previous_complete)


BELOW, MET, ABOVE = "below", "met", "above"


@dataclass(frozen=True)
class Distance:
    """How far a figure is from its target, in percent of the target, and which side."""

    gap: Decimal  # attainment - 100: (value - target) / target, or the reverse for lower is better
    standing: str  # BELOW, MET or ABOVE


def distance(reached: Decimal | None) -> Distance | None:
    """The distance to the target from an attainment percentage; None without one.

    From the attainment, not from the raw figures, so that it agrees with the 完成率
    the tables show and already points the right way where lower is better.
    """
    if reached is None:
        return None
    gap = reached - 100
    return Distance(gap, BELOW if gap < 0 else ABOVE if gap > 0 else MET)
