import pytest
from django.conf import settings

from indicators.demo import seed_demo
from indicators.models import DataValue, Region, Report, Status, Target

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(catalogue):
    seed_demo()
    return Region.objects.get(code=settings.DEMO_COUNTY_CODE)


def _snapshot():
    return sorted(
        DataValue.objects.values_list("report__region_id", "report__year", "indicator_id", "value")
    )


def test_the_demo_county_has_eight_towns_and_ten_approved_years(demo):
    towns = Region.objects.within(demo).towns()
    assert towns.count() == 8
    assert all("演示" in town.name for town in towns)
    approved = Report.objects.within(demo).filter(status=Status.APPROVED)
    assert sorted(set(approved.values_list("year", flat=True))) == list(range(2016, 2026))


def test_the_demo_codes_cannot_collide_with_real_division_codes(demo):
    # Real province codes are 11-65, 71, 81 and 82.
    assert all(code.startswith("99") for code in Region.objects.values_list("code", flat=True))


def test_seeding_twice_changes_nothing(demo):
    before = _snapshot()
    counts = seed_demo()
    assert counts == {"reports": 0, "values_created": 0, "values_updated": 0, "targets": 0}
    assert _snapshot() == before


def test_the_demo_is_the_same_on_every_run(demo):
    before = _snapshot()
    DataValue.objects.all().delete()
    seed_demo()
    assert _snapshot() == before


def test_the_demo_tells_a_coal_county_story(demo):
    def county_sum(code, year):
        values = DataValue.objects.within(demo).filter(indicator_id=code, report__year=year)
        return sum(v.value for v in values)

    # A mine closed in Longtan in 2019 halves its design capacity.
    longtan = Region.objects.get(name__startswith="龙潭镇")
    capacity = dict(
        DataValue.objects.filter(
            report__region=longtan, indicator_id="coal_design_capacity"
        ).values_list("report__year", "value")
    )
    assert capacity[2019] == capacity[2018] / 2
    # 2020 was a bad year for coal output.
    assert county_sum("raw_coal_output", 2020) < county_sum("raw_coal_output", 2019)
    # Some figures were never reported: gaps, not zeros.
    assert not DataValue.objects.filter(
        report__region__name__startswith="白云镇", report__year=2017, indicator_id="land_acquired"
    ).exists()


def test_the_year_in_progress_shows_every_workflow_state(demo):
    statuses = set(Report.objects.within(demo).filter(year=2026).values_list("status", flat=True))
    assert statuses == {Status.DRAFT, Status.SUBMITTED, Status.RETURNED}
    returned = Report.objects.get(year=2026, status=Status.RETURNED)
    assert returned.transitions.last().reason


def test_the_demo_sets_targets_for_towns_and_the_county(demo):
    assert Target.objects.filter(region=demo, indicator_id="raw_coal_output").count() == 11
    assert Target.objects.filter(region__level="town").exists()
