"""The report's templates: the installation's files, each region's own edited versions,
read and checked against the indicator catalogue.

Files in ``templates/`` print in name order: ``00_preamble.txt``, one file per report
section named ``NN_<section code>.txt``, and ``99_closing.txt``. They are the
installation's default; a county report reads ``templates/county/<name>.txt`` instead
where that file exists. A county or town may save its own version of a part in the
browser (``ReportTemplateVersion``, ``editing.py``); a part resolves to the region's
latest version, else (for a town) its county's, else the file. A file is read again
when it changes on disk, and a saved version shows on the next page load.

A figure names its indicator by its Chinese name and is followed by its unit. The
files were written for the catalogue file (``indicators/catalogue/catalogue.toml``);
an administrator may rename an indicator or change its unit in the browser since, so
a figure may also use the name and unit the catalogue file gives the indicator, and
prints the unit it has now. (Saved versions are rewritten by the catalogue change
itself: ``editing.templates_renamed``.)
"""

import difflib
import logging
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from .. import catalogue
from ..models import Indicator, Level, Region, ReportTemplateVersion
from .places import ancestor_code
from .syntax import UNIT_PREFIX, Group, Slot, Template, TemplateError, Text, parse

TEMPLATE_DIR = Path(__file__).with_name("templates")
logger = logging.getLogger(__name__)
COUNTY_DIR = "county"  # a county report's own default files, where present
PREAMBLE = "preamble"
CLOSING = "closing"

# Where a part's text comes from (``Source.origin``).
OWN, COUNTY, FILE = "own", "county", "file"

_cache: dict[Path, tuple[tuple, dict[str, tuple[str, Template]]]] = {}
_file_names: dict = {}  # "stamp": (path, mtime); "names": code → (name, unit) in the file


@dataclass(frozen=True)
class Part:
    """A template bound to the catalogue: what it is, and its tokens with indicator codes."""

    kind: str  # "preamble", "section" or "closing"
    code: str  # the section's code; the kind for the preamble and closing
    template: Template


@dataclass(frozen=True)
class Source:
    """The text a region's report prints for one part, and where it comes from."""

    name: str  # the file stem, "01_industry"
    text: str
    origin: str  # OWN, COUNTY or FILE
    version: ReportTemplateVersion | None  # the saved version printed, if any


def kind_of(name: str) -> tuple[str, str]:
    """("section", code) from "01_industry"; the preamble and closing by their names."""
    _number, _sep, code = name.partition("_")
    if code in (PREAMBLE, CLOSING):
        return code, code
    return "section", code


def _read(directory: Path) -> dict[str, tuple[str, Template]]:
    """name → (text, template) of every file in ``directory``; cached until one changes."""
    files = sorted(directory.glob("*.txt"))
    stamp = tuple((path.name, path.stat().st_mtime_ns, path.stat().st_size) for path in files)
    cached = _cache.get(directory)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    read = {}
    for path in files:
        text = path.read_text(encoding="utf-8")
        read[path.stem] = (text, parse(path.stem, text))
    _cache[directory] = (stamp, read)
    return read


def default_texts(level: str, directory: Path = TEMPLATE_DIR) -> dict[str, str]:
    """name → the installation's text of each part for a report of ``level``, in order."""
    texts = {name: text for name, (text, _template) in _read(directory).items()}
    if not texts:
        raise TemplateError(f"{directory} 中没有报告模板。")
    if level == Level.COUNTY and (directory / COUNTY_DIR).is_dir():
        for name, (text, _template) in _read(directory / COUNTY_DIR).items():
            if name in texts:
                texts[name] = text
    return texts


def template_regions(region: Region) -> list[str]:
    """The codes whose saved versions a region's report reads, nearest first."""
    if region.level == Level.TOWN:
        return [region.code, ancestor_code(region.code, Level.COUNTY)]
    return [region.code]


def resolve(region: Region, directory: Path = TEMPLATE_DIR) -> list[Source]:
    """Each part's text for ``region``: its own latest version, else its county's
    (a town), else the installation's file. One query."""
    chain = template_regions(region)
    latest = {
        (version.region_id, version.name): version
        for version in ReportTemplateVersion.objects.filter(region_id__in=chain).current()
    }
    sources = []
    for name, text in default_texts(region.level, directory).items():
        source = Source(name, text, FILE, None)
        for code, origin in zip(chain, (OWN, COUNTY), strict=False):
            version = latest.get((code, name))
            if version is not None:
                source = Source(name, version.text, origin, version)
                break
        sources.append(source)
    return sources


@lru_cache(maxsize=512)
def _parsed(name: str, text: str) -> Template:
    """A saved version parsed once per process: versions never change, so the text
    (which a new version's id always comes with) is the whole cache key."""
    return parse(name, text)


def _suggestion(name: str, names: list[str]) -> str:
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.4)
    return f"（是不是“{close[0]}”？）" if close else ""


def _catalogue_file() -> dict[str, tuple[str, str]]:
    """code → (name, unit) of each indicator in the installation's catalogue file, which
    the default templates were written for; read again when the file changes. Empty
    (and logged) when the file cannot be read: the catalogue in the database still binds."""
    path = catalogue.CATALOGUE_FILE
    try:
        stamp = (path, path.stat().st_mtime_ns)
        if _file_names.get("stamp") != stamp:
            _sections, indicators = catalogue.read_catalogue(path)
            names = {row["code"]: (row["name"], row["unit"]) for row in indicators}
            _file_names.update(stamp=stamp, names=names)
    except (OSError, KeyError, ValueError):  # CatalogueError and TOMLDecodeError are ValueErrors
        logger.warning("the catalogue file cannot be read for the templates' names", exc_info=True)
        return {}
    return _file_names["names"]


@dataclass(frozen=True)
class Names:
    """Each indicator under the name a template may call it: its name now, else the name
    it has in the catalogue file (renamed in the browser since); and its units."""

    now: dict[str, list[Indicator]]
    filed: dict[str, list[Indicator]]
    units: dict[str, tuple[str, ...]]  # code → its unit now, then its unit in the file

    @classmethod
    def of(cls, indicators: list[Indicator]) -> "Names":
        filed_as = _catalogue_file()
        now: dict[str, list[Indicator]] = {}
        filed: dict[str, list[Indicator]] = {}
        units = {}
        for indicator in indicators:
            now.setdefault(indicator.name, []).append(indicator)
            name, unit = filed_as.get(indicator.code, (indicator.name, indicator.unit))
            if name != indicator.name:
                filed.setdefault(name, []).append(indicator)
            units[indicator.code] = tuple(dict.fromkeys((indicator.unit, unit)))
        return cls(now, filed, units)

    def candidates(self, name: str) -> list[Indicator]:
        """The indicators a figure of this name may be: by their names now first."""
        return [*self.now.get(name, ()), *self.filed.get(name, ())]

    def known(self) -> list[str]:
        return list(self.now)


def _unit_written(text: str, units: tuple[str, ...]) -> tuple[str, bool] | None:
    """(the unit as written after the figure, whether "余" comes first): the longest of
    the indicator's units the text starts with; the unit it has now on a tie."""
    found = [
        (prefix + unit, bool(prefix))
        for unit in units
        for prefix in ("", UNIT_PREFIX)
        if text.startswith(prefix + unit)
    ]
    return max(found, key=lambda item: len(item[0]), default=None)


def _bind_slot(
    template: Template, slot: Slot, after, names: Names, code: str | None
) -> tuple[Slot, Text | None]:
    """The figure with its indicator and unit, and the text left after the unit.

    A figure may name the indicator as the catalogue file does, followed by the file's
    unit (the installation's templates were written for it): it prints the unit the
    indicator has now, which its figures are stored in.
    """
    where = f"{template.name}.txt 第 {slot.line} 行"
    candidates = names.candidates(slot.name)
    if not candidates:
        hint = _suggestion(slot.name, names.known())
        raise TemplateError(f"{where}：指标目录中没有“{slot.name}”{hint}。")
    text = after.text if isinstance(after, Text) else ""
    problems = []
    for indicator in candidates:
        if code is not None and indicator.section_id != code:
            problems.append(
                f"{where}：“{slot.name}”属于“{indicator.section.short_name}”部分，不属于本部分。"
            )
            continue
        written = _unit_written(text, names.units[indicator.code])
        if written is None:
            problems.append(
                f"{where}：【{slot.name}】后面要紧跟它的单位“{indicator.unit}”"
                f"（可写作“{UNIT_PREFIX}{indicator.unit}”）。"
            )
            continue
        unit, about = written
        rest = text[len(unit) :]
        printed = (UNIT_PREFIX if about else "") + indicator.unit
        return replace(slot, unit=printed, code=indicator.code), Text(rest) if rest else None
    raise TemplateError(problems[0])


def _bind_tokens(template: Template, tokens: tuple, names: Names, code: str | None) -> tuple:
    """The tokens with each figure bound; the unit moves from the text after it into it."""
    bound = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        index += 1
        if isinstance(token, Group):
            options = tuple(_bind_tokens(template, option, names, code) for option in token.options)
            bound.append(Group(options))
            continue
        if not isinstance(token, Slot):
            bound.append(token)
            continue
        after = tokens[index] if index < len(tokens) else None
        slot, rest = _bind_slot(template, token, after, names, code)
        bound.append(slot)
        if isinstance(after, Text):
            index += 1  # the text after the figure: its unit, then the rest
            if rest is not None:
                bound.append(rest)
    return tuple(bound)


def bind(
    templates: list[Template], indicators: list[Indicator], *, own_section: bool = True
) -> list[Part]:
    """The templates with each figure's indicator code and unit; fails on any mismatch.

    A figure must name an indicator of the catalogue by its Chinese name (or the name
    the catalogue file gives it), belong to the section of its file (unless not
    ``own_section``), be followed by that indicator's unit (or the file's), and stay
    out of headings.
    """
    names = Names.of(indicators)
    sections = {indicator.section_id for indicator in indicators}
    parts = []
    for template in templates:
        kind, code = kind_of(template.name)
        if kind == "section" and code not in sections:
            raise TemplateError(
                f"{template.name}.txt：文件名中的“{code}”不是报告部分的代码"
                f"（{'、'.join(sorted(sections))}）。"
            )
        section = code if kind == "section" and own_section else None
        for token in template.heading:
            if isinstance(token, Slot):
                where = f"{template.name}.txt 第 {token.line} 行"
                raise TemplateError(f"{where}：标题中不能写指标数字。")
        bound = replace(
            template,
            paragraphs=tuple(
                _bind_tokens(template, paragraph, names, section)
                for paragraph in template.paragraphs
            ),
        )
        parts.append(Part(kind, code, bound))
    return parts


def region_parts(
    region: Region,
    indicators: list[Indicator],
    directory: Path = TEMPLATE_DIR,
    drafts: Mapping[str, str] | None = None,
) -> list[Part]:
    """The parts a region's report prints, bound to the catalogue, in order.

    ``drafts`` (name → text) stand in for parts being edited and not saved (the
    editor's preview); a mistake in one fails. A saved version that the catalogue has
    outgrown since (an indicator renamed) prints the installation's text instead, so
    that the report still reads; its editor shows the mistake.
    """
    drafts = drafts or {}
    defaults = default_texts(region.level, directory)
    parts = []
    for source in resolve(region, directory):
        if source.name in drafts:
            parts += bind([parse(source.name, drafts[source.name])], indicators)
            continue
        try:
            # The installation's files keep printing an indicator that an administrator
            # has since moved to another section, where they name it.
            own_section = source.origin != FILE
            parts += bind([_parsed(source.name, source.text)], indicators, own_section=own_section)
        except TemplateError:
            if source.origin == FILE:
                raise
            logger.warning(
                "report template %s of %s no longer reads: printing the default",
                source.name,
                source.version.region_id if source.version else region.code,
                exc_info=True,
            )
            parts += bind([_parsed(source.name, defaults[source.name])], indicators)
    return in_section_order(parts, indicators)


def in_section_order(parts: list[Part], indicators: list[Indicator]) -> list[Part]:
    """The preamble, the sections in the catalogue's order (an administrator may
    reorder them), and the closing; parts of one kind keep their file order."""
    numbers = {indicator.section_id: indicator.section.number for indicator in indicators}
    rank = {PREAMBLE: 0, "section": 1, CLOSING: 2}
    return sorted(
        parts,
        key=lambda part: (
            rank[part.kind],
            numbers.get(part.code, 0) if part.kind == "section" else 0,
        ),
    )
