"""ADX periods: an ISO 8601 start date and duration. Our figures are annual, so a year
is ``2025-01-01/P1Y``, the form DHIS2's ADX import reads as the yearly period 2025."""

import re

_YEAR = re.compile(r"([0-9]{4})-01-01/P1Y")


def period_of(year: int) -> str:
    return f"{year:04d}-01-01/P1Y"


def year_of(period: str) -> int | None:
    """The year a period stands for; None when it is not exactly one calendar year."""
    match = _YEAR.fullmatch(period)
    return int(match.group(1)) if match else None
