"""The report templates' text format, read into tokens. Pure: no database.

A template is plain Chinese text that someone who edits text but not code can change
(the full rules are at the top of each file in ``templates/``):

- ``#`` starts a note line, never printed;
- ``标题：`` is the part's heading (the document title in the preamble);
- a blank line ends a paragraph; the lines of one paragraph are joined without spaces;
- ``小标题：`` at the start of a paragraph is its run-in level-2 heading;
- ``【原煤产量】`` is an indicator's figure by its Chinese name, followed by the
  indicator's unit (``余`` may come between: ``【道路硬化投入】余万元``);
  ``【原煤产量，同比，目标】`` adds the year-on-year and target phrases after the unit;
- ``{镇}``, ``{县}``, ``{年度}`` … are place names and the year (``PLACES``);
  ``{关停煤矿}``, ``{河流}`` … are the region's own facts (``FACTS``, models/facts.py);
- ``〔A｜B〕`` prints the first alternative whose facts are all given and whose
  ``零则略`` figures are not zero, or nothing: a clause that a town's facts do not
  support is left out instead of printing another place's names or XX.

Mistakes fail loudly with the file and line: an unknown place, an unclosed bracket.
Indicator names and units are checked against the catalogue by ``loader.bind``,
since the catalogue lives in the database.
"""

import re
from dataclasses import dataclass

from ..models.facts import FactKind

# Place names and the year, from the region data (places.py).
PLACES = {
    "镇": "the report's region: the town, or the county in a county report",
    "县": "the county",
    "省": "the province",
    "镇简称": "the report's region without 镇/乡/县…",
    "县简称": "the county without 县/市/区…",
    "省简称": "the province without 省/自治区…",
    "级": "镇 for a town report, 县 for a county report (全镇 → 全县)",
    "年度": "the report's year, e.g. 2025",
    "上级": "县 for a town report, 市 for a county report (在{上级}委、{上级}政府…)",
    "全会精神": "the Party congress and plenums of the report's year, written out",
}
# The region's own facts (indicators.models.FactKind) and its villages: printed only
# inside 〔〕, which drops when the region has not given them.
FACTS = {
    **{f"村{n}": f"the region's {n}th village (region data, else its facts)" for n in range(1, 10)},
    **{kind: "the region's own names of this kind, joined with 、" for kind in FactKind.values},
}
PLACES.update(FACTS)
OPTIONS = {"同比": "year_on_year", "目标": "target", "零则略": "omit_zero"}

HEADING = "标题："
LEAD = "小标题："
NOTE = "#"
UNIT_PREFIX = "余"  # "XXX余万元": about that many

SEPARATORS = re.compile(r"[，,、]")
TOKEN = re.compile(r"【(?P<figure>[^】]*)】|\{(?P<place>[^}]*)\}|(?P<mark>[〔｜〕])")
GROUP_OPEN, GROUP_OR, GROUP_CLOSE = "〔", "｜", "〕"
PLACE_KEY = re.compile(r"\{([^}]*)\}")
# Blanks the reference left in its narrative ("X中X会", "“XX党建”"): printed as they
# are and highlighted, so that an editor sees what the template still lacks.
BLANK = re.compile(r"(?<![A-Za-z])[Xx]+(?![A-Za-z])")


class TemplateError(ValueError):
    """A template that cannot be read; the message names the file and line."""


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Blank:
    """A blank the template text itself leaves (``X中X会``)."""

    text: str


@dataclass(frozen=True)
class Lead:
    """A run-in level-2 heading at the start of a paragraph."""

    text: str


@dataclass(frozen=True)
class Place:
    key: str
    line: int


@dataclass(frozen=True)
class Slot:
    """An indicator's figure: its Chinese name, the unit as written after it, the phrases."""

    name: str
    unit: str  # as written after the figure, "余" included: "余万元" (set by ``bind``)
    options: tuple[str, ...]  # "year_on_year", "target"
    line: int
    code: str = ""  # the indicator's code (set by ``bind``)


@dataclass(frozen=True)
class Group:
    """``〔A｜B〕``: the first alternative the region's facts and figures support, or none."""

    options: tuple[tuple["Token", ...], ...]


@dataclass(frozen=True)
class _Mark:
    mark: str
    line: int


Token = Text | Blank | Lead | Place | Slot | Group


@dataclass(frozen=True)
class Template:
    name: str  # the file's stem, e.g. "01_industry"
    heading: tuple[Token, ...]  # empty when the part has none
    paragraphs: tuple[tuple[Token, ...], ...]

    @property
    def slots(self) -> list[Slot]:
        return [
            token
            for tokens in (self.heading, *self.paragraphs)
            for token in tokens
            if isinstance(token, Slot)
        ] + [
            token
            for tokens in self.paragraphs
            for group in tokens
            if isinstance(group, Group)
            for option in group.options
            for token in option
            if isinstance(token, Slot)
        ]


def _error(name: str, line: int, message: str) -> TemplateError:
    return TemplateError(f"{name}.txt 第 {line} 行：{message}")


def _text_tokens(text: str) -> list[Token]:
    tokens: list[Token] = []
    position = 0
    for blank in BLANK.finditer(text):
        if blank.start() > position:
            tokens.append(Text(text[position : blank.start()]))
        tokens.append(Blank(blank.group()))
        position = blank.end()
    if position < len(text):
        tokens.append(Text(text[position:]))
    return tokens


def _slot(name: str, line: int, inner: str) -> Slot:
    parts = [part.strip() for part in SEPARATORS.split(inner)]
    if not parts[0]:
        raise _error(name, line, "【】中没有指标名称。")
    options = []
    for word in parts[1:]:
        if word not in OPTIONS:
            raise _error(
                name,
                line,
                f"【{inner}】中的“{word}”不认识，只能写“同比”“目标”或“零则略”，用逗号分隔。",
            )
        options.append(OPTIONS[word])
    return Slot(parts[0], "", tuple(options), line)


def _place_key(name: str, line: int, raw: str) -> str:
    key = raw.strip()
    if key not in PLACES:
        known = "、".join("{" + place + "}" for place in PLACES if not place[-1].isdigit())
        raise _error(name, line, f"不认识的地名“{{{key}}}”，可用：{known}、{{村1}}…{{村9}}。")
    return key


def _line_tokens(name: str, number: int, line: str) -> list[Token]:
    tokens: list[Token] = []
    position = 0
    for match in TOKEN.finditer(line):
        tokens.extend(_text_tokens(line[position : match.start()]))
        position = match.end()
        if match.group("figure") is not None:
            tokens.append(_slot(name, number, match.group("figure")))
            continue
        if match.group("mark") is not None:
            tokens.append(_Mark(match.group("mark"), number))
            continue
        tokens.append(Place(_place_key(name, number, match.group("place")), number))
    tokens.extend(_text_tokens(line[position:]))
    for token in tokens:
        if isinstance(token, Text) and any(mark in token.text for mark in "【】{}"):
            raise _error(name, number, "“【】”或“{}”没有成对出现。")
    return tokens


def parse(name: str, source: str) -> Template:
    """A template file's text as tokens. Figures get their units in ``bind``."""
    heading: list[Token] = []
    paragraphs: list[list[Token]] = []
    current: list[Token] | None = None
    for number, raw in enumerate(source.splitlines(), start=1):
        line = raw.strip()
        if line.startswith(NOTE):
            continue
        if not line:
            current = None
            continue
        if line.startswith(HEADING):
            if heading or paragraphs:
                raise _error(name, number, "“标题：”只能写一次，且要写在正文之前。")
            heading = _line_tokens(name, number, line.removeprefix(HEADING).strip())
            continue
        if line.startswith(LEAD):
            if current is not None:
                raise _error(name, number, "“小标题：”要写在一段的开头（前面空一行）。")
            lead = line.removeprefix(LEAD).strip()
            for key in PLACE_KEY.findall(lead):
                if _place_key(name, number, key) in FACTS:
                    raise _error(name, number, "小标题中不能写本地名称，只能写{级}{镇}等。")
            current = [Lead(lead)]
            paragraphs.append(current)
            continue
        if current is None:
            current = []
            paragraphs.append(current)
        current.extend(_line_tokens(name, number, line))
    if not paragraphs:
        raise _error(name, 1, "模板没有正文。")
    for token in heading:
        if isinstance(token, _Mark) or (isinstance(token, Place) and token.key in FACTS):
            raise _error(name, token.line, "标题中不能写〔〕或本地名称。")
    return Template(
        name, tuple(heading), tuple(tuple(_grouped(name, _merged(p))) for p in paragraphs)
    )


def _grouped(name: str, tokens: list) -> list[Token]:
    """The paragraph's 〔A｜B〕 marks as groups; they do not nest."""
    out: list = []
    options: list[list] | None = None
    opened = 0
    for token in tokens:
        if not isinstance(token, _Mark):
            (options[-1] if options is not None else out).append(token)
        elif token.mark == GROUP_OPEN:
            if options is not None:
                raise _error(name, token.line, "〔〕中不能再写〔〕。")
            options, opened = [[]], token.line
        elif options is None:
            raise _error(name, token.line, f"“{token.mark}”前面没有“〔”。")
        elif token.mark == GROUP_OR:
            options.append([])
        else:
            out.append(Group(tuple(tuple(_merged(option)) for option in options)))
            options = None
    if options is not None:
        raise _error(name, opened, "“〔”没有对应的“〕”。")
    for token in out:
        if isinstance(token, Place) and token.key in FactKind.values:
            raise _error(name, token.line, f"{{{token.key}}}要写在〔〕中：没有填写时整句略去。")
    return out


def _merged(tokens: list[Token]) -> list[Token]:
    """Adjacent text tokens of a paragraph's lines as one."""
    merged: list[Token] = []
    for token in tokens:
        if isinstance(token, Text) and merged and isinstance(merged[-1], Text):
            merged[-1] = Text(merged[-1].text + token.text)
        else:
            merged.append(token)
    return merged
