"""A unit change of an indicator with figures: every figure and target converted
(new = old × factor, 万元 → 亿元: 0.0001) through the one write paths
(:func:`indicators.figures.figures_import` with ``Source.CONVERSION``, and
:func:`indicators.figures.targets.targets_import`), so that history keeps the old values.

Safety first, all checked before anything is written:

- an approved or submitted report's figures are never altered: a conversion that
  would touch one is refused, with the number of reports, and the advice to add a
  new indicator in the new unit and retire this one;
- no digit is lost: when a converted figure needs more decimals than the indicator
  keeps, the conversion is refused and says how many (raising the decimals is the
  administrator's choice, in the same change), or that 4 places cannot hold it;
- the bounds are rescaled by the same factor (widened outward to 4 places) unless
  the change sets new ones.
"""

from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal, localcontext

from django.contrib.auth.models import User
from django.utils.translation import gettext as _

from indicators.figures.targets import targets_import
from indicators.support.batches import batches_write
from indicators.support.decimals import plain

from ..figures import MAX_IMPORT_ROWS, FigureRow, figures_import
from ..models import DECIMAL_PLACES, DataValue, Indicator, Source, Status, Target
from .fields import LARGEST, decimal_of, places
from .refused import CatalogueRefused

STORED = Decimal(1).scaleb(-DECIMAL_PLACES)
EDITABLE = (Status.DRAFT, Status.RETURNED)


def conversion_clean(raw) -> Decimal:
    factor = decimal_of(raw)
    if factor is None or factor <= 0 or factor > LARGEST:
        raise CatalogueRefused(
            "bad_value",
            _("换算系数应为大于 0 的数字，如万元改为亿元填 0.0001。"),
            field="conversion",
        )
    return factor


def unit_check(before: dict, after: dict, factor: Decimal | None, figures: bool) -> None:
    """A unit change on an indicator with figures needs a factor; a factor needs a unit change."""
    changed = after["unit"] != before["unit"]
    if changed and figures and factor is None:
        raise CatalogueRefused(
            "unit_needs_conversion",
            _(
                "“%(name)s”已有数字，修改单位（%(old)s → %(new)s）需要填写换算系数："
                "新数字 = 原数字 × 换算系数，例如万元改为亿元填 0.0001。"
            )
            % {"name": before["name"], "old": before["unit"], "new": after["unit"]},
            field="conversion",
        )
    if factor is not None and not changed:
        raise CatalogueRefused(
            "bad_value",
            _("单位没有改变，不需要换算系数；换算只在修改单位时进行。"),
            field="conversion",
        )


def rescaled(bound: Decimal, factor: Decimal, rounding: str) -> Decimal:
    with localcontext(prec=60):
        return min((bound * factor).quantize(STORED, rounding=rounding), LARGEST)


def bounds_rescaled(fields: dict, before: dict, factor: Decimal) -> dict:
    """The change's fields with the bounds rescaled, unless it sets other bounds."""
    fields = dict(fields)
    for name, alias, rounding in (
        ("min_value", "min", ROUND_FLOOR),
        ("max_value", "max", ROUND_CEILING),
    ):
        key = name if name in fields else alias
        given = decimal_of(fields.get(key)) if key in fields else None
        if given is None or given == before[name]:
            fields.pop(alias, None)
            fields[name] = rescaled(before[name], factor, rounding)
    return fields


@dataclass
class Conversion:
    factor: Decimal
    values: list[tuple[str, int, Decimal]]  # (town, year, new figure)
    targets: list[tuple[str, int, Decimal]]  # (region, year, new target)
    units: tuple[str, str] = ("", "")  # (from, to): 亩 → 万亩

    @property
    def converted(self) -> list[Decimal]:
        return [value for *_place, value in (*self.values, *self.targets)]


def conversion_plan(code: str, name: str, factor: Decimal, after: dict) -> Conversion:
    """Every figure and target converted, or the refusal that stops it."""
    _locked_check(code, name)
    with localcontext(prec=60):
        values = [
            (town, year, value * factor)
            for town, year, value in DataValue.objects.filter(indicator_id=code).values_list(
                "report__region_id", "report__year", "value"
            )
        ]
        targets = [
            (region, year, value * factor)
            for region, year, value in Target.objects.filter(indicator_id=code).values_list(
                "region_id", "year", "value"
            )
        ]
    unit_from = Indicator.objects.filter(code=code).values_list("unit", flat=True).first() or ""
    conversion = Conversion(factor, values, targets, (unit_from, after["unit"]))
    _digits_check(conversion.converted, after["decimals"])
    return conversion


def _locked_check(code: str, name: str) -> None:
    """Refused while a submitted or approved report has a figure of the indicator."""
    locked = (
        DataValue.objects.filter(indicator_id=code)
        .exclude(report__status__in=EDITABLE)
        .order_by("report__region_id", "report__year")
        .values_list("report__region_id", "report__region__name", "report__year", "report__status")
        .distinct()
    )
    locked = list(locked)
    if locked:
        raise CatalogueRefused(
            "conversion_locked",
            _(
                "“%(name)s”在 %(n)s 份已提交或已审核的报表中有数字；"
                "目录修改不能改变这些报表的数字，因此不能换算单位。请新建一个使用新单位的指标，"
                "并把本指标从下一年起停用（指标名称不能重复：可先把本指标改名，"
                "如“%(name)s（旧口径）”）。"
            )
            % {"name": name, "n": len(locked)},
            field="conversion",
            details=[
                {"region": region, "region_name": region_name, "year": year, "status": status}
                for region, region_name, year, status in locked
            ],
        )


def _digits_check(converted: list[Decimal], decimals: int) -> None:
    """No converted figure too large, or with more decimals than are kept."""
    if any(value > LARGEST for value in converted):
        raise CatalogueRefused(
            "conversion_too_large",
            _("换算后有数字超过可保存的最大值 99999999999.9999，不能换算。"),
            field="conversion",
        )
    needed = max((places(value) for value in converted), default=0)
    if needed > DECIMAL_PLACES:
        raise CatalogueRefused(
            "conversion_decimals",
            _(
                "换算后有数字需要 %(n)s 位小数，超出可保存的 %(max)s 位，换算会丢失数字。"
                "请换一个单位，或新建指标并停用本指标。"
            )
            % {"n": needed, "max": DECIMAL_PLACES},
            field="decimals",
        )
    if needed > decimals:
        raise CatalogueRefused(
            "conversion_decimals",
            _(
                "换算后有数字需要 %(n)s 位小数，本指标只保留 %(have)s 位：请把小数位数改为 %(n)s"
                "（整数指标请改为小数）后再换算。"
            )
            % {"n": needed, "have": decimals},
            field="decimals",
        )


def _refused(summary, what: str) -> CatalogueRefused:
    first = summary.conflicts[0]
    return CatalogueRefused(
        "conversion_refused",
        _("换算后的%(what)s未能写入：%(message)s") % {"what": what, "message": first.message},
        field="conversion",
        details=[
            {"region": c.region, "year": c.year, "code": c.code, "message": c.message}
            for c in summary.conflicts[:20]
        ],
    )


def conversion_write(*, user: User, indicator: Indicator, conversion: Conversion) -> dict:
    """Write the converted figures and targets, in the caller's transaction, with
    ``indicator`` already saved in its new unit. Its bounds are widened meanwhile to
    hold every converted figure (one stored outside narrower bounds stays outside
    them, and is not refused for it); the caller saves the final bounds after.
    """
    converted = conversion.converted
    if converted:
        indicator.min_value = min(indicator.min_value, *converted)
        indicator.max_value = max(indicator.max_value, *converted)
        indicator.save(update_fields=["min_value", "max_value"])
    batches_write(
        [FigureRow(indicator.code, town, year, value) for town, year, value in conversion.values],
        MAX_IMPORT_ROWS,
        lambda rows: figures_import(rows=rows, user=user, source=Source.CONVERSION),
        lambda summary: _refused(summary, _("数字")),
    )
    batches_write(
        [FigureRow(indicator.code, at, year, value) for at, year, value in conversion.targets],
        MAX_IMPORT_ROWS,
        lambda rows: targets_import(rows=rows, user=user),
        lambda summary: _refused(summary, _("目标")),
    )
    return {
        "action": "converted",
        "kind": "indicator",
        "code": indicator.code,
        "name": indicator.name,
        "factor": plain(conversion.factor),
        # What the figure history needs to show the rows before it in their own unit.
        "unit_from": conversion.units[0],
        "unit_to": conversion.units[1],
        "figures": len(conversion.values),
        "targets": len(conversion.targets),
    }
