"""Numbers as people write them in a report: 1,234.5 · １２３４ · 三座 · 两千五百 · 1.2万.

Every function keeps offsets: :func:`fold` maps full-width characters one for one,
so a position in the folded text is the same position in the file's text.
"""

import re
from decimal import Decimal, InvalidOperation

# Full-width digits and the full-width point and slash, one character for one.
_FOLD = str.maketrans("０１２３４５６７８９．／％", "0123456789./%")

_DIGIT = {
    "零": 0, "〇": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "三": 3, "叁": 3,
    "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8,
    "捌": 8, "九": 9, "玖": 9,
}  # fmt: skip
_SMALL = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_LARGE = {"万": 10_000, "亿": 100_000_000}
CHINESE = "".join(_DIGIT) + "".join(_SMALL)

# A number: Arabic digits with optional thousands separators (, or ，followed by
# exactly three digits) and decimals, or a run of Chinese numerals; then an optional
# 万 or 亿 ("1.2万", "三千五百万"). Chinese numerals that only ever appear inside
# words are left to the caller's context (a unit must follow).
NUMBER = re.compile(
    r"(?P<arabic>\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    rf"|(?P<chinese>[{CHINESE}][{CHINESE}万亿]*)"
)


def fold(text: str) -> str:
    """``text`` with full-width digits, point and slash as ASCII; same length."""
    return text.translate(_FOLD)


def arabic_value(written: str) -> Decimal:
    return Decimal(written.replace(",", "").replace("，", ""))


def chinese_value(written: str) -> Decimal | None:
    """一百二十三 → 123, 两万五千 → 25000, 三 → 3; None if it is not a well-formed number.

    A bare run of digits (二〇二一) reads digit by digit, as years are written.
    """
    if all(char in _DIGIT for char in written):
        if len(written) > 1 and "两" in written:
            return None  # "两两" is not a number
        return Decimal("".join(str(_DIGIT[char]) for char in written))
    total, section, digit = 0, 0, None
    last_small = 10_000
    for char in written:
        if char in "零〇":
            digit = None  # 一百零五: a gap in the places, no digit of its own
        elif char in _DIGIT:
            if digit is not None:
                return None  # two digits in a row inside a positional number
            digit = _DIGIT[char]
        elif char in _SMALL:
            unit = _SMALL[char]
            if unit >= last_small:
                return None  # 百千: units must fall
            section += (1 if digit is None else digit) * unit
            digit, last_small = None, unit
        elif char in _LARGE:
            unit = _LARGE[char]
            section += digit or 0
            if section == 0:
                return None
            total = (total + section) * unit if unit > 10_000 else total + section * unit
            section, digit, last_small = 0, None, 10_000
        else:
            return None
    return Decimal(total + section + (digit or 0))


def number_value(arabic: str | None, chinese: str | None) -> Decimal | None:
    """The value of a :data:`NUMBER` match's groups, with a trailing 万 or 亿 applied."""
    if arabic is not None:
        try:
            return arabic_value(arabic)
        except InvalidOperation:
            return None
    return chinese_value(chinese)


def scale(written: str) -> Decimal:
    """What 万, 亿 or 万亿 after a number multiply it by."""
    factor = Decimal(1)
    for char in written:
        factor *= _LARGE[char]
    return factor
