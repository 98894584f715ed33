"""A Decimal written as people write it, and rounded to an indicator's decimals."""

import functools
from decimal import Decimal


@functools.cache
def quantum(decimals: int) -> Decimal:
    """The step of a figure with ``decimals`` places (2 → 0.01), made once per count:
    pages, the API and the write each quantize thousands of figures a request."""
    return Decimal(1).scaleb(-decimals)


def plain(number: Decimal | None) -> str:
    """No exponent, no trailing zeros: 10000.0000 → 10000, 1E+2 → 100; None → ""."""
    if number is None:
        return ""
    text = f"{number:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
