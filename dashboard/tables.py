"""The tables behind the charts, as plain data: shown on the page and downloaded as CSV/XLSX.

A cell is a label (str) or a ``Number``, which keeps the exact Decimal for downloads
and knows how to show itself ("—" when missing, never 0).
"""

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from indicators.support.decimals import quantum

ARROWS = {"up": "▲", "down": "▼", "flat": "＝"}
# A 说明 longer than this ("2017年仅 7/8 镇填报") goes under the table on the page.
NOTE_INLINE = 12


@dataclass(frozen=True)
class Number:
    value: Decimal | None
    decimals: int = 0
    unapproved: bool = False
    signed: bool = False
    suffix: str = ""
    tone: str = ""  # "good", "bad" or "neutral": colours a change
    direction: str = ""  # "up", "down" or "flat": the arrow of a change
    partial: str = ""  # "5/8": a county figure adding up only some towns (page mark only)
    note: str = ""  # why the figure is marked, as hover text

    # The figure to its decimals, worked out once: a section page reads it ~30,000 times.
    exact: Decimal | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        exact = None
        if self.value is not None:
            exact = self.value.quantize(quantum(self.decimals))
        object.__setattr__(self, "exact", exact)

    @property
    def plain(self) -> str:
        """The figure as downloads write it: exact, no grouping, '' when missing."""
        return "" if self.exact is None else f"{self.exact:f}"

    @property
    def text(self) -> str:
        """The figure as the page shows it: grouped digits, '—' when missing."""
        if self.exact is None:
            return "—"
        sign = "+" if self.signed and self.exact > 0 else ""
        arrow = f"{ARROWS[self.direction]} " if self.direction else ""
        return f"{arrow}{sign}{self.exact:,f}{self.suffix}"


@dataclass
class Table:
    key: str
    title: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    # What a download needs to stand alone, where the title does not already say it:
    # the region and years it covers, the sheet's name, and each column's unit.
    region: str = ""
    years: str = ""
    sheet: str = ""
    units: list[str] = field(default_factory=list)  # per column, "" for none
    notes: bool = False  # the last column is 说明: a note on the row, or ""
    # Where rows name places: each row's link to that place's page ("" for none,
    # the area's own row of totals).
    links: list[str] = field(default_factory=list)

    @cached_property
    def long_notes(self) -> list[tuple[int, str, str]]:
        """(row number from 1, row name, note) of each note too long for its cell.

        The page shows these under the table, the cell linking to them: a long note
        in its column would widen the table past its panel. Downloads keep every
        note in its column.
        """
        if not self.notes:
            return []
        return [
            (number, str(row[0]), row[-1])
            for number, row in enumerate(self.rows, start=1)
            if isinstance(row[-1], str) and len(row[-1]) > NOTE_INLINE
        ]

    @cached_property
    def long_note_rows(self) -> set[int]:
        return {number for number, _, _ in self.long_notes}

    @property
    def heading(self) -> str:
        """The title, region and years: the first line of a downloaded workbook."""
        return " · ".join(part for part in (self.title, self.region, self.years) if part)

    def unit_of(self, index: int) -> str:
        return self.units[index] if index < len(self.units) else ""

    @property
    def has_unapproved(self) -> bool:
        return any(isinstance(c, Number) and c.unapproved for row in self.rows for c in row)

    @property
    def has_partial(self) -> bool:
        return any(isinstance(c, Number) and c.partial for row in self.rows for c in row)

    def column(self, index: int) -> list:
        return [row[index] for row in self.rows]

    @property
    def linked_rows(self) -> list[tuple[str, list]]:
        links = self.links + [""] * (len(self.rows) - len(self.links))
        return list(zip(links, self.rows, strict=True))
