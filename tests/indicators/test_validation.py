from decimal import Decimal

import pytest

from indicators.figures.validation import FigureError, clean_figure, parse_figure


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("123", Decimal("123")),
        ("１２３", Decimal("123")),
        ("１２３．５", Decimal("123.5")),
        ("1,234.5", Decimal("1234.5")),
        ("1，234.5", Decimal("1234.5")),
        ("12,345,678", Decimal("12345678")),
        ("  42  ", Decimal("42")),
        ("\u300042\u3000", Decimal("42")),
        ("4 2", Decimal("42")),
        ("0", Decimal("0")),
        (".5", Decimal("0.5")),
        ("95%", Decimal("95")),
        ("95％", Decimal("95")),
        (7, Decimal("7")),
        (0.1, Decimal("0.1")),
        (Decimal("2.50"), Decimal("2.50")),
    ],
)
def test_figures_are_read_the_way_people_type_them(typed, number):
    assert parse_figure(typed) == number


@pytest.mark.parametrize("typed", ["", "   ", "-", "－", "—", "--", None])
def test_an_empty_box_or_a_dash_means_no_value(typed):
    assert parse_figure(typed) is None


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("abc", "not_a_number"),
        ("十二", "not_a_number"),
        ("12吨", "not_a_number"),
        ("1.2.3", "not_a_number"),
        ("-5", "negative"),
        ("－5", "negative"),
        (-1, "negative"),
        ("NaN", "not_finite"),
        ("inf", "not_finite"),
        ("-Infinity", "not_finite"),
        (float("nan"), "not_finite"),
        ("1,23", "bad_grouping"),
        ("12,34.5", "bad_grouping"),
        (True, "not_a_number"),
    ],
)
def test_what_cannot_be_a_figure_is_refused_with_a_code(typed, code):
    with pytest.raises(FigureError) as refused:
        parse_figure(typed)
    assert refused.value.code == code
    assert refused.value.message


def test_the_message_quotes_what_was_typed():
    with pytest.raises(FigureError, match="“abc”不是数字"):
        parse_figure("abc")


def test_more_decimals_than_the_indicator_allows_are_refused(catalogue):
    with pytest.raises(FigureError, match="最多保留 2 位小数") as refused:
        clean_figure(catalogue["raw_coal_output"], "12.345")
    assert refused.value.code == "too_many_decimals"


def test_a_count_must_be_a_whole_number(catalogue):
    with pytest.raises(FigureError, match="应为整数"):
        clean_figure(catalogue["street_lights"], "12.5")


def test_trailing_zeros_are_not_extra_decimals(catalogue):
    assert clean_figure(catalogue["street_lights"], "12.00") == Decimal("12")


def test_a_figure_out_of_bounds_is_refused_with_the_bounds_and_unit(catalogue):
    with pytest.raises(FigureError, match=r"0～100\.00 %") as refused:
        clean_figure(catalogue["village_health_coverage"], "101")
    assert refused.value.code == "out_of_bounds"


def test_a_clean_figure_carries_the_indicators_decimals(catalogue):
    assert str(clean_figure(catalogue["raw_coal_output"], "1,234.5")) == "1234.50"


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("１，２３４．５", Decimal("1234.5")),
        ("　1,234.5　", Decimal("1234.5")),
        (" 1，234 ", Decimal("1234")),
        ("\t7\n", Decimal("7")),
    ],
)
def test_full_width_separators_and_surrounding_blanks_combine(typed, number):
    assert parse_figure(typed) == number


@pytest.mark.parametrize("typed", [" - ", "\u3000", "——", "无"])
def test_a_padded_dash_or_blank_is_still_no_value(typed):
    assert parse_figure(typed) is None


@pytest.mark.parametrize(
    ("number", "code"),
    [(Decimal("1E+1000000"), "out_of_bounds"), (Decimal("1E-1000000"), "too_many_decimals")],
)
def test_absurd_exponents_are_refused_not_crashed_on(catalogue, number, code):
    with pytest.raises(FigureError) as refused:
        clean_figure(catalogue["raw_coal_output"], number)
    assert refused.value.code == code


def test_a_figure_with_trailing_zero_decimals_fits_an_integer(catalogue):
    assert clean_figure(catalogue["street_lights"], Decimal("1.000")) == Decimal(1)
    assert clean_figure(catalogue["street_lights"], Decimal("1E+2")) == Decimal(100)


@pytest.mark.parametrize("zero", [Decimal("0.0000"), "0.000", "0.00000"])
def test_zero_with_stored_places_is_not_too_many_decimals(catalogue, zero):
    # The database returns a zero as 0.0000: writing it back must not be refused.
    assert clean_figure(catalogue["street_lights"], zero) == 0
