"""The whole catalogue as TOML text, in the format of ``catalogue.toml``: written from
the database, and read back into states (dicts of the models' field names).

The text is what a version keeps (``CatalogueVersion.snapshot``), what the export
gives and what an import reads. An indicator's ``order`` and a rule's are their
places in the text (1, 2, …: per section for indicators), so that two texts compare
by what they say.
"""

import copy
import functools
import json
import re
import tomllib
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators.support.decimals import plain

from ..models import CatalogueRule, Indicator, Section
from .fields import indicator_clean, rule_clean, section_clean
from .refused import CatalogueRefused

HEADER = """\
# 指标目录（镇域发展指标看板导出）。格式与仓库中的 indicators/catalogue/catalogue.toml 相同，
# 另有 scope（适用范围的区划代码，省略表示全部地区）、active_from（从该年起填报，省略表示各年）、
# retired_from（停用年份）和 [[rules]]
# （校验规则）。可在“指标目录 → 导入”中预览差异后导入。
"""

# TOML keys of each table → the model's field names (the order they are written in).
SECTION_KEYS = {
    "code": "code",
    "number": "number",
    "heading": "heading",
    "heading_en": "heading_en",
    "short_name": "short_name",
    "title_en": "title_en",
    "public": "is_public",
}
INDICATOR_KEYS = {
    "code": "code",
    "section": "section_id",
    "name": "name",
    "name_en": "name_en",
    "unit": "unit",
    "unit_en": "unit_en",
    "value_type": "value_type",
    "decimals": "decimals",
    "min": "min_value",
    "max": "max_value",
    "higher_is_better": "higher_is_better",
    "aggregation": "aggregation",
    "public": "is_public",
    "sentence": "source_sentence",
    "scope": "scope_id",
    "active_from": "active_from",
    "retired_from": "retired_from",
}
RULE_KEYS = {
    "code": "code",
    "kind": "kind",
    "indicator": "indicator_id",
    "other": "other_id",
    "limit_percent": "limit_percent",
    "title": "title",
    "explanation": "explanation",
    "title_en": "title_en",
    "explanation_en": "explanation_en",
    "blocks_submit": "blocks_submit",
}
# Written only when they differ from what an absent key means.
OMITTED = {
    "is_public": True,
    "higher_is_better": None,
    "scope_id": None,
    "active_from": None,
    "retired_from": None,
}
RULE_OMITTED = {"indicator_id": None, "other_id": None, "limit_percent": None}


@dataclass
class Catalogue:
    """A catalogue as states by code, in the text's order."""

    sections: dict[str, dict] = field(default_factory=dict)
    indicators: dict[str, dict] = field(default_factory=dict)
    rules: dict[str, dict] = field(default_factory=dict)


# --- writing


def _value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return _string(plain(value))
    # JSON's escapes are TOML's (\" \\ \n \t \uXXXX); DEL must be escaped in TOML too.
    return _string(str(value))


def _string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def _table(name: str, state: dict, keys: dict[str, str], omitted: dict) -> list[str]:
    lines = [f"[[{name}]]"]
    for key, attribute in keys.items():
        value = state.get(attribute)
        if (
            attribute in omitted
            and value == omitted[attribute]
            and type(value) is type(omitted[attribute])
        ):
            continue
        lines.append(f"{key} = {_value(value)}")
    return lines


def catalogue_toml() -> str:
    """The catalogue as it stands, in the file's format; sections, then indicators in
    report order, then rules."""
    lines = [HEADER]
    for section in Section.objects.order_by("number"):
        state = {name: getattr(section, name) for name in SECTION_KEYS.values()}
        lines += [*_table("sections", state, SECTION_KEYS, {"is_public": True}), ""]
    for indicator in Indicator.objects.order_by("section__number", "order", "code"):
        state = {name: getattr(indicator, name) for name in INDICATOR_KEYS.values()}
        lines += [*_table("indicators", state, INDICATOR_KEYS, OMITTED), ""]
    for rule in CatalogueRule.objects.order_by("order", "code"):
        state = {name: getattr(rule, name) for name in RULE_KEYS.values()}
        lines += [*_table("rules", state, RULE_KEYS, RULE_OMITTED), ""]
    return "\n".join(lines)


# --- reading

_AT = re.compile(r"at line (\d+), column (\d+)")


def _toml(text: str) -> dict:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        found = _AT.search(str(error))
        line, column = (int(found[1]), int(found[2])) if found else (None, None)
        if line is None:
            message = _("目录文件不是有效的 TOML：%(error)s") % {"error": error}
        else:
            message = _(
                "目录文件第 %(line)s 行第 %(column)s 列不是有效的 TOML，"
                "请检查该处的引号、括号和等号。"
            ) % {
                "line": line,
                "column": column,
            }
        details = [{"line": line, "column": column, "error": str(error)}]
        raise CatalogueRefused("bad_toml", message, details=details) from None


def _lines_of(text: str, table: str) -> list[int]:
    """The line numbers of each ``[[table]]`` header, in order."""
    header = re.compile(rf"^\s*\[\[\s*{table}\s*\]\]")
    return [number for number, line in enumerate(text.splitlines(), 1) if header.match(line)]


WHAT = {
    "sections": gettext_lazy("报告部分"),
    "indicators": gettext_lazy("指标"),
    "rules": gettext_lazy("规则"),
}


def _located(refusal: CatalogueRefused, line: int | None, table: str, code) -> CatalogueRefused:
    """The refusal of one table's entry, saying where it is in the text."""
    where = {"line": line, "what": WHAT[table], "code": code if isinstance(code, str) else "?"}
    if line is not None:
        prefix = _("第 %(line)s 行（%(what)s %(code)s）：") % where
    else:
        prefix = _("%(what)s %(code)s：") % where
    details = [{"line": line, "table": table, "code": where["code"]}, *refusal.details]
    return CatalogueRefused(
        refusal.code, prefix + refusal.message, field=refusal.field, details=details
    )


def _entries(data: dict, text: str, table: str, keys: dict[str, str]):
    """(line, raw fields under the models' names) of each entry of ``[[table]]``."""
    raw = data.get(table, [])
    if not isinstance(raw, list) or not all(isinstance(item, dict) for item in raw):
        message = _("目录文件中的 %(table)s 应写成 [[%(table)s]] 表。") % {"table": table}
        raise CatalogueRefused("bad_toml", message)
    lines = _lines_of(text, table)
    for index, item in enumerate(raw):
        line = lines[index] if index < len(lines) and len(lines) == len(raw) else None
        unknown = sorted(set(item) - set(keys))
        if unknown:
            refusal = CatalogueRefused(
                "unknown_field",
                _("未知的字段：%(names)s。") % {"names": "、".join(unknown)},
                field=unknown[0],
            )
            raise _located(refusal, line, table, item.get("code"))
        yield line, item.get("code"), {keys[key]: value for key, value in item.items()}


def catalogue_parse(text: str, *, check: bool = True) -> Catalogue:
    """The catalogue a TOML text describes, every entry checked as an edit would be.

    ``check=False`` reads a stored snapshot: its scopes are not looked up again (a
    region may have been retired since), so the same text always reads the same and
    is parsed once (each load and each comparison of versions reads snapshots).
    """
    if not check:
        return copy.deepcopy(_snapshot_parse(text))
    return _parse(text, check=True)


@functools.lru_cache(maxsize=8)
def _snapshot_parse(text: str) -> Catalogue:
    return _parse(text, check=False)


def _parse(text: str, *, check: bool) -> Catalogue:
    if "\x00" in text:
        raise CatalogueRefused("bad_toml", _("目录文件不能包含空字符。"))
    data = _toml(text)
    unknown = sorted(set(data) - {"sections", "indicators", "rules"})
    if unknown:
        message = _("目录文件中有未知的表：%(names)s（应为 sections、indicators、rules）。")
        raise CatalogueRefused("bad_toml", message % {"names": "、".join(unknown)})
    catalogue = Catalogue()
    _sections_read(catalogue, data, text)
    _indicators_read(catalogue, data, text, check)
    _rules_read(catalogue, data, text)
    return catalogue


@contextmanager
def _at(line: int | None, table: str, code):
    """A refusal of the entry read in the block says where the entry is."""
    try:
        yield
    except CatalogueRefused as refusal:
        raise _located(refusal, line, table, code) from None


def _sections_read(catalogue: Catalogue, data: dict, text: str) -> None:
    numbers: dict[int, str] = {}
    for line, code, raw in _entries(data, text, "sections", SECTION_KEYS):
        with _at(line, "sections", code):
            state = section_clean(raw)
            if state["code"] in catalogue.sections:
                raise CatalogueRefused("duplicate_code", _("报告部分代码重复。"), field="code")
            if state["number"] in numbers:
                raise CatalogueRefused(
                    "duplicate_number",
                    _("序号 %(n)s 已被报告部分 %(other)s 使用。")
                    % {"n": state["number"], "other": numbers[state["number"]]},
                    field="number",
                )
        numbers[state["number"]] = state["code"]
        catalogue.sections[state["code"]] = state


def _indicators_read(catalogue: Catalogue, data: dict, text: str, check: bool) -> None:
    orders: dict[str, int] = {}
    names: dict[str, str] = {}  # name → code: a text to import names each indicator once
    for line, code, raw in _entries(data, text, "indicators", INDICATOR_KEYS):
        with _at(line, "indicators", code):
            state = indicator_clean(raw, sections=catalogue.sections, check_scope=check)
            if state["code"] in catalogue.indicators:
                raise CatalogueRefused("duplicate_code", _("指标代码重复。"), field="code")
            if check and state["name"] in names:
                raise CatalogueRefused(
                    "duplicate_name",
                    _("指标名称“%(name)s”与指标 %(other)s 重复；报告模板按名称找到指标。")
                    % {"name": state["name"], "other": names[state["name"]]},
                    field="name",
                )
        names.setdefault(state["name"], state["code"])
        orders[state["section_id"]] = orders.get(state["section_id"], 0) + 1
        state["order"] = orders[state["section_id"]]
        catalogue.indicators[state["code"]] = state


def _rules_read(catalogue: Catalogue, data: dict, text: str) -> None:
    for order, (line, code, raw) in enumerate(_entries(data, text, "rules", RULE_KEYS), 1):
        with _at(line, "rules", code):
            state = rule_clean({**raw, "order": order}, indicators=catalogue.indicators)
            if state["code"] in catalogue.rules:
                raise CatalogueRefused("duplicate_code", _("规则代码重复。"), field="code")
        catalogue.rules[state["code"]] = state


def current_catalogue() -> Catalogue:
    """The catalogue as it stands, read as its export would be."""
    return catalogue_parse(catalogue_toml(), check=False)
