"""The merges, splits and moves within a span of years, as the dashboards tell them."""

from collections.abc import Iterable
from dataclasses import dataclass

from ..models import ChangeKind, Region, RegionChange


def starts_or_ends_within(regions: Iterable[Region], first_year: int, last_year: int) -> bool:
    """Whether any of ``regions`` was set up or retired after ``first_year`` and by
    ``last_year``: only then can a change of the tree show in the span."""
    return any(
        (region.active_from is not None and first_year < region.active_from <= last_year)
        or (region.retired_from is not None and first_year < region.retired_from <= last_year)
        for region in regions
    )


@dataclass(frozen=True)
class TreeChange:
    """A change of the division tree as a page tells it, the regions named."""

    kind: str
    year: int
    sources: tuple[str, ...]  # names, in the order of the change's codes
    targets: tuple[str, ...]
    codes: tuple[str, ...]  # every code involved, sources first


def changes_within(
    area: Region, first_year: int, last_year: int, names: dict[str, str] | None = None
) -> list[TreeChange]:
    """The merges, splits, moves, new and retired regions touching ``area``'s subtree
    whose year lies in ``first_year``..``last_year``, oldest first; renames are
    left out (a rename changes no figure's region). One query for the changes and,
    for codes not in ``names``, one for the names.

    A change's codes are a JSON list, which SQLite cannot search: the rows of the
    span are few (a county changes its towns every few years), so they are read and
    matched to the subtree here.
    """
    rows = list(
        RegionChange.objects.filter(year__gte=first_year, year__lte=last_year)
        .exclude(kind=ChangeKind.RENAME)
        .order_by("year", "id")
    )
    low, high = area.bounds
    relevant = [
        row for row in rows if any(low <= code <= high for code in [*row.sources, *row.targets])
    ]
    known = dict(names or {})
    missing = {code for row in relevant for code in [*row.sources, *row.targets]} - set(known)
    if missing:
        for region in Region.objects.filter(code__in=missing):
            known[region.code] = region.display_name
    return [
        TreeChange(
            kind=row.kind,
            year=row.year,
            sources=tuple(known.get(code, code) for code in row.sources),
            targets=tuple(known.get(code, code) for code in row.targets),
            codes=(*row.sources, *row.targets),
        )
        for row in relevant
    ]
