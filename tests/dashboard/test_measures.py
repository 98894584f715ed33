from decimal import Decimal as D

from dashboard.measures import attainment, change
from dashboard.tables import Number


def test_a_rise_is_good_when_higher_is_better_and_bad_when_lower_is():
    assert change(D(12), D(10), True).tone == "good"
    assert change(D(12), D(10), False).tone == "bad"
    assert change(D(12), D(10), None).tone == "neutral"
    assert change(D(12), D(10), True).percent == D("20.0")


def test_no_change_without_both_years():
    assert change(None, D(10), True) is None
    assert change(D(10), None, True) is None


def test_change_from_zero_has_no_percentage():
    moved = change(D(3), D(0), True)
    assert (moved.delta, moved.percent, moved.direction) == (D(3), None, "up")


def test_attainment_is_a_percentage_of_the_target():
    assert attainment(D(63), D(66), True) == D("95.5")
    assert attainment(None, D(66), True) is None
    assert attainment(D(5), None, True) is None


def test_staying_under_a_lower_is_better_target_counts_as_reached():
    assert attainment(D(8), D(10), False) == D("125.0")
    assert attainment(D(0), D(10), False) == D("100.0")


def test_a_missing_number_shows_a_dash_and_downloads_empty():
    assert Number(None, 2).text == "—"
    assert Number(None, 2).plain == ""
    assert Number(D("1234.5"), 2).text == "1,234.50"
    assert Number(D("1234.5"), 2).plain == "1234.50"
