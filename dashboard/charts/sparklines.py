"""Sparklines: a county's or a town's figures over the years as an inline SVG path.

Pages show one per figure, dozens per page; a path is a few bytes where a Plotly
chart would be kilobytes and a script call each. Plain data in, strings out.
"""

from dataclasses import dataclass
from decimal import Decimal


def _spark_points(values: list[Decimal | None], width: int, height: int) -> list | None:
    """(x, y) per value, None where it is missing; None without two figures to draw."""
    known = [value for value in values if value is not None]
    if len(known) < 2 or len(values) < 2:
        return None
    low, high = min(known), max(known)
    spread = (high - low) or Decimal(1)
    step = Decimal(width - 4) / (len(values) - 1)
    return [
        None
        if value is None
        else (2 + step * index, Decimal(height - 3) - (value - low) / spread * Decimal(height - 6))
        for index, value in enumerate(values)
    ]


def _path(points: list, keep) -> str:
    """An SVG path through consecutive points whose segment ``keep(i)`` accepts."""
    commands, last = [], None
    for i in range(len(points) - 1):
        if points[i] is None or points[i + 1] is None or not keep(i):
            continue
        if last != i:
            commands.append("M{:.1f},{:.1f}".format(*points[i]))
        commands.append("L{:.1f},{:.1f}".format(*points[i + 1]))
        last = i + 1
    return " ".join(commands)


def sparkline_path(values: list[Decimal | None], *, width: int = 120, height: int = 32) -> str:
    """An SVG path through the values, broken where one is missing; '' without two points.

    Town profiles show one per figure, dozens per page; an inline SVG path is a few
    bytes where a Plotly chart would be kilobytes and a script call each.
    """
    return sparkline(values, width=width, height=height).path


@dataclass(frozen=True)
class Spark:
    path: str = ""  # solid: between figures of all the towns
    dotted: str = ""  # into and out of a partial year
    marks: tuple[tuple[str, str, str], ...] = ()  # (x, y, hover note) per partial year

    def __bool__(self) -> bool:
        return bool(self.path or self.dotted)


def sparkline(
    values: list[Decimal | None],
    towns: tuple[int, ...] = (),
    total: int | tuple[int, ...] = 0,
    *,
    label: str = "仅 %(towns)s/%(total)s 镇填报",
    width: int = 120,
    height: int = 32,
) -> Spark:
    """A county's sparkline: solid between complete years, dotted to a partial one.

    The partial years are drawn as hollow marks with ``label`` as their hover text,
    as on the county's trend chart.
    """
    points = _spark_points(values, width, height)
    if points is None:
        return Spark()
    # The county's towns once, or per value (a merge leaves fewer towns).
    totals = list(total) if isinstance(total, tuple) else [total] * len(values)
    counts = towns or [0] * len(values)
    partial = [
        value is not None and 0 < count < whole
        for value, count, whole in zip(values, counts, totals, strict=True)
    ]
    marks = tuple(
        (f"{point[0]:.1f}", f"{point[1]:.1f}", label % {"towns": count, "total": whole})
        for point, count, whole, flag in zip(points, counts, totals, partial, strict=True)
        if flag
    )
    return Spark(
        path=_path(points, lambda i: not (partial[i] or partial[i + 1])),
        dotted=_path(points, lambda i: partial[i] or partial[i + 1]),
        marks=marks,
    )
