"""Reading a figure the way people type it, and refusing what cannot be a figure.

The entry form, the Excel import and the API all call :func:`clean_figure`, so a
figure is accepted or refused the same way wherever it comes from.
"""

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from indicators.models import Indicator, ValueType

# Typed for "no value": an empty box or a dash, as in a printed table.
_NO_VALUE = {"", "-", "--", "—", "——", "/", "无"}
_GROUPED = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$")
_PLAIN = re.compile(r"^\d+(\.\d+)?$|^\.\d+$")
# The usual typed figure: ASCII digits and a point, nothing to normalize (a fast path).
_ASCII_PLAIN = re.compile(r"[0-9]+(?:\.[0-9]+)?|\.[0-9]+")


class FigureError(ValueError):
    """A typed figure that cannot be stored; ``code`` is stable for programs."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def normalize_figure_text(raw: str) -> str:
    """Full-width to half-width, Chinese comma to comma, all spaces removed."""
    text = unicodedata.normalize("NFKC", raw)  # １２３ → 123, ， → ,, ． → ., ％ → %
    return re.sub(r"\s+", "", text)


def parse_figure(raw: object) -> Decimal | None:
    """A typed figure as a Decimal, or None for "no value". Bounds are not checked here."""
    if raw is None:
        return None
    if type(raw) is str and _ASCII_PLAIN.fullmatch(raw):
        return Decimal(raw)  # what the full reading below gives, without its steps
    if isinstance(raw, bool):
        raise FigureError("not_a_number", _("请输入数字。"))
    if isinstance(raw, int | Decimal):
        number = Decimal(raw)
    else:
        # A float from JSON: its shortest repr is the digits the caller wrote.
        text = normalize_figure_text(repr(raw) if isinstance(raw, float) else str(raw))
        if text in _NO_VALUE:
            return None
        text = text.removesuffix("%")
        if text[:1] in ("-", "−") and (_PLAIN.match(text[1:]) or _GROUPED.match(text[1:])):
            raise FigureError("negative", _("不能为负数。"))
        if text.lower().lstrip("+-") in {"nan", "inf", "infinity"}:
            raise FigureError("not_finite", _("不接受 NaN 或无穷大，请输入数字。"))
        if "," in text:
            if not _GROUPED.match(text):
                raise FigureError(
                    "bad_grouping",
                    _("千分位逗号的位置不对：“%(raw)s”。请写成 1,234.5 这样，或不用逗号。")
                    % {"raw": str(raw).strip()},
                )
            text = text.replace(",", "")
        if not _PLAIN.match(text):
            raise FigureError(
                "not_a_number", _("“%(raw)s”不是数字，请输入数字。") % {"raw": str(raw).strip()}
            )
        try:
            number = Decimal(text)
        except InvalidOperation:  # pragma: no cover - the pattern above admits only numbers
            raise FigureError("not_a_number", _("请输入数字。")) from None
    if not number.is_finite():
        raise FigureError("not_finite", _("不接受 NaN 或无穷大，请输入数字。"))
    if number < 0:
        raise FigureError("negative", _("不能为负数。"))
    return number


def _decimal_places(number: Decimal) -> int:
    """Decimals that carry a digit: 12.00 has none. No normalize(): 1E+1000000 would overflow."""
    _sign, digits, exponent = number.as_tuple()
    if exponent >= 0 or not any(digits):  # 0.0000, as the database returns a zero, has none
        return 0
    places = -exponent
    for digit in reversed(digits):
        if places <= 0 or digit != 0:
            break
        places -= 1
    return max(places, 0)


def check_figure(indicator: Indicator, number: Decimal) -> Decimal:
    """Refuse a figure the indicator cannot hold: out of bounds or too many decimals."""
    if number < indicator.min_value or number > indicator.max_value:
        raise FigureError(
            "out_of_bounds",
            _("超出合理范围 %(low)s～%(high)s %(unit)s。")
            % {
                "low": indicator.format_value(indicator.min_value),
                "high": indicator.format_value(indicator.max_value),
                "unit": indicator.unit,
            },
        )
    if _decimal_places(number) > indicator.decimals:
        if indicator.value_type == ValueType.INTEGER or indicator.decimals == 0:
            raise FigureError("too_many_decimals", _("应为整数，不能有小数。"))
        raise FigureError(
            "too_many_decimals",
            _("最多保留 %(n)s 位小数。") % {"n": indicator.decimals},
        )
    return number.quantize(indicator.quantum)


def clean_figure(indicator: Indicator, raw: object) -> Decimal | None:
    """Parse and check a figure for an indicator; None means "no value"."""
    number = parse_figure(raw)
    if number is None:
        return None
    return check_figure(indicator, number)
