from decimal import Decimal

import pytest

from indicators.models import DataValue, Status
from indicators.reads.aggregates import aggregate_values
from tests.factories import DataValueFactory, IndicatorFactory, ReportFactory


@pytest.fixture
def figures(towns):
    """Three towns in 2024; the third approved, the second missing a figure."""
    indicators = {
        rule: IndicatorFactory(code=f"rule_{rule}", aggregation=rule)
        for rule in ("sum", "mean", "min", "max", "none")
    }
    reports = [ReportFactory(region=town, year=2024) for town in towns]
    reports[2].status = Status.APPROVED
    reports[2].save()
    for indicator in indicators.values():
        for report, value in zip(reports, ["1.10", None, "2.25"], strict=True):
            if value is not None:
                DataValueFactory(report=report, indicator=indicator, value=Decimal(value))
    return indicators


def test_each_rule_combines_the_towns_that_reported(county, figures):
    results = aggregate_values(
        DataValue.objects.all(), region=county, indicators=list(figures.values())
    )
    by_rule = {row.indicator.removeprefix("rule_"): row for row in results}
    assert by_rule["sum"].value == Decimal("3.35")
    assert by_rule["mean"].value == Decimal("1.68")  # 1.675 rounded half up
    assert by_rule["min"].value == Decimal("1.10")
    assert by_rule["max"].value == Decimal("2.25")
    assert by_rule["none"].value is None


def test_each_figure_says_how_many_towns_reported_and_were_approved(county, figures):
    [row] = aggregate_values(DataValue.objects.all(), region=county, indicators=[figures["sum"]])
    assert (row.towns, row.approved, row.year) == (2, 1, 2024)


def test_aggregation_is_one_query(county, figures, django_assert_num_queries):
    with django_assert_num_queries(1):
        aggregate_values(DataValue.objects.all(), region=county, indicators=list(figures.values()))
