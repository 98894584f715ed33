"""Legend classes by value: equal intervals or quantiles, for the map page and the report.

Plain Decimal arithmetic, no database. A missing figure belongs to no class: a map
draws it grey as 无数据, never as the lowest class or as zero.
"""

from dataclasses import dataclass
from decimal import Decimal

EQUAL, QUANTILE = "equal", "quantile"
# Sequential blues, light to dark (ColorBrewer "Blues"): ordered classes read as more.
BLUES = ["#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c", "#08306b"]
MISSING_COLOR = "#c8ccd0"


def ink_on(fill: str, dark: str) -> str:
    """White on a dark fill, ``dark`` ink on a light one (WCAG relative luminance):
    the page's map and the report's picture label their areas alike."""
    channels = [int(fill[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return "#ffffff" if luminance < 0.2 else dark


@dataclass(frozen=True)
class Band:
    label: str
    color: str
    members: tuple[str, ...]  # region codes in this class


def _number(value: Decimal) -> str:
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text or "0"


def _bands(edges: list[Decimal], values: dict[str, Decimal]) -> list[Band]:
    n = len(edges) - 1
    colors = [BLUES[1 + round(i * (len(BLUES) - 2) / max(1, n - 1))] for i in range(n)]
    bands = []
    for index in range(len(edges) - 1):
        low, high = edges[index], edges[index + 1]
        last = index == len(edges) - 2
        members = tuple(
            code for code, value in values.items() if low <= value and (value < high or last)
        )
        values = {code: v for code, v in values.items() if code not in members}
        bands.append(Band(f"{_number(low)} – {_number(high)}", colors[index], members))
    return [band for band in bands if band.members]


def value_classes(values: dict[str, Decimal | None], method: str, count: int) -> list[Band]:
    """Classes of the figures present in ``values`` (region → figure) by ``method``."""
    present = {code: value for code, value in values.items() if value is not None}
    if not present:
        return []
    ordered = sorted(present.values())
    low, high = ordered[0], ordered[-1]
    if low == high:
        return [Band(_number(low), BLUES[3], tuple(present))]
    count = max(2, min(count, len(BLUES), len(ordered)))
    if method == QUANTILE:
        # By rank: the n-th lowest of N goes to class n * count // N; ties share a class.
        edges = [*sorted({ordered[len(ordered) * i // count] for i in range(count)}), high]
    else:
        step = (high - low) / count
        edges = [low + step * i for i in range(count)] + [high]
    return _bands(edges, present)
