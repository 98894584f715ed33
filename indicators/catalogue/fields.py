"""The fields of a section, an indicator or a rule, however they arrive (a form, a JSON
body, a TOML file), read and checked: each mistake is a :class:`CatalogueRefused`
with one Chinese sentence and the field it belongs to.

A state is a dict of the model's field names (``section_id``, ``scope_id``…), the
shape the editing service compares, saves and writes to TOML. Checks that need other
rows (a duplicate code, figures already entered) are the editing service's.
"""

import re
from collections.abc import Collection, Mapping
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from indicators.audit import reasons
from indicators.figures.rules import OUTSIDE_BOUNDS

# Decimal places that carry a digit (12.50 has one): the figures' own count.
from indicators.figures.validation import _decimal_places as places

from ..models import (
    DECIMAL_PLACES,
    FIRST_YEAR,
    LAST_YEAR,
    Aggregation,
    CatalogueRule,
    Indicator,
    Level,
    Region,
    RuleKind,
    Section,
    ValueType,
)
from .refused import CatalogueRefused

#: The largest figure the column holds (15 digits, 4 places), and so the largest bound.
LARGEST = Decimal("99999999999.9999")
#: limit_percent: 7 digits, 2 places.
LIMIT_LARGEST = Decimal("99999.99")
SMALLINT = 32767
CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")  # a slug, as the API's paths take it
#: An indicator applies everywhere, or in one province's, prefecture's or county's subtree.
SCOPE_LEVELS = (Level.PROVINCE, Level.PREFECTURE, Level.COUNTY)

SECTION_FIELDS = ("code", "number", "heading", "heading_en", "short_name", "title_en", "is_public")
INDICATOR_FIELDS = (
    "code",
    "section_id",
    "order",
    "name",
    "name_en",
    "unit",
    "unit_en",
    "value_type",
    "decimals",
    "min_value",
    "max_value",
    "higher_is_better",
    "aggregation",
    "is_public",
    "source_sentence",
    "scope_id",
    "active_from",
    "retired_from",
)
RULE_FIELDS = (
    "code",
    "kind",
    "indicator_id",
    "other_id",
    "limit_percent",
    "title",
    "explanation",
    "title_en",
    "explanation_en",
    "blocks_submit",
    "order",
)

#: Other names callers use for a field: the API's and the form's, and the TOML file's.
ALIASES = {
    "section": "section_id",
    "scope": "scope_id",
    "indicator": "indicator_id",
    "other": "other_id",
    "min": "min_value",
    "max": "max_value",
    "public": "is_public",
    "sentence": "source_sentence",
}
#: The name a refusal gives a field: the one the API and the forms use.
SHOWN = {
    "section_id": "section",
    "scope_id": "scope",
    "indicator_id": "indicator",
    "other_id": "other",
}

MODELS = {"section": Section, "indicator": Indicator, "rule": CatalogueRule}


def shown(name: str) -> str:
    return SHOWN.get(name, name)


def label(kind: str, name: str) -> str:
    """The field's Chinese name, as the model's verbose name gives it."""
    model = MODELS[kind]
    field = model._meta.get_field(name.removesuffix("_id"))
    return str(field.verbose_name)


def _refuse(kind: str, name: str, message: str, code: str = "bad_value") -> CatalogueRefused:
    return CatalogueRefused(code, message, field=shown(name))


def _text(kind: str, name: str, raw, *, max_length: int, required: bool = False) -> str:
    what = label(kind, name)
    if raw is None:
        raw = ""
    if not isinstance(raw, str):
        raise _refuse(kind, name, _("%(field)s应为文本。") % {"field": what})
    if "\x00" in raw:
        raise _refuse(kind, name, _("%(field)s不能包含空字符。") % {"field": what})
    text = raw.strip()
    if required and not text:
        raise _refuse(kind, name, _("请填写%(field)s。") % {"field": what}, "required")
    if len(text) > max_length:
        message = _("%(field)s最多 %(max)s 个字，现在有 %(n)s 个字。")
        raise _refuse(kind, name, message % {"field": what, "max": max_length, "n": len(text)})
    return text


def _code(kind: str, raw, *, max_length: int) -> str:
    code = _text(kind, "code", raw, max_length=max_length, required=True)
    if not CODE.fullmatch(code):
        raise _refuse(
            kind,
            "code",
            _("代码“%(code)s”无效：只能用英文字母、数字、下划线和连字符，以字母或数字开头。")
            % {"code": code},
            "bad_code",
        )
    return code


def _integer(kind: str, name: str, raw, *, low: int, high: int, message: str) -> int:
    number = None
    if isinstance(raw, int) and not isinstance(raw, bool):
        number = raw
    elif isinstance(raw, Decimal) and raw.is_finite() and raw == raw.to_integral_value():
        number = int(raw)
    elif isinstance(raw, str) and raw.strip().isascii() and raw.strip().isdigit():
        number = int(raw.strip())
    if number is None or not low <= number <= high:
        raise _refuse(kind, name, message)
    return number


def decimal_of(raw) -> Decimal | None:
    """A number as a Decimal (text, int, Decimal, float by its shortest repr); None if not one."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, float):
        raw = repr(raw)
    if isinstance(raw, str):
        raw = raw.strip().replace(",", "")
    try:
        number = Decimal(raw) if isinstance(raw, int | str | Decimal) else None
    except (InvalidOperation, ValueError):
        return None
    return number if number is not None and number.is_finite() else None


def _bound(name: str, raw) -> Decimal:
    what = label("indicator", name)
    number = decimal_of(raw)
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        raise _refuse("indicator", name, _("请填写%(field)s。") % {"field": what}, "required")
    if number is None:
        raise _refuse("indicator", name, _("%(field)s应为数字。") % {"field": what})
    if number < 0:
        raise _refuse("indicator", name, _("%(field)s不能小于 0。") % {"field": what})
    if number > LARGEST or places(number) > DECIMAL_PLACES:
        message = _("%(field)s最大为 99999999999.9999，最多 4 位小数。")
        raise _refuse("indicator", name, message % {"field": what})
    return number


def _boolean(kind: str, name: str, raw, *, nullable: bool = False) -> bool | None:
    if nullable and raw in (None, ""):
        return None
    if isinstance(raw, str) and raw.strip().lower() in ("true", "false"):
        return raw.strip().lower() == "true"
    if not isinstance(raw, bool):
        message = _("%(field)s应为 true 或 false。") % {"field": label(kind, name)}
        if nullable:
            message = _("%(field)s应为 true、false 或 null。") % {"field": label(kind, name)}
        raise _refuse(kind, name, message)
    return raw


def _choice(kind: str, name: str, raw, choices) -> str:
    options = "、".join(f"{value}（{text}）" for value, text in choices.choices)
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        message = _("请填写%(field)s，可选：%(options)s。")
        raise _refuse(
            kind, name, message % {"field": label(kind, name), "options": options}, "required"
        )
    if raw not in choices.values:
        message = _("%(field)s“%(value)s”无效，可选：%(options)s。") % {
            "field": label(kind, name),
            "value": raw,
            "options": options,
        }
        raise _refuse(kind, name, message)
    return raw


def _fields(kind: str, raw: Mapping, names: tuple[str, ...]) -> dict:
    """The caller's fields under the model's names; an unknown one is refused."""
    fields = {}
    for key, value in raw.items():
        name = ALIASES.get(key, key)
        if name not in names:
            raise CatalogueRefused(
                "unknown_field", _("未知的字段：%(name)s。") % {"name": key}, field=str(key)
            )
        fields[name] = value
    return fields


# --- sections


SECTION_DEFAULTS = {"heading_en": "", "title_en": "", "is_public": True}


def section_clean(raw: Mapping, current: dict | None = None) -> dict:
    fields = _fields("section", raw, SECTION_FIELDS)
    state = dict(current) if current is not None else dict(SECTION_DEFAULTS)
    state.update(fields)
    kind = "section"
    number_message = _("序号应为 1～%(max)s 之间的整数。") % {"max": SMALLINT}
    return {
        "code": _code(kind, state.get("code"), max_length=40),
        "number": _integer(
            kind, "number", state.get("number"), low=1, high=SMALLINT, message=number_message
        ),
        "heading": _text(kind, "heading", state.get("heading"), max_length=200, required=True),
        "heading_en": _text(kind, "heading_en", state.get("heading_en"), max_length=200),
        "short_name": _text(
            kind, "short_name", state.get("short_name"), max_length=40, required=True
        ),
        "title_en": _text(kind, "title_en", state.get("title_en"), max_length=200),
        "is_public": _boolean(kind, "is_public", state.get("is_public")),
    }


# --- indicators


INDICATOR_DEFAULTS = {
    "order": None,
    "name_en": "",
    "unit_en": "",
    "decimals": 0,
    "min_value": Decimal(0),
    "higher_is_better": None,
    "is_public": True,
    "source_sentence": "",
    "scope_id": None,
    "active_from": None,
    "retired_from": None,
}


def scope_check(raw) -> str | None:
    """A scope: none (the whole installation) or an existing province, prefecture or county."""
    if raw in (None, ""):
        return None
    code = raw.code if isinstance(raw, Region) else raw
    region = Region.objects.filter(code=code).first() if isinstance(code, str) else None
    if region is None or region.level not in SCOPE_LEVELS or region.retired_from is not None:
        raise _refuse(
            "indicator",
            "scope_id",
            _("适用范围应为现有的省、市或县的区划代码，“%(code)s”不是；留空表示全部地区。")
            % {"code": code},
            "bad_scope",
        )
    return region.code


def year_clean(kind: str, name: str, raw) -> int | None:
    if raw in (None, ""):
        return None
    message = _("年份应为 %(first)s～%(last)s 之间的整数。") % {
        "first": FIRST_YEAR,
        "last": LAST_YEAR,
    }
    return _integer(kind, name, raw, low=FIRST_YEAR, high=LAST_YEAR, message=message)


def indicator_clean(
    raw: Mapping,
    current: dict | None = None,
    *,
    sections: Collection[str],
    check_scope: bool = True,
) -> dict:
    """The indicator's whole state after ``raw`` is applied to ``current`` (None: a new
    one), every field checked. ``sections``: the section codes that exist."""
    fields = _fields("indicator", raw, INDICATOR_FIELDS)
    state = dict(current) if current is not None else dict(INDICATOR_DEFAULTS)
    state.update(fields)
    kind = "indicator"
    section = _section_of(state.get("section_id"), sections)
    order = _order_of(state.get("order"))
    numbers = _numbers_clean(state)
    scope = _scope_of(state.get("scope_id"), check_scope)
    return {
        "code": _code(kind, state.get("code"), max_length=60),
        "section_id": section,
        "order": order,
        "name": _text(kind, "name", state.get("name"), max_length=100, required=True),
        "name_en": _text(kind, "name_en", state.get("name_en"), max_length=150),
        "unit": _text(kind, "unit", state.get("unit"), max_length=20, required=True),
        "unit_en": _text(kind, "unit_en", state.get("unit_en"), max_length=40),
        **numbers,
        "higher_is_better": _boolean(
            kind, "higher_is_better", state.get("higher_is_better"), nullable=True
        ),
        "aggregation": _choice(kind, "aggregation", state.get("aggregation"), Aggregation),
        "is_public": _boolean(kind, "is_public", state.get("is_public")),
        "source_sentence": _text(
            kind, "source_sentence", state.get("source_sentence"), max_length=2000
        ),
        "scope_id": scope or None,
        **_years_clean(state),
    }


def _section_of(section, sections: Collection[str]) -> str:
    """The code of an indicator's section, which must exist."""
    if isinstance(section, Section):
        section = section.code
    section = _text("indicator", "section_id", section, max_length=40, required=True)
    if section not in sections:
        raise _refuse(
            "indicator",
            "section_id",
            _("没有代码为“%(code)s”的报告部分。") % {"code": section},
            "unknown_section",
        )
    return section


def _order_of(order) -> int | None:
    """The indicator's place in its section; None: after the others."""
    if order in (None, ""):
        return None
    message = _("顺序应为 1～%(max)s 之间的整数。") % {"max": SMALLINT}
    return _integer("indicator", "order", order, low=1, high=SMALLINT, message=message)


def _scope_of(scope, check: bool) -> str | None:
    """The code of the region the indicator applies in, looked up when ``check``."""
    if check:
        scope = scope_check(scope)
    elif isinstance(scope, Region):
        scope = scope.code
    return scope


def _numbers_clean(state: Mapping) -> dict:
    """The kind of number, its decimals and its bounds, in the state's order."""
    kind = "indicator"
    value_type = _choice(kind, "value_type", state.get("value_type"), ValueType)
    decimals_message = _("小数位数应为 0～%(max)s 之间的整数。") % {"max": DECIMAL_PLACES}
    decimals = _integer(
        kind,
        "decimals",
        state.get("decimals"),
        low=0,
        high=DECIMAL_PLACES,
        message=decimals_message,
    )
    if value_type == ValueType.INTEGER and decimals != 0:
        raise _refuse(kind, "decimals", _("整数指标的小数位数应为 0。"))
    low = _bound("min_value", state.get("min_value"))
    high = _bound("max_value", state.get("max_value"))
    if not low < high:
        raise _refuse(kind, "max_value", _("合理上限应大于合理下限。"), "bad_bounds")
    return {"value_type": value_type, "decimals": decimals, "min_value": low, "max_value": high}


def _years_clean(state: Mapping) -> dict:
    """The first year the indicator is reported and the first it is not, in that order."""
    active = year_clean("indicator", "active_from", state.get("active_from"))
    retired = year_clean("indicator", "retired_from", state.get("retired_from"))
    if active is not None and retired is not None and active >= retired:
        raise _refuse(
            "indicator",
            "active_from",
            _("从 %(active)s 年起填报、%(retired)s 年起停用：启用年份应早于停用年份。")
            % {"active": active, "retired": retired},
            "bad_years",
        )
    return {"active_from": active, "retired_from": retired}


def indicator_state(indicator: Indicator) -> dict:
    return {name: getattr(indicator, name) for name in INDICATOR_FIELDS}


# --- rules


RULE_DEFAULTS = {
    "indicator_id": None,
    "other_id": None,
    "limit_percent": None,
    "explanation": "",
    "title_en": "",
    "explanation_en": "",
    "blocks_submit": False,
    "order": 0,
}


def _rule_indicator(name: str, raw, indicators: Collection[str]) -> str | None:
    if raw in (None, ""):
        return None
    code = raw.code if isinstance(raw, Indicator) else raw
    if not isinstance(code, str) or code not in indicators:
        raise _refuse(
            "rule", name, _("没有代码为“%(code)s”的指标。") % {"code": code}, "rule_invalid"
        )
    return code


def _rule_limit(rule_kind: str, indicator: str | None, other: str | None, raw) -> Decimal | None:
    """A "not above" rule compares two indicators; a change rule has one, and its limit."""
    kind = "rule"
    if rule_kind == RuleKind.NOT_ABOVE:
        if indicator is None or other is None:
            field = "indicator_id" if indicator is None else "other_id"
            raise _refuse(
                kind, field, _("“不应高于”规则需要两个指标：指标和比较指标。"), "rule_invalid"
            )
        if indicator == other:
            raise _refuse(kind, "other_id", _("比较指标不能是同一个指标。"), "rule_invalid")
        return None
    if other is not None:
        raise _refuse(
            kind,
            "other_id",
            _("“比上年变化不超过”规则只针对一个指标，不填比较指标。"),
            "rule_invalid",
        )
    limit = decimal_of(raw)
    if limit is None or not 0 < limit <= LIMIT_LARGEST or places(limit) > 2:
        raise _refuse(
            kind,
            "limit_percent",
            _("变化幅度应为大于 0 的百分数，最多两位小数，如 30。"),
            "rule_invalid",
        )
    return limit


def rule_clean(raw: Mapping, current: dict | None = None, *, indicators: Collection[str]) -> dict:
    """The rule's whole state after ``raw``; ``indicators``: the indicator codes that exist."""
    fields = _fields("rule", raw, RULE_FIELDS)
    state = dict(current) if current is not None else dict(RULE_DEFAULTS)
    state.update(fields)
    kind = "rule"
    code = _code(kind, state.get("code"), max_length=60)
    if code == OUTSIDE_BOUNDS:
        raise _refuse(
            kind,
            "code",
            _("规则代码 %(code)s 已被内置的“超出合理范围”检查使用，请换一个。") % {"code": code},
            "bad_code",
        )
    rule_kind = _choice(kind, "kind", state.get("kind"), RuleKind)
    indicator = _rule_indicator("indicator_id", state.get("indicator_id"), indicators)
    other = _rule_indicator("other_id", state.get("other_id"), indicators)
    limit = _rule_limit(rule_kind, indicator, other, state.get("limit_percent"))
    order_message = _("顺序应为 0～%(max)s 之间的整数。") % {"max": SMALLINT}
    return {
        "code": code,
        "kind": rule_kind,
        "indicator_id": indicator,
        "other_id": other,
        "limit_percent": limit,
        "title": _text(kind, "title", state.get("title"), max_length=100, required=True),
        "explanation": _text(kind, "explanation", state.get("explanation"), max_length=2000),
        "title_en": _text(kind, "title_en", state.get("title_en"), max_length=150),
        "explanation_en": _text(
            kind, "explanation_en", state.get("explanation_en"), max_length=2000
        ),
        "blocks_submit": _boolean(kind, "blocks_submit", state.get("blocks_submit")),
        "order": _integer(
            kind, "order", state.get("order") or 0, low=0, high=SMALLINT, message=order_message
        ),
    }


def reason_clean(raw) -> str:
    """Every change says why."""
    try:
        return reasons.reason_clean(raw)
    except reasons.ReasonRefused as refused:
        raise CatalogueRefused(refused.code, refused.message, field="reason") from None
