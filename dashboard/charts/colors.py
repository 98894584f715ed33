"""One colour per town, the same in every chart of a county.

Colours follow the town's place in its county's code order, so a town keeps its
colour from page to page and year to year (towns are rarely added). The palette is
Tableau 10 then its lighter companions: distinct on a projector and for the common
forms of colour blindness among the first ten.
"""

PALETTE = [
    "#4e79a7",
    "#f28e2b",
    "#e15759",
    "#76b7b2",
    "#59a14f",
    "#edc948",
    "#b07aa1",
    "#ff9da7",
    "#9c755f",
    "#bab0ac",
    "#1f4e79",
    "#c55a11",
    "#8b1e3f",
    "#2f8f83",
    "#2e6b30",
    "#a68a00",
    "#6f3f8c",
    "#d1495b",
    "#5c4033",
    "#6c757d",
]
COUNTY_COLOR = "#12355b"
TARGET_COLOR = "#1f2933"


def town_colors(town_codes: list[str]) -> dict[str, str]:
    """Colour of each town of a county, by its place in code order."""
    return {code: PALETTE[index % len(PALETTE)] for index, code in enumerate(sorted(town_codes))}
