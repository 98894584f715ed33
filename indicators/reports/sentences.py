"""Indicators no template mentions, printed in the catalogue's own words.

An indicator added in the browser is in no template yet. Its report sentence
(``Indicator.source_sentence``, where ``XX`` marks the figure as in the catalogue
file: "新建高标准农田XXX亩") prints with the figure in place of the XX, in one
paragraph at the end of its section; without an XX the figure and its unit follow
the sentence. An indicator whose sentence a template already writes out in words
(零就业家庭 "实现动态清零"; compared without punctuation) counts as mentioned. A
section no template has gets a part of its own, headed with the section's report
heading, before the closing.
"""

import re
from dataclasses import replace

from ..models import Indicator
from .loader import Part
from .syntax import BLANK, UNIT_PREFIX, Blank, Group, Lead, Slot, Template, Text

CLOSING_MARKS = "。；;，,"
PUNCTUATION = re.compile(r"[\W_]+")  # compared without it: "水平所有" is "水平，所有"


def _words(tokens) -> list[str]:
    """The template's own text of a paragraph, and of each alternative of its 〔〕."""
    main, options = [], []
    for token in tokens:
        if isinstance(token, Text | Blank | Lead):
            main.append(token.text)
        elif isinstance(token, Group):
            main.append("\n")
            options += ["".join(_words(option)) for option in token.options]
        else:
            main.append("\n")
    return ["".join(main), *options]


def _mentioned(parts: list[Part]) -> tuple[set[str], list[str]]:
    """The codes of the templates' figures, and the templates' text."""
    codes = {slot.code for part in parts for slot in part.template.slots}
    texts = [
        PUNCTUATION.sub("", text)
        for part in parts
        for tokens in part.template.paragraphs
        for text in _words(tokens)
    ]
    return codes, texts


def sentence_tokens(indicator: Indicator) -> tuple:
    """The indicator's sentence as template tokens, its figure bound to it."""
    sentence = indicator.source_sentence.strip().rstrip(CLOSING_MARKS) or indicator.name
    slot = Slot(indicator.name, indicator.unit, (), 0, indicator.code)
    blank = _own_blank(sentence, indicator.unit)
    if blank is None:
        return (Text(sentence), slot)
    before, after = sentence[: blank.start()], sentence[blank.end() :]
    for unit in (UNIT_PREFIX + indicator.unit, indicator.unit):
        if after.startswith(unit):
            slot, after = replace(slot, unit=unit), after[len(unit) :]
            break
    return (*([Text(before)] if before else []), slot, *([Text(after)] if after else []))


def _own_blank(sentence: str, unit: str) -> re.Match | None:
    """The XX of the indicator's own figure: the one its unit follows ("XX余场次XXX余人次"
    holds two figures; 人次's is the second), else the last one."""
    blanks = list(BLANK.finditer(sentence))
    for blank in blanks:
        after = sentence[blank.end() :]
        if after.startswith((unit, UNIT_PREFIX + unit)):
            return blank
    return blanks[-1] if blanks else None


def _paragraph(indicators: list[Indicator]) -> tuple:
    tokens: list = []
    for indicator in indicators:
        if tokens:
            tokens.append(Text("，"))
        tokens += sentence_tokens(indicator)
    return (*tokens, Text("。"))


def with_own_sentences(parts: list[Part], asked: list[Indicator]) -> list[Part]:
    """``parts`` with the sentences of the ``asked`` indicators (in report order) that
    no template mentions, each section's at the end of its part."""
    codes, texts = _mentioned(parts)
    by_section: dict[str, list[Indicator]] = {}
    for indicator in asked:
        sentence = PUNCTUATION.sub("", indicator.source_sentence)
        if indicator.code in codes or (
            sentence and not BLANK.search(sentence) and any(sentence in text for text in texts)
        ):
            continue
        by_section.setdefault(indicator.section_id, []).append(indicator)
    if not by_section:
        return parts
    out = []
    for part in parts:
        own = by_section.pop(part.code, None) if part.kind == "section" else None
        if own:
            template = part.template
            part = replace(
                part,
                template=replace(template, paragraphs=(*template.paragraphs, _paragraph(own))),
            )
        if part.kind == "closing":
            out += _new_parts(by_section)
            by_section = {}
        out.append(part)
    return out + _new_parts(by_section)


def _new_parts(by_section: dict[str, list[Indicator]]) -> list[Part]:
    """A part for each section no template has, in section order."""
    parts = []
    for code, indicators in sorted(by_section.items(), key=lambda item: item[1][0].section.number):
        section = indicators[0].section
        template = Template(
            f"{section.number:02d}_{code}", (Text(section.heading),), (_paragraph(indicators),)
        )
        parts.append(Part("section", code, template))
    return parts
