"""What the 大屏's map needs from the page: the years of its timeline and its query."""

from ..filters import Filters

TIMELINE_YEARS = 5


def wall_map(filters: Filters) -> dict:
    """The last few years with figures up to the screen's year, and the map's base query."""
    years = [year for year in filters.data_years if year <= filters.year][-TIMELINE_YEARS:]
    return {
        "years": years or [filters.year],
        "query": filters.query(year=None, **{"from": None, "to": None}),
    }
