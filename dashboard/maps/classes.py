"""Legend classes of a choropleth: equal intervals, quantiles, or attainment of targets.

Plain Decimal arithmetic, no database. A missing figure belongs to no class: the map
draws it grey as 无数据, never as the lowest class or as zero.
"""

from decimal import Decimal

from django.utils.translation import gettext as _

from indicators.maps.classes import EQUAL, MISSING_COLOR, QUANTILE, Band, value_classes

from ..measures import attainment

TARGETS = "targets"
METHODS = (EQUAL, QUANTILE, TARGETS)
__all__ = ["EQUAL", "METHODS", "MISSING_COLOR", "QUANTILE", "TARGETS", "Band", "value_classes"]
# Attainment bands: below 80 %, 80–100 %, reached; red, amber, green with the words.
TARGET_BANDS = [
    (Decimal(0), Decimal(80), "#b42318", "目标完成不足 80%"),
    (Decimal(80), Decimal(100), "#f0b429", "目标完成 80%–100%"),
    (Decimal(100), None, "#1b7f3b", "已完成目标"),
]


def target_classes(
    values: dict[str, Decimal | None], targets: dict[str, Decimal], higher_is_better
) -> list[Band]:
    """Classes by attainment of each region's own target; a region without one is left out."""
    bands = []
    for low, high, color, label in TARGET_BANDS:
        members = []
        for code, value in values.items():
            reached = attainment(value, targets.get(code), higher_is_better)
            if reached is not None and reached >= low and (high is None or reached < high):
                members.append(code)
        if members:
            bands.append(Band(_(label), color, tuple(members)))
    return bands
