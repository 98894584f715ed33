"""What a built report is: parts → paragraphs → runs of text, place names and figures.

Plain frozen data, so that the HTML page, the Word writer and the JSON answer all
render the same report, and tests read it without a database.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from ..models import Level, Region
from .phrases import MISSING, in_brackets

NUMERALS = "一二三四五六七八九十"


@dataclass(frozen=True)
class TextRun:
    text: str
    style: str = (
        ""  # "": body text; "lead": run-in level-2 heading; "blank": the template's own blank
    )


@dataclass(frozen=True)
class PlaceRun:
    key: str  # "镇", "县", "村1" …
    name: str | None  # None: not in the region data, printed XX

    @property
    def text(self) -> str:
        return MISSING if self.name is None else self.name


@dataclass(frozen=True)
class FigureRun:
    """One indicator's figure in a sentence; ``value`` None prints XX."""

    code: str
    name: str
    section: str
    unit: str  # the indicator's unit
    unit_text: str  # the unit as the sentence writes it: "万元" or "余万元"
    value: Decimal | None
    value_text: str | None  # with the indicator's decimals
    approved: bool  # every figure behind it is approved
    year_on_year: str  # "同比增长5.2%"; "" where the data does not allow it
    target: str  # "完成年度目标的98.0%"; "" likewise
    shown: tuple[str, ...] = ()  # which of the two the template prints: "year_on_year", "target"
    towns: int = 0  # county reports: towns whose figures add up to this one
    total_towns: int = 0
    number_text: str | None = None  # as the sentence prints it: "410" before "余万元"

    @property
    def missing(self) -> bool:
        return self.value is None

    @property
    def number(self) -> str:
        if self.value_text is None:
            return MISSING
        return self.number_text or self.value_text

    @property
    def coverage(self) -> str:
        """ "7个镇合计，尚缺1个镇": a county sum of only some of its towns says so."""
        if not self.partial:
            return ""
        return f"{self.towns}个镇合计，尚缺{self.total_towns - self.towns}个镇"

    @property
    def phrases(self) -> str:
        """The phrases the template asks for, in brackets after the unit, where they apply."""
        asked = [getattr(self, option) for option in self.shown if option != "omit_zero"]
        return in_brackets([self.coverage, *asked])

    @property
    def partial(self) -> bool:
        """A county figure that adds up only some of its towns."""
        return self.total_towns > 0 and 0 < self.towns < self.total_towns

    @property
    def text(self) -> str:
        return f"{self.number}{self.unit_text}{self.phrases}"


Run = TextRun | PlaceRun | FigureRun


@dataclass(frozen=True)
class Paragraph:
    runs: tuple[Run, ...]

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


@dataclass(frozen=True)
class ReportPart:
    kind: str  # "preamble", "section" or "closing"
    code: str  # a section's code; "preamble" or "closing"
    number: int  # 1… for sections in print order, 0 otherwise
    heading: str  # without its number; "" for the preamble and closing
    paragraphs: tuple[Paragraph, ...]

    @property
    def numbered_heading(self) -> str:
        """ "一、聚焦产业发展，经济社会稳步发展", as GB/T 9704 numbers level-1 headings."""
        if not self.heading:
            return ""
        return f"{NUMERALS[self.number - 1]}、{self.heading}"


@dataclass(frozen=True)
class WorkReport:
    region: Region
    year: int
    title: str
    parts: tuple[ReportPart, ...]
    total_towns: int = 0  # county reports: the county's towns
    place: str = ""  # the region's name in the report's year (a renamed town's old one)
    figures: tuple[FigureRun, ...] = field(init=False)

    def __post_init__(self):
        runs = tuple(
            run
            for part in self.parts
            for paragraph in part.paragraphs
            for run in paragraph.runs
            if isinstance(run, FigureRun)
        )
        object.__setattr__(self, "figures", runs)

    @property
    def is_county(self) -> bool:
        return self.region.level == Level.COUNTY

    @property
    def missing(self) -> list[FigureRun]:
        """Figures printed XX, once each, in the order the report gives them."""
        seen: dict[str, FigureRun] = {}
        for run in self.figures:
            if run.missing and run.code not in seen:
                seen[run.code] = run
        return list(seen.values())

    @property
    def unapproved(self) -> list[FigureRun]:
        return [run for run in self.figures if not run.missing and not run.approved]

    @property
    def missing_places(self) -> list[PlaceRun]:
        seen: dict[str, PlaceRun] = {}
        for part in self.parts:
            for paragraph in part.paragraphs:
                for run in paragraph.runs:
                    if isinstance(run, PlaceRun) and run.name is None:
                        seen.setdefault(run.key, run)
        return list(seen.values())

    @property
    def blanks(self) -> int:
        """How many blanks the templates' own text leaves ("X中X会")."""
        return sum(
            1
            for part in self.parts
            for paragraph in part.paragraphs
            for run in paragraph.runs
            if isinstance(run, TextRun) and run.style == "blank"
        )
