"""What a change of an indicator may not do to the figures already entered.

Nothing entered is lost or silently changed: the code is fixed once there are
figures (or targets); a unit change needs a conversion; narrower bounds list the
figures they exclude and need a confirmation (the figures stay as they are, the
rules flag them); the aggregation of approved figures is fixed; fewer decimals may
not hide digits; a narrower scope may not leave figures outside it; retiring may
not hide figures of the retired years.
"""

from decimal import Decimal

from django.db.models import Max, Min, Q
from django.utils.translation import gettext as _

from indicators.support.decimals import plain

from ..models import DataValue, Indicator, Region, Status, Target
from .fields import places, shown
from .refused import CatalogueRefused

#: The figures listed in a refusal's details at most.
LISTED = 500


def has_figures(code: str) -> bool:
    return DataValue.objects.filter(indicator_id=code).exists() or (
        Target.objects.filter(indicator_id=code).exists()
    )


def figures_outside(code: str, min_value: Decimal, max_value: Decimal) -> list[dict]:
    """The figures of the indicator outside [min_value, max_value], by town and year:
    what narrower bounds would leave outside (they are never changed)."""
    indicator = Indicator.objects.get(code=code)
    rows = (
        DataValue.objects.filter(indicator_id=code)
        .filter(Q(value__lt=min_value) | Q(value__gt=max_value))
        .order_by("report__region_id", "report__year")
        .values_list("report__region_id", "report__region__name", "report__year", "value")
    )
    return [
        {
            "region": region,
            "region_name": name,
            "year": year,
            "value": indicator.format_value(value),
        }
        for region, name, year, value in rows
    ]


def code_check(before: dict, after: dict, figures: bool) -> None:
    if after["code"] != before["code"] and figures:
        raise CatalogueRefused(
            "code_fixed",
            _("“%(name)s”已有数字或目标，代码不能再修改。") % {"name": before["name"]},
            field="code",
        )


def bounds_check(before: dict, after: dict, outside: list[dict], confirmed: bool) -> None:
    """Narrower bounds that leave figures outside need ``confirm_outside``."""
    narrower = after["min_value"] > before["min_value"] or after["max_value"] < before["max_value"]
    if narrower and outside and not confirmed:
        raise CatalogueRefused(
            "bounds_exclude_figures",
            _(
                "新的合理范围 %(low)s～%(high)s 之外已有 %(n)s 个数字。这些数字不会被修改或删除，"
                "但会标记为待复核；请核对后确认再保存。"
            )
            % {
                "low": plain(after["min_value"]),
                "high": plain(after["max_value"]),
                "n": len(outside),
            },
            field="min_value" if after["min_value"] > before["min_value"] else "max_value",
            details=outside[:LISTED],
        )


def aggregation_check(code: str, before: dict, after: dict) -> None:
    """Another aggregation would change the county and province totals of approved years."""
    if after["aggregation"] == before["aggregation"]:
        return
    approved = DataValue.objects.filter(indicator_id=code, report__status=Status.APPROVED)
    if approved.exists():
        raise CatalogueRefused(
            "aggregation_fixed",
            _(
                "“%(name)s”已有审定的数字，改变汇总方式会改变以往年份已审定的合计，不能修改。"
                "如需新的汇总方式，请新建指标，并将本指标停用。"
            )
            % {"name": before["name"]},
            field="aggregation",
        )


def decimals_check(code: str, before: dict, after: dict) -> None:
    """Fewer decimals may not cut digits off figures or targets already entered."""
    if after["decimals"] >= before["decimals"]:
        return
    stored = [
        *DataValue.objects.filter(indicator_id=code).values_list("value", flat=True),
        *Target.objects.filter(indicator_id=code).values_list("value", flat=True),
    ]
    needed = max((places(value) for value in stored), default=0)
    if needed > after["decimals"]:
        raise CatalogueRefused(
            "decimals_exclude_figures",
            _("已有数字带 %(n)s 位小数，小数位数不能少于 %(n)s。") % {"n": needed},
            field="decimals",
        )


def scope_figures_check(code: str, before: dict, after: dict) -> None:
    """A narrower scope may not leave figures or targets of towns outside it."""
    scope = after["scope_id"]
    if scope is None or scope == before["scope_id"]:
        return
    low, high = Region.objects.get(code=scope).bounds
    values = (
        DataValue.objects.filter(indicator_id=code)
        .exclude(report__region_id__gte=low, report__region_id__lte=high)
        .count()
    )
    targets = (
        Target.objects.filter(indicator_id=code)
        .exclude(region_id__gte=low, region_id__lte=high)
        .count()
    )
    if values or targets:
        raise CatalogueRefused(
            "scope_excludes_figures",
            _("新的适用范围之外已有 %(n)s 个数字或目标；范围不能排除已填报的地区。")
            % {"n": values + targets},
            field=shown("scope_id"),
        )


def retire_check(code: str, before: dict, after: dict, *, field: str = "retired_from") -> None:
    """Retiring from a year that already has figures would hide them from the forms."""
    year = after["retired_from"]
    if year is None or year == before["retired_from"]:
        return
    later = DataValue.objects.filter(indicator_id=code, report__year__gte=year)
    found = later.aggregate(n=Max("report__year"))["n"]
    if found is not None:
        raise CatalogueRefused(
            "retire_hides_figures",
            _(
                "“%(name)s”在 %(year)s 年及以后已有 %(n)s 个数字（最晚 %(last)s 年），"
                "停用后填报表中不再显示它们。请从 %(next)s 年起停用。"
            )
            % {
                "name": before["name"],
                "year": year,
                "n": later.count(),
                "last": found,
                "next": found + 1,
            },
            field=field,
        )


def active_check(code: str, before: dict, after: dict) -> None:
    """A later first year would leave the figures of the years before it unasked for."""
    year = after["active_from"]
    if year is None or (before["active_from"] is not None and year <= before["active_from"]):
        return
    earlier = DataValue.objects.filter(indicator_id=code, report__year__lt=year)
    found = earlier.aggregate(n=Min("report__year"))["n"]
    if found is not None:
        raise CatalogueRefused(
            "active_hides_figures",
            _(
                "“%(name)s”在 %(year)s 年以前已有 %(n)s 个数字（最早 %(first)s 年），"
                "从 %(year)s 年起填报会使这些年份不再要求它。请从 %(first)s 年或更早起填报。"
            )
            % {"name": before["name"], "year": year, "n": earlier.count(), "first": found},
            field="active_from",
        )
