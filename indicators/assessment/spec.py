"""A scoring scheme as data: its parts, items, methods and grades, checked on reading.

A scheme is written in TOML (see docs/assessment.md). ``scheme_from_dict`` turns the
parsed table into frozen dataclasses, or raises ``SchemeInvalid`` with every problem
found, each a sentence in Chinese: a bad scheme is never half-read.
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

#: The methods an item may use.
METHODS = ("target", "growth", "rank", "threshold", "deduction", "bonus", "veto")
#: Methods whose weight counts towards the part's weight.
WEIGHTED = ("target", "growth", "rank", "threshold", "deduction")
MISSING_POLICIES = ("zero", "redistribute")
TIE_POLICIES = ("shared", "code")
# Figures are stored with 15 digits (indicators.models.catalogue.MAX_DIGITS); a scheme's
# numbers stay well inside Decimal's context so that no product overflows. ``adjusted``
# (the exponent of the leading digit) reads it without arithmetic, which could overflow.
LARGEST_DIGITS = 12


#: The keys as the editor's fields name them, for the messages.
LABELS = {
    "title": gettext_lazy("方案名称"),
    "total": gettext_lazy("总分"),
    "name": gettext_lazy("名称"),
    "indicator": gettext_lazy("指标"),
    "method": gettext_lazy("计分方法"),
    "weight": gettext_lazy("权重"),
    "cap": gettext_lazy("完成率封顶"),
    "last_share": gettext_lazy("末名得权重的比例"),
    "threshold": gettext_lazy("门槛值"),
    "per_unit": gettext_lazy("每单位分值"),
    "floor": gettext_lazy("最低得分"),
    "ceiling": gettext_lazy("加分上限"),
    "below": gettext_lazy("低于此值否决"),
    "above": gettext_lazy("高于此值否决"),
    "reason": gettext_lazy("否决事由"),
    "min": gettext_lazy("下限"),
    "share": gettext_lazy("比例"),
    "grade": gettext_lazy("等次"),
    "veto_grade": gettext_lazy("否决时的等次"),
}


def label(key: str) -> str:
    """A key's name in messages: its label (权重), the key itself when it has none."""
    return str(LABELS.get(key, key))


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a scheme: where (in words), what, and the path of the key in
    the TOML table, e.g. ("parts", 0, "items", 2, "cap"), so that a form can put the
    message at its field."""

    where: str
    text: str
    at: tuple = ()

    @property
    def message(self) -> str:
        return f"{self.where}：{self.text}" if self.where else self.text


class SchemeInvalid(Exception):
    def __init__(self, messages: list[str] | None = None, problems: list[Problem] | None = None):
        self.problems = problems if problems is not None else [Problem("", m) for m in messages]
        self.messages = [problem.message for problem in self.problems]
        super().__init__("; ".join(self.messages))


@dataclass(frozen=True)
class Band:
    min: Decimal  # growth in %, at least
    share: Decimal  # % of the weight earned


@dataclass(frozen=True)
class Item:
    name: str
    indicator: str
    method: str
    weight: Decimal = Decimal(0)
    cap: Decimal = Decimal(100)  # target: the ratio's ceiling, in %
    lower_is_better: bool = False
    bands: tuple[Band, ...] = ()  # growth
    last_share: Decimal = Decimal(0)  # rank: the last town's share of the weight, in %
    threshold: Decimal | None = None  # threshold
    per_unit: Decimal = Decimal(0)  # deduction, bonus
    floor: Decimal = Decimal(0)  # deduction: never fewer points
    ceiling: Decimal = Decimal(0)  # bonus: never more points
    veto_below: Decimal | None = None  # veto when the figure is below this
    veto_above: Decimal | None = None  # veto when the figure is above this
    reason: str = ""  # veto: what it means, e.g. 发生安全生产事故
    missing: str = ""  # overrides the scheme's policy

    @property
    def weighted(self) -> bool:
        return self.method in WEIGHTED


@dataclass(frozen=True)
class Part:
    name: str
    weight: Decimal
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Grade:
    name: str
    min: Decimal


@dataclass(frozen=True)
class Scheme:
    title: str
    year: int
    parts: tuple[Part, ...]
    grades: tuple[Grade, ...]  # highest first
    total: Decimal | None = Decimal(100)  # the weights must add up to this; None: unchecked
    missing: str = "zero"
    ties: str = "shared"
    quota_grade: str = ""  # at most quota_share % of the towns get this grade
    quota_share: Decimal = Decimal(0)
    veto_grade: str = "不合格"
    notes: str = ""
    items: tuple[Item, ...] = field(init=False, default=())

    def __post_init__(self):
        object.__setattr__(self, "items", tuple(i for p in self.parts for i in p.items))

    def missing_of(self, item: Item) -> str:
        return item.missing or self.missing

    def part_of(self, item: Item) -> Part:
        return next(part for part in self.parts if item in part.items)


class _Reader:
    """Collects every problem of a scheme, each with where it is."""

    def __init__(self):
        self.problems: list[Problem] = []

    def fail(self, where: str, message: str, at: tuple = ()) -> None:
        self.problems.append(Problem(where, message, at))

    def decimal(
        self, table: dict, key: str, where: str, default=None, at: tuple | None = None
    ) -> Decimal | None:
        value = table.get(key, default)
        at = (key,) if at is None else at
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
            self.fail(where, _("“%(key)s”应为数字。") % {"key": label(key)}, at)
            return None
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            self.fail(where, _("“%(key)s”应为数字。") % {"key": label(key)}, at)
            return None
        if not number.is_finite():
            self.fail(where, _("“%(key)s”应为数字。") % {"key": label(key)}, at)
            return None
        if number.adjusted() >= LARGEST_DIGITS:
            self.fail(where, _("“%(key)s”太大：不超过一万亿。") % {"key": label(key)}, at)
            return None
        return number

    def text(
        self, table: dict, key: str, where: str, *, required: bool = True, at: tuple | None = None
    ) -> str:
        value = table.get(key, "")
        if not isinstance(value, str) or (required and not value.strip()):
            self.fail(where, _("缺少“%(key)s”，或不是文字。") % {"key": label(key)}, at or (key,))
            return ""
        return value.strip()


def _retired(indicator, year: int) -> bool:
    retired_from = getattr(indicator, "retired_from", None)
    return bool(year) and retired_from is not None and retired_from <= year


def _item(
    reader: _Reader, table: dict, where: str, indicators: dict, at: tuple, year: int
) -> Item | None:
    """One item of a part; ``at`` is its path, ("parts", p, "items", i)."""
    if not isinstance(table, dict):
        reader.fail(where, _("考核项格式不对。"), at)
        return None
    name = reader.text(table, "name", where, at=(*at, "name"))
    where = f"{where}（{name}）" if name else where
    code = reader.text(table, "indicator", where, at=(*at, "indicator"))
    method = reader.text(table, "method", where, at=(*at, "method"))
    _indicator_check(reader, code, indicators, year, where, at)
    if method and method not in METHODS:
        reader.fail(
            where,
            _("未知的计分方法“%(method)s”，可用：%(methods)s。")
            % {"method": method, "methods": "、".join(METHODS)},
            (*at, "method"),
        )
        return None
    values = _numbers(reader, table, where, at)
    missing = table.get("missing", "")
    if missing and missing not in MISSING_POLICIES:
        reader.fail(where, _("缺数处理应为 zero 或 redistribute。"), (*at, "missing"))
    bands = _bands(reader, table, where, at)
    _method_check(reader, method, values, bands, where, at)
    return Item(
        name=name,
        indicator=code,
        method=method,
        weight=values["weight"] or Decimal(0),
        cap=values["cap"] if values["cap"] is not None else Decimal(100),
        lower_is_better=bool(table.get("lower_is_better", False)),
        bands=tuple(sorted(bands, key=lambda band: band.min, reverse=True)),
        last_share=values["last_share"] or Decimal(0),
        threshold=values["threshold"],
        per_unit=values["per_unit"] or Decimal(0),
        floor=values["floor"] or Decimal(0),
        ceiling=values["ceiling"] or Decimal(0),
        veto_below=values["veto_below"],
        veto_above=values["veto_above"],
        reason=table.get("reason", "") if isinstance(table.get("reason", ""), str) else "",
        missing=missing if missing in MISSING_POLICIES else "",
    )


#: The item's numbers, by their names in Item; the file writes the veto's as below and above.
NUMBER_KEYS = ("weight", "cap", "last_share", "threshold", "per_unit", "floor", "ceiling")
NUMBER_KEYS_AS = {"veto_below": "below", "veto_above": "above"}


def _numbers(reader: _Reader, table: dict, where: str, at: tuple) -> dict[str, Decimal | None]:
    keys = {**{key: key for key in NUMBER_KEYS}, **NUMBER_KEYS_AS}
    return {name: reader.decimal(table, key, where, at=(*at, key)) for name, key in keys.items()}


def _indicator_check(
    reader: _Reader, code: str, indicators: dict, year: int, where: str, at: tuple
) -> None:
    """The item's indicator is in the catalogue, and not retired in the scheme's year."""
    if code and code not in indicators:
        reader.fail(where, _("指标“%(code)s”不存在或已停用。") % {"code": code}, (*at, "indicator"))
    elif code and _retired(indicators[code], year):
        indicator = indicators[code]
        reader.fail(
            where,
            _("指标“%(name)s”（%(code)s）自 %(from)s 年起停用，不能用于 %(year)s 年度的考核。")
            % {"name": indicator.name, "code": code, "from": indicator.retired_from, "year": year},
            (*at, "indicator"),
        )


def _bands(reader: _Reader, table: dict, where: str, at: tuple) -> list[Band]:
    """A growth item's bands (min, share), as written."""
    bands = []
    for index, band in enumerate(table.get("bands", []) or [], start=1):
        if not isinstance(band, dict):
            reader.fail(where, _("第 %(n)s 档格式不对。") % {"n": index}, (*at, "bands"))
            continue
        low = reader.decimal(band, "min", where, at=(*at, "bands"))
        share = reader.decimal(band, "share", where, at=(*at, "bands"))
        if low is not None and share is not None:
            bands.append(Band(low, share))
    return bands


def _method_check(
    reader: _Reader, method: str, values: dict, bands: list, where: str, at: tuple
) -> None:
    """What each method needs of the item: a weight, a cap, bands, a threshold…"""
    if method in WEIGHTED and (values["weight"] or 0) <= 0:
        reader.fail(where, _("权重应大于 0。"), (*at, "weight"))
    if method == "target":
        cap = values["cap"] if values["cap"] is not None else Decimal(100)
        if cap < 100:
            reader.fail(where, _("封顶比例 %(cap)s%% 低于 100%%。") % {"cap": cap}, (*at, "cap"))
    if method == "growth" and not bands:
        reader.fail(where, _("增长率计分需要分档（bands）。"), (*at, "bands"))
    if method == "threshold" and values["threshold"] is None:
        reader.fail(where, _("达标计分需要门槛值（threshold）。"), (*at, "threshold"))
    if method in ("deduction", "bonus") and not (values["per_unit"] or 0) > 0:
        reader.fail(where, _("扣分或加分需要大于 0 的每单位分值（per_unit）。"), (*at, "per_unit"))
    if method == "bonus" and not (values["ceiling"] or 0) > 0:
        reader.fail(where, _("加分需要大于 0 的上限（ceiling）。"), (*at, "ceiling"))
    if method == "veto" and values["veto_below"] is None and values["veto_above"] is None:
        reader.fail(where, _("否决项需要 below 或 above。"), (*at, "below"))


def _grades(reader: _Reader, table) -> tuple[tuple[Grade, ...], str, Decimal, str]:
    if not isinstance(table, dict):
        reader.fail("", _("缺少等次（[grading]）。"), ("grading",))
        return (), "", Decimal(0), ""
    grades = []
    where = _("等次")
    for index, band in enumerate(table.get("bands", []) or []):
        at = ("grading", "bands", index)
        if not isinstance(band, dict):
            reader.fail(where, _("格式不对。"), at)
            continue
        name = reader.text(band, "grade", where, at=(*at, "grade"))
        low = reader.decimal(band, "min", where, at=(*at, "min"))
        if name and low is not None:
            grades.append(Grade(name, low))
    if not grades:
        reader.fail(where, _("至少需要一个分数段。"), ("grading", "bands"))
    quota = table.get("quota") or {}
    where, at = _("等次比例"), ("grading", "quota")
    quota_grade = (
        reader.text(quota, "grade", where, required=False, at=(*at, "grade")) if quota else ""
    )
    quota_share = (
        (reader.decimal(quota, "share", where, at=(*at, "share")) or Decimal(0)) if quota else 0
    )
    if quota and not 0 < quota_share <= 100:
        reader.fail(where, _("比例应在 0 到 100 之间（百分数）。"), (*at, "share"))
    if quota_grade and quota_grade not in {grade.name for grade in grades}:
        reader.fail(
            where,
            _("等次“%(grade)s”不在分数段中。") % {"grade": quota_grade},
            (*at, "grade"),
        )
    veto = (
        reader.text(table, "veto_grade", _("等次"), required=False, at=("grading", "veto_grade"))
        or "不合格"
    )
    return (
        tuple(sorted(grades, key=lambda g: g.min, reverse=True)),
        quota_grade,
        Decimal(quota_share),
        veto,
    )


def _part(
    reader: _Reader, raw, number: int, indicators: dict, year: int, total: Decimal | None
) -> Part | None:
    """The ``number``-th part, its items' weights adding up to its own."""
    at = ("parts", number - 1)
    where = _("第 %(n)s 部分") % {"n": number}
    if not isinstance(raw, dict):
        reader.fail(where, _("格式不对。"), at)
        return None
    name = reader.text(raw, "name", where, at=(*at, "name"))
    where = f"{where}（{name}）" if name else where
    weight = reader.decimal(raw, "weight", where, default=0, at=(*at, "weight")) or Decimal(0)
    items = []
    for index, table in enumerate(raw.get("items", []) or [], start=1):
        at_item = (*at, "items", index - 1)
        item = _item(reader, table, f"{where}第 {index} 项", indicators, at_item, year)
        if item is not None:
            items.append(item)
    if not items:
        reader.fail(where, _("没有考核项。"), (*at, "items"))
    weighted = sum((item.weight for item in items if item.weighted), Decimal(0))
    if total is not None and items and weighted != weight:
        reader.fail(
            where,
            _("各项权重之和为 %(sum)s，与部分权重 %(weight)s 不符。")
            % {"sum": weighted, "weight": weight},
            (*at, "weight"),
        )
    return Part(name, weight, tuple(items))


def _parts(
    reader: _Reader, raw_parts, indicators: dict, year: int, total: Decimal | None
) -> list[Part]:
    """The parts, their weights adding up to the total (unless it is not checked)."""
    if not isinstance(raw_parts, list) or not raw_parts:
        reader.fail("", _("至少需要一个考核部分（[[parts]]）。"), ("parts",))
        raw_parts = []
    parts = [
        part
        for number, raw in enumerate(raw_parts, start=1)
        if (part := _part(reader, raw, number, indicators, year, total)) is not None
    ]
    if total is not None and parts:
        weights = sum((part.weight for part in parts), Decimal(0))
        if weights != total:
            reader.fail(
                "",
                _("各部分权重之和为 %(sum)s，应为 %(total)s。") % {"sum": weights, "total": total},
                ("total",),
            )
    return parts


def scheme_from_dict(data: dict, indicators: dict) -> Scheme:
    """The scheme in ``data`` (a parsed TOML table), checked against ``indicators``
    (code → Indicator of the catalogue in use; one retired in the scheme's year is
    refused). Raises SchemeInvalid listing every problem, each with its path."""
    reader = _Reader()
    title = reader.text(data, "title", "")
    year = data.get("year")
    if isinstance(year, bool) or not isinstance(year, int) or not 2000 <= year <= 2100:
        reader.fail("", _("年度（year）应为 2000 至 2100 之间的整数。"), ("year",))
        year = 0
    total = (
        reader.decimal(data, "total", "", default=100) if data.get("check_total", True) else None
    )
    missing = data.get("missing", "zero")
    if missing not in MISSING_POLICIES:
        reader.fail("", _("缺数处理（missing）应为 zero 或 redistribute。"), ("missing",))
    ties = data.get("ties", "shared")
    if ties not in TIE_POLICIES:
        reader.fail("", _("并列处理（ties）应为 shared 或 code。"), ("ties",))
    parts = _parts(reader, data.get("parts"), indicators, year, total)
    grades, quota_grade, quota_share, veto = _grades(reader, data.get("grading"))
    if reader.problems:
        raise SchemeInvalid(problems=reader.problems)
    return Scheme(
        title=title,
        year=year,
        parts=tuple(parts),
        grades=grades,
        total=total,
        missing=missing,
        ties=ties,
        quota_grade=quota_grade,
        quota_share=quota_share,
        veto_grade=veto,
        notes=data.get("notes", "") if isinstance(data.get("notes", ""), str) else "",
    )
