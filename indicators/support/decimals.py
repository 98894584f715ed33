"""A Decimal written as people write it."""

from decimal import Decimal


def plain(number: Decimal | None) -> str:
    """No exponent, no trailing zeros: 10000.0000 → 10000, 1E+2 → 100; None → ""."""
    if number is None:
        return ""
    text = f"{number:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
