from decimal import Decimal

import pytest

from indicators.reports.parsing.numerals import chinese_value, fold, number_value
from indicators.reports.parsing.units import in_unit


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("三", 3),
        ("两", 2),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("一百零五", 105),
        ("四百五十", 450),
        ("三千五百", 3500),
        ("两万五千", 25000),
        ("三千五百万", 35_000_000),
        ("一亿二千万", 120_000_000),
        ("二〇二一", 2021),
    ],
)
def test_chinese_numerals_read_as_people_write_them(written, value):
    assert chinese_value(written) == Decimal(value)


@pytest.mark.parametrize("written", ["百千", "两两", "三三百"])
def test_a_run_of_numerals_that_is_no_number_reads_as_none(written):
    assert chinese_value(written) is None


def test_thousands_separators_and_full_width_digits_read_as_the_same_number():
    assert number_value(fold("１，２３４．５"), None) == Decimal("1234.5")
    assert number_value("1,234", None) == Decimal(1234)


def test_full_width_folding_keeps_every_offset():
    text = "投入１２０万元／年"
    assert len(fold(text)) == len(text)


def test_a_figure_in_another_scale_converts_exactly_into_the_indicators_unit():
    assert in_unit(Decimal("1.2") * 10**8, "万元") == Decimal(12000)
    assert in_unit(Decimal(3500) * 10**4, "亿元") == Decimal("0.35")
    assert in_unit(Decimal(3_865_000), "万吨") == Decimal("386.5")
