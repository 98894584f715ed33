from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from indicators.models import DataValue, Region, Report, Source
from indicators.models.guard import FiguresWriteRefused, store_writing
from tests.factories import DataValueFactory, IndicatorFactory, ReportFactory, town


@pytest.fixture
def report(county):
    return ReportFactory(region=town(county, 1), year=2024)


# The database's own constraints hold below the write service: these tests open the
# figures table's guard by hand, as only the store does.


def test_a_second_figure_for_the_same_indicator_town_and_year_is_refused(report):
    indicator = IndicatorFactory()
    DataValueFactory(report=report, indicator=indicator, value=Decimal("1"))
    with pytest.raises(IntegrityError), transaction.atomic(), store_writing():
        DataValue.objects.create(
            report=report, indicator=indicator, value=Decimal("2"), source=Source.FORM
        )


def test_the_figures_table_refuses_writes_from_outside_the_store(report):
    indicator = IndicatorFactory()
    value = DataValueFactory(report=report, indicator=indicator, value=Decimal("1"))
    figures = DataValue.objects.filter(pk=value.pk)
    writes = [
        lambda: DataValue.objects.create(
            report=report, indicator=IndicatorFactory(), value=Decimal(1), source=Source.FORM
        ),
        lambda: DataValue.objects.bulk_create([DataValue(report=report, indicator=indicator)]),
        lambda: figures.update(value=Decimal(2)),
        lambda: figures.delete(),
        lambda: figures._raw_delete(figures.db),
        value.save,
        value.delete,
    ]
    for write in writes:
        with pytest.raises(FiguresWriteRefused):
            write()
    assert list(DataValue.objects.values_list("value", flat=True)) == [Decimal("1")]


def test_point_one_plus_point_two_is_stored_and_read_back_exactly(report):
    value = DataValueFactory(report=report, value=Decimal("0.1") + Decimal("0.2"))
    stored = DataValue.objects.get(pk=value.pk).value
    assert stored == Decimal("0.3")
    assert isinstance(stored, Decimal)


def test_the_largest_figure_keeps_every_digit(report):
    indicator = IndicatorFactory(decimals=4, max_value=Decimal("99999999999.9999"))
    value = DataValueFactory(report=report, indicator=indicator, value=Decimal("99999999999.9999"))
    assert DataValue.objects.get(pk=value.pk).value == Decimal("99999999999.9999")


def test_a_negative_figure_is_refused_by_the_database(report):
    with pytest.raises(IntegrityError), transaction.atomic(), store_writing():
        DataValue.objects.create(
            report=report, indicator=IndicatorFactory(), value=Decimal("-1"), source=Source.FORM
        )


def test_a_year_outside_the_range_is_refused(county):
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.create(region=town(county, 1), year=1899)


def test_a_second_report_for_the_same_town_and_year_is_refused(report):
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.create(region=report.region, year=report.year)


def test_a_region_code_must_have_twelve_digits(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        Region.objects.create(code="52032", name="短代码", level="county")


def test_no_row_means_no_value_not_zero(report):
    indicator = IndicatorFactory()
    assert not DataValue.objects.filter(report=report, indicator=indicator).exists()
    DataValueFactory(report=report, indicator=indicator, value=Decimal("0"))
    assert DataValue.objects.get(report=report, indicator=indicator).value == Decimal("0")
