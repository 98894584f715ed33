"""What an import did, or would do: counts, conflicts (nothing written) and rule warnings.

Modelled on DHIS2's import summary: one conflict refuses the whole import, and the
counts still say what would have happened to the other rows.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from .refusals import Problem
from .rows import FigureRow, row_problems


@dataclass(frozen=True)
class Conflict:
    """A row that cannot be written; ``index`` is its position in the rows, from 0."""

    index: int
    indicator: str
    region: str
    year: int
    code: str
    message: str
    details: dict | None = None


@dataclass(frozen=True)
class RuleWarning:
    """A plausibility rule's finding on the figures as they would stand after the import.

    Warnings never refuse a write; ``blocks_submit`` says the report cannot be
    submitted until the figure carries a comment. ``index`` is the row that set the
    figure, or None when the rule points at a figure the import did not send.
    """

    index: int | None
    indicator: str
    region: str
    year: int
    rule: str
    message: str
    blocks_submit: bool


class Outcome(NamedTuple):
    """What a row that passed every check does: ``kind`` is created, updated, deleted
    or unchanged; ``old`` is the stored figure, ``new`` the figure after the write.
    A tuple: an import makes one per row."""

    index: int
    kind: str
    old: Decimal | None
    new: Decimal | None


@dataclass
class ImportSummary:
    dry_run: bool = False
    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    warnings: list[RuleWarning] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)  # for a preview; not in the API
    # (town, year) → the report version the checks saw: a preview's confirmation
    # writes only if nobody saved since.
    versions: dict[tuple[str, int], int] = field(default_factory=dict)

    @property
    def status(self) -> str:
        return "conflict" if self.conflicts else "ok"

    @property
    def changed(self) -> int:
        return self.created + self.updated + self.deleted

    def conflicts_with(self, code: str) -> list[Conflict]:
        return [conflict for conflict in self.conflicts if conflict.code == code]

    def refuse(
        self, index: int, row: FigureRow, problem: Problem, details: dict | None = None
    ) -> None:
        self.conflicts.append(
            Conflict(index, str(row.indicator), str(row.region), row.year, *problem, details)
        )

    def well_shaped(self, rows: Sequence[FigureRow]) -> list[tuple[int, FigureRow]]:
        """The rows whose shape is right, with their index; the others become conflicts."""
        shaped = []
        for index, row in enumerate(rows):
            problems = row_problems(row)
            if problems:
                # The message for people; which field is which, for programs, in details.
                message = "；".join(problems.values())
                self.refuse(index, row, Problem("invalid", message), details=problems)
            else:
                shaped.append((index, row))
        return shaped
