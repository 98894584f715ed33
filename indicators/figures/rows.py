"""The shape of a figure row, whoever sends it: the form, the API, an Excel file or the seed.

Only the shape is checked here (types, lengths, no NUL). What a row means (codes that
exist, the figure itself, rights, locks) is the service's job.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

MAX_IMPORT_ROWS = 10_000
MAX_COMMENT = 500
MAX_CODE = 60
FIELDS = ("indicator", "region", "year", "value", "comment", "version")  # of a request item
_VALUE_TYPES = (str, int, float, Decimal)  # exact types: a bool is not a figure


@dataclass(frozen=True)
class FigureRow:
    """One figure to set: codes, the value as typed or sent, and an optional comment.

    ``value=None`` (or "", "-", "无" …) removes the figure. ``comment=None`` keeps the
    stored comment; ``""`` clears it. ``version`` is the report version the caller read:
    when someone saved since, the row is refused as ``stale`` instead of overwriting.
    ``base`` is (value, comment) as the caller's copy showed them (a downloaded
    template's figure): when the stored figure has changed since, the row is refused
    as ``stale`` unless it sets what is stored now. Unlike ``version``, it looks at
    this one figure only.
    """

    indicator: str
    region: str
    year: int
    value: object
    comment: str | None = None
    version: int | None = None
    base: tuple[object, str] | None = None


def field_problems(
    *, indicator=None, region=None, year=None, value=None, comment=None, version=None, base=None
) -> dict[str, str]:
    """What is wrong with a row's fields, by field name; empty when the shape is right."""
    problems = {}
    for key, code in (("indicator", indicator), ("region", region)):
        if not isinstance(code, str) or not code.strip():
            problems[key] = _("应为非空文本（代码）。")
        elif len(code) > MAX_CODE:
            problems[key] = _("代码太长。")
    if isinstance(year, bool) or not isinstance(year, int):
        problems["year"] = _("应为整数年度，如 2024。")
    if value is not None and (
        isinstance(value, bool) or not isinstance(value, str | int | float | Decimal)
    ):
        problems["value"] = _("应为数字、文本或 null。")
    if comment is not None and not isinstance(comment, str):
        problems["comment"] = _("应为文本。")
    elif comment is not None and len(comment) > MAX_COMMENT:
        problems["comment"] = _("说明最多 %(max)s 字，现在有 %(n)s 字。") % {
            "max": MAX_COMMENT,
            "n": len(comment),
        }
    if version is not None and (
        isinstance(version, bool) or not isinstance(version, int) or version < 0
    ):
        problems["version"] = _("应为非负整数（读取时的报表版本）。")
    if base is not None and not (isinstance(base, tuple) and len(base) == 2):
        problems["base"] = _("应为（数值, 备注）。")
    # PostgreSQL cannot store NUL in text: refuse it here rather than fail on write.
    for key, text in (("indicator", indicator), ("region", region), ("comment", comment)):
        if isinstance(text, str) and "\x00" in text:
            problems[key] = _("不能包含空字符（\\u0000）。")
    if isinstance(value, str) and "\x00" in value:
        problems["value"] = _("不能包含空字符（\\u0000）。")
    return problems


def _usual(indicator, region, year, value, comment, version, base) -> bool:
    """Whether a row's fields are of the usual shape, which :func:`field_problems`
    would pass: text codes, an int year, a number or text, a short comment, a
    version read, a copy's (value, comment). One expression rather than the full
    check and its messages: profiled, checking 10,000 rows field by field was a
    third of planning an import.
    """
    return (
        type(indicator) is str
        and type(region) is str
        and type(year) is int
        and (version is None or (type(version) is int and version >= 0))
        and (base is None or (type(base) is tuple and len(base) == 2))
        and 0 < len(indicator) <= MAX_CODE
        and 0 < len(region) <= MAX_CODE
        and (value is None or type(value) in _VALUE_TYPES)
        and (comment is None or (type(comment) is str and len(comment) <= MAX_COMMENT))
        and bool(indicator.strip())
        and bool(region.strip())
        and "\x00" not in indicator
        and "\x00" not in region
        and not (comment and "\x00" in comment)
        and not (type(value) is str and "\x00" in value)
    )


def row_problems(row: FigureRow) -> dict[str, str]:
    """:func:`field_problems` of a row, read field by field: ``dataclasses.asdict``
    deep-copies every value. The usual row passes :func:`_usual`; anything else gets
    the full check and its messages."""
    fields = (row.indicator, row.region, row.year, row.value, row.comment, row.version, row.base)
    if _usual(*fields):
        return {}
    return field_problems(**dict(zip(_ROW_FIELDS, fields, strict=True)))


_ROW_FIELDS = (*FIELDS, "base")
_ITEM_KEYS = frozenset(FIELDS)


def item_problems(item: object) -> dict[str, str]:
    """What is wrong with one item of a request body (a mapping of the row's fields)."""
    if type(item) is dict and "value" in item and item.keys() <= _ITEM_KEYS:
        get = item.get
        if _usual(
            get("indicator"),
            get("region"),
            get("year"),
            get("value"),
            get("comment"),
            get("version"),
            None,
        ):
            return {}
    if not isinstance(item, Mapping):
        return {"_": _('每一项应为对象：{"indicator", "region", "year", "value"}。')}
    problems = field_problems(**{key: item.get(key) for key in FIELDS})
    if "value" not in item:
        problems["value"] = _("缺少 value；要删除数字请写 null。")
    unknown = set(item) - set(FIELDS)
    if unknown:
        problems["_"] = _("未知的字段：%(keys)s。") % {"keys": ", ".join(sorted(map(str, unknown)))}
    return problems


def row_from_item(item: Mapping) -> FigureRow:
    """A row from a checked item (see :func:`item_problems`); codes lose surrounding spaces."""
    return FigureRow(
        indicator=item["indicator"].strip(),
        region=item["region"].strip(),
        year=item["year"],
        value=item["value"],
        comment=item.get("comment"),
        version=item.get("version"),
    )
