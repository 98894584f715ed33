"""The template files of the report, read and checked against the indicator catalogue.

Files in ``templates/`` print in name order: ``00_preamble.txt``, one file per report
section named ``NN_<section code>.txt``, and ``99_closing.txt``. A file is read again
when it changes on disk, so an edited template shows on the next page load.
"""

import difflib
from dataclasses import dataclass, replace
from pathlib import Path

from ..models import Indicator
from .syntax import UNIT_PREFIX, Group, Slot, Template, TemplateError, Text, parse

TEMPLATE_DIR = Path(__file__).with_name("templates")
PREAMBLE = "preamble"
CLOSING = "closing"

_cache: dict[Path, tuple[tuple, list[Template]]] = {}


@dataclass(frozen=True)
class Part:
    """A template bound to the catalogue: what it is, and its tokens with indicator codes."""

    kind: str  # "preamble", "section" or "closing"
    code: str  # the section's code; the kind for the preamble and closing
    template: Template


def kind_of(name: str) -> tuple[str, str]:
    """("section", code) from "01_industry"; the preamble and closing by their names."""
    _number, _sep, code = name.partition("_")
    if code in (PREAMBLE, CLOSING):
        return code, code
    return "section", code


def load_templates(directory: Path = TEMPLATE_DIR) -> list[Template]:
    """Every template file in name order, parsed; cached until a file changes."""
    files = sorted(directory.glob("*.txt"))
    if not files:
        raise TemplateError(f"{directory} 中没有报告模板。")
    stamp = tuple((path.name, path.stat().st_mtime_ns, path.stat().st_size) for path in files)
    cached = _cache.get(directory)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    templates = [parse(path.stem, path.read_text(encoding="utf-8")) for path in files]
    _cache[directory] = (stamp, templates)
    return templates


def _suggestion(name: str, names: list[str]) -> str:
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.4)
    return f"（是不是“{close[0]}”？）" if close else ""


def _bind_slot(
    template: Template, slot: Slot, after, by_name: dict[str, Indicator], code: str | None
) -> tuple[Slot, Text | None]:
    """The figure with its indicator and unit, and the text left after the unit."""
    where = f"{template.name}.txt 第 {slot.line} 行"
    indicator = by_name.get(slot.name)
    if indicator is None:
        hint = _suggestion(slot.name, list(by_name))
        raise TemplateError(f"{where}：指标目录中没有“{slot.name}”{hint}。")
    if code is not None and indicator.section_id != code:
        raise TemplateError(
            f"{where}：“{slot.name}”属于“{indicator.section.short_name}”部分，不属于本部分。"
        )
    text = after.text if isinstance(after, Text) else ""
    for unit in (indicator.unit, UNIT_PREFIX + indicator.unit):
        if text.startswith(unit):
            rest = text[len(unit) :]
            return replace(slot, unit=unit, code=indicator.code), Text(rest) if rest else None
    raise TemplateError(
        f"{where}：【{slot.name}】后面要紧跟它的单位“{indicator.unit}”"
        f"（可写作“{UNIT_PREFIX}{indicator.unit}”）。"
    )


def _bind_tokens(template: Template, tokens: tuple, by_name, code: str | None) -> tuple:
    """The tokens with each figure bound; the unit moves from the text after it into it."""
    bound = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        index += 1
        if isinstance(token, Group):
            options = tuple(
                _bind_tokens(template, option, by_name, code) for option in token.options
            )
            bound.append(Group(options))
            continue
        if not isinstance(token, Slot):
            bound.append(token)
            continue
        after = tokens[index] if index < len(tokens) else None
        slot, rest = _bind_slot(template, token, after, by_name, code)
        bound.append(slot)
        if isinstance(after, Text):
            index += 1  # the text after the figure: its unit, then the rest
            if rest is not None:
                bound.append(rest)
    return tuple(bound)


def bind(templates: list[Template], indicators: list[Indicator]) -> list[Part]:
    """The templates with each figure's indicator code and unit; fails on any mismatch.

    A figure must name an indicator of the catalogue by its Chinese name, belong to
    the section of its file, be followed by that indicator's unit, and stay out of
    headings.
    """
    by_name = {indicator.name: indicator for indicator in indicators}
    sections = {indicator.section_id for indicator in indicators}
    parts = []
    for template in templates:
        kind, code = kind_of(template.name)
        if kind == "section" and code not in sections:
            raise TemplateError(
                f"{template.name}.txt：文件名中的“{code}”不是报告部分的代码"
                f"（{'、'.join(sorted(sections))}）。"
            )
        section = code if kind == "section" else None
        for token in template.heading:
            if isinstance(token, Slot):
                where = f"{template.name}.txt 第 {token.line} 行"
                raise TemplateError(f"{where}：标题中不能写指标数字。")
        bound = replace(
            template,
            paragraphs=tuple(
                _bind_tokens(template, paragraph, by_name, section)
                for paragraph in template.paragraphs
            ),
        )
        parts.append(Part(kind, code, bound))
    return parts
