"""A report section at a glance: the overview's summary row, from its overview table.

Plain Python over the table's rows (no database), so the summary shows exactly the
figures the section's cards and downloads show.
"""

from dataclasses import dataclass

from indicators.models import Indicator

from ..measures import ABOVE, BELOW, MET, distance
from ..tables import Number, Table

# Columns of overview_table's rows.
VALUE, DELTA, PERCENT, REACHED, TOWNS, APPROVED, NOTE = 2, 4, 5, 7, 8, 9, 10
# The catalogue lists a section's figures in the report's order, which leads with
# its headline figures; the summary row shows this many of them.
HEADLINES = 3


@dataclass(frozen=True)
class Headline:
    indicator: Indicator
    value: Number
    delta: Number
    percent: Number
    note: str


@dataclass(frozen=True)
class SectionSummary:
    headlines: list[Headline]
    standings: dict[str, int]  # BELOW, MET, ABOVE -> how many figures stand there
    reported: str  # towns that reported, "8" or a range "6–8" over the section's figures
    approved: str
    total: int  # the county's towns

    @property
    def with_targets(self) -> int:
        return sum(self.standings.values())


def _span(numbers: list[Number]) -> str:
    known = sorted(int(number.exact) for number in numbers if number.exact is not None)
    if not known:
        return "0"
    low, high = known[0], known[-1]
    return str(low) if low == high else f"{low}–{high}"


def section_summary(table: Table, indicators: list[Indicator], total: int) -> SectionSummary:
    """The first figures of a section, how many meet their targets, and its towns.

    Town counts are shown as a range over the section's figures when they differ: a
    figure only some towns reported is then visible before the section is opened.
    """
    standings = {BELOW: 0, MET: 0, ABOVE: 0}
    for row in table.rows:
        found = distance(row[REACHED].exact)
        if found is not None:
            standings[found.standing] += 1
    headlines = [
        Headline(indicator, row[VALUE], row[DELTA], row[PERCENT], row[NOTE])
        for indicator, row in zip(indicators[:HEADLINES], table.rows, strict=False)
    ]
    return SectionSummary(
        headlines=headlines,
        standings=standings,
        reported=_span(table.column(TOWNS)),
        approved=_span(table.column(APPROVED)),
        total=total,
    )
