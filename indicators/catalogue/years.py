"""Which years can hold figures and targets: bounded by the calendar, not only by the schema.

The database accepts 2000–2100 (``FIRST_YEAR``–``LAST_YEAR``); people and programs may
write figures only for past years and the current one, and targets a few years ahead.
"""

from django.utils import timezone

from indicators.models import FIRST_YEAR

# A town plans its goals for the current five-year plan at most.
TARGET_YEARS_AHEAD = 5


def current_year() -> int:
    return timezone.localdate().year


def figure_years() -> range:
    """Years a figure may be written for: nobody reports a year that has not begun."""
    return range(FIRST_YEAR, current_year() + 1)


def target_years() -> range:
    return range(FIRST_YEAR, current_year() + TARGET_YEARS_AHEAD + 1)
