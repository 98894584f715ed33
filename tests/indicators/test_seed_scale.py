"""manage.py seed_scale: a synthetic province written through the one write path."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Max, Min

from indicators.catalogue.years import current_year
from indicators.models import (
    DataStamp,
    DataValue,
    Indicator,
    Level,
    Region,
    RegionSummary,
    Report,
    ReportTransition,
    StampKind,
    Status,
)
from indicators.seeding.scale import Layout, drop_province, province_bounds, scale_years

HISTORY = DataValue.history.model


def _province_figures():
    low, high = province_bounds()
    return DataValue.objects.filter(report__region_id__gte=low, report__region_id__lte=high)


@pytest.fixture
def seeded(catalogue):
    call_command("seed_scale", towns=40, years=2, stdout=io.StringIO())
    return catalogue


def test_forty_towns_make_two_counties_of_twenty_under_one_prefecture():
    regions = Layout(40).regions()
    levels = [region.level for region in regions]
    assert [levels.count(level) for level in (Level.PROVINCE, Level.PREFECTURE, Level.COUNTY)] == [
        1,
        1,
        2,
    ]
    assert levels.count(Level.TOWN) == 40
    assert Layout(2000).counties == 100 and Layout(2000).prefectures == 10


def test_the_seed_makes_every_approved_report_figure_and_history_record(seeded):
    low, high = province_bounds()
    reports = Report.objects.filter(region_id__gte=low, region_id__lte=high)
    figures = _province_figures()

    assert Region.objects.filter(code__gte=low, code__lte=high).count() == 1 + 1 + 2 + 40
    assert reports.count() == 80
    assert set(reports.values_list("status", flat=True)) == {Status.APPROVED}
    assert set(reports.values_list("year", flat=True)) == {current_year() - 1, current_year()}
    assert figures.count() == 80 * len(seeded)
    history = HISTORY.objects.filter(report_id__in=reports.values("pk"))
    assert history.count() == figures.count()
    assert set(history.values_list("history_type", flat=True)) == {"+"}
    steps = ReportTransition.objects.filter(report__in=reports)
    assert steps.filter(to_status=Status.SUBMITTED).count() == 80
    assert steps.filter(to_status=Status.APPROVED).count() == 80


def test_every_figure_lies_within_its_indicators_bounds(seeded):
    spans = _province_figures().values("indicator").annotate(low=Min("value"), high=Max("value"))
    bounds = {i.code: (i.min_value, i.max_value) for i in Indicator.objects.all()}
    for span in spans:
        low, high = bounds[span["indicator"]]
        assert low <= span["low"] <= span["high"] <= high, span


def test_figures_grow_with_a_trend_and_vary_between_towns(seeded):
    years = scale_years(2)
    lights = _province_figures().filter(indicator="street_lights")
    first = sum(lights.filter(report__year=years[0]).values_list("value", flat=True))
    last = sum(lights.filter(report__year=years[-1]).values_list("value", flat=True))
    assert last > first
    assert lights.filter(report__year=years[0]).values("value").distinct().count() > 20


def test_a_second_run_refuses_and_replace_rebuilds_the_same_figures(seeded):
    before = sorted(_province_figures().values_list("report__region_id", "indicator", "value"))
    with pytest.raises(CommandError, match="exists"):
        call_command("seed_scale", towns=40, years=2, stdout=io.StringIO())

    call_command("seed_scale", towns=40, years=2, replace=True, stdout=io.StringIO())

    after = sorted(_province_figures().values_list("report__region_id", "indicator", "value"))
    assert after == before
    assert HISTORY.objects.count() == len(after)  # the first run's records went with it
    assert ReportTransition.objects.count() == 2 * 80


def test_dropping_the_province_takes_its_summaries_and_moves_its_stamp(seeded):
    low, _high = province_bounds()
    province = low[:2]
    stamp = DataStamp.objects.get(kind=StampKind.VALUES, province=province).version
    assert RegionSummary.objects.filter(region__startswith=province).exists()

    drop_province()

    assert not _province_figures().exists() and not Report.objects.exists()
    assert not RegionSummary.objects.filter(region__startswith=province).exists()
    assert DataStamp.objects.get(kind=StampKind.VALUES, province=province).version > stamp
