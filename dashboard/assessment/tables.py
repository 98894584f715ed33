"""Pure helpers for the league table: rows, a part's legend class, the rank change.

The legend follows DHIS2's scorecard: each part's points as a share of its weight
fall into a band that has a colour and a word, so the table reads without colour.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

#: (lowest share of the part's weight in %, css class, word), best first.
LEGEND = (
    (Decimal(90), "lg-high", "好"),
    (Decimal(75), "lg-mid", "中"),
    (Decimal(60), "lg-low", "弱"),
    (Decimal(0), "lg-poor", "差"),
)


def legend() -> list[dict]:
    bounds = [None] + [band[0] for band in LEGEND[:-1]]
    return [
        {"css": css, "word": _(word), "low": low, "high": high}
        for (low, css, word), high in zip(LEGEND, bounds, strict=True)
    ]


def band(points: str, weight: str) -> tuple[str, str]:
    share = Decimal(points) / Decimal(weight) * 100 if Decimal(weight) else Decimal(100)
    return next((css, _(word)) for low, css, word in LEGEND if share >= low)


@dataclass
class Cell:
    points: str
    css: str
    word: str


@dataclass
class Row:
    town: dict
    cells: list[Cell]
    change: int | None  # places gained since last year; None when unknown


def change_text(change: int | None) -> str:
    if change is None:
        return "—"
    if change > 0:
        return _("升 %(n)s 位") % {"n": change}
    if change < 0:
        return _("降 %(n)s 位") % {"n": -change}
    return _("持平")


def league_rows(data: dict, last_ranks: dict[str, int]) -> list[Row]:
    weights = {part["name"]: part["weight"] for part in data["scheme"]["parts"]}
    rows = []
    for town in data["towns"]:
        cells = [
            Cell(points, *band(points, weights[name])) for name, points in town["parts"].items()
        ]
        last = last_ranks.get(town["code"])
        rows.append(Row(town, cells, None if last is None else last - town["rank"]))
    return rows


def league_sheet(data: dict, last_ranks: dict[str, int]) -> tuple[list[str], list[list]]:
    """The table as a header and rows of plain values: the XLSX and the tests read it."""
    parts = [part["name"] for part in data["scheme"]["parts"]]
    header = [_("名次"), _("镇"), _("总分"), _("等次"), _("名次变化"), *parts]
    rows = [
        [
            row.town["rank"],
            row.town["name"],
            Decimal(row.town["total"]),
            row.town["grade"],
            change_text(row.change),
            *(Decimal(cell.points) for cell in row.cells),
        ]
        for row in league_rows(data, last_ranks)
    ]
    return header, rows
