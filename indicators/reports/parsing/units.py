"""Units as a report writes them, and how a written unit converts into an indicator's.

An indicator's unit is a base unit with an optional 万 or 亿 in front (万元 = 元 × 10⁴,
万吨／年 = 吨/年 × 10⁴, 座 = 座 × 1). A figure written in any scale of the same base
unit converts exactly: "1.2亿元" is 12000 万元, "3500万元" is 0.35 亿元.
"""

from decimal import Decimal

from .numerals import fold, scale


def base_unit(unit: str) -> tuple[str, Decimal]:
    """(base unit, factor): 万吨／年 → ("吨/年", 10000); 座 → ("座", 1)."""
    unit = fold(unit)
    prefix = unit[0] if len(unit) > 1 and unit[0] in "万亿" else ""
    return unit[len(prefix) :], scale(prefix)


def unit_pattern(units) -> str:
    """A regex alternation of base units, longest first (人次 before 人)."""
    bases = sorted({base_unit(unit)[0] for unit in units}, key=len, reverse=True)
    return "|".join(base.replace("/", "[/／]") for base in bases)


def in_unit(amount: Decimal, unit: str) -> Decimal:
    """``amount`` of the base unit expressed in ``unit`` (an indicator's unit)."""
    return amount / base_unit(unit)[1]
