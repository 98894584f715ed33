"""The section's targets on the 大屏: where each county figure stands, laggards first.

Below, met or above comes from ``dashboard.measures.distance`` over the overview
table's 完成率, as on the overview page, so the two never disagree. The gap in the
indicator's own unit is the difference of the two figures the table shows.
"""

from dataclasses import dataclass
from decimal import Decimal

from indicators.models import Indicator

from ..measures import ABOVE, BELOW, MET, Distance, distance
from ..tables import Number, Table

# Columns of overview_table's rows.
VALUE, TARGET, REACHED, NOTE = 2, 6, 7, 10
ORDER = {BELOW: 0, MET: 1, ABOVE: 2}


@dataclass(frozen=True)
class Goal:
    indicator: Indicator
    value: Number
    target: Number
    reached: Number
    found: Distance | None  # None: not compared (a partial year, or no attainment)
    note: str

    @property
    def gap(self) -> Number:
        """How far the figure is from its target, in its unit (never negative)."""
        value, target = self.value.exact, self.target.exact
        if self.found is None or value is None or target is None:
            return Number(None, self.indicator.decimals)
        return Number(abs(value - target), self.indicator.decimals)

    @property
    def gap_percent(self) -> Number:
        """The same distance in percent of the target, as the overview's chart shows it."""
        return Number(self.found.gap if self.found else None, 1, signed=True, suffix="%")

    @property
    def bar_width(self) -> str:
        """The attainment bar's width in percent, at most 100."""
        reached = self.reached.exact
        return "0" if reached is None else f"{min(max(reached, Decimal(0)), Decimal(100)):f}"


def _laggards_first(goal: Goal):
    if goal.found is None:
        return (len(ORDER), Decimal(0))
    return (ORDER[goal.found.standing], goal.found.gap)


def section_goals(table: Table, indicators: list[Indicator]) -> list[Goal]:
    """Every figure of the section with a target: furthest below first, uncompared last."""
    goals = [
        Goal(
            indicator,
            row[VALUE],
            row[TARGET],
            row[REACHED],
            distance(row[REACHED].exact),
            row[NOTE],
        )
        for indicator, row in zip(indicators, table.rows, strict=True)
        if row[TARGET].exact is not None
    ]
    return sorted(goals, key=_laggards_first)
