"""Year-on-year and target phrases, worded as the report prints them."""

from decimal import Decimal as D

import pytest

from indicators.reports.phrases import in_brackets, target_phrase, year_on_year


@pytest.mark.parametrize(
    ("current", "previous", "phrase"),
    [
        (D("110"), D("100"), "同比增长10.0%"),
        (D("90.00"), D("120.00"), "同比下降25.0%"),
        (D("100.05"), D("100"), "同比增长0.1%"),  # 0.05% rounds half up
        (D("100"), D("100"), "同比持平"),
        (D("1"), D("3"), "同比下降66.7%"),
    ],
)
def test_year_on_year_is_a_percentage_to_one_decimal(current, previous, phrase):
    assert year_on_year(current, previous) == phrase


def test_without_last_years_figure_there_is_no_year_on_year_phrase():
    assert year_on_year(D("110"), None) == ""
    assert year_on_year(None, D("110")) == ""


def test_from_a_base_of_zero_no_percentage_is_invented():
    assert year_on_year(D("5"), D("0")) == ""
    assert year_on_year(D("0"), D("0")) == "同比持平"


def test_attainment_of_the_target():
    assert target_phrase(D("110"), D("200"), True) == "完成年度目标的55.0%"
    assert target_phrase(D("1030.00"), D("1000"), None) == "完成年度目标的103.0%"


def test_no_target_or_a_target_of_zero_gives_no_phrase():
    assert target_phrase(D("110"), None, True) == ""
    assert target_phrase(D("110"), D("0"), True) == ""


def test_where_lower_is_better_staying_under_the_target_reaches_it():
    # As on the dashboards: zero-employment households aimed at 10, 8 reached.
    assert target_phrase(D("8"), D("10"), False) == "完成年度目标的125.0%"
    assert target_phrase(D("0"), D("10"), False) == "完成年度目标的100.0%"


def test_phrases_go_in_brackets_only_when_there_are_any():
    both = in_brackets(["同比增长5.2%", "完成年度目标的98.0%"])
    assert both == "（同比增长5.2%，完成年度目标的98.0%）"
    assert in_brackets(["", "完成年度目标的98.0%"]) == "（完成年度目标的98.0%）"
    assert in_brackets(["", ""]) == ""
