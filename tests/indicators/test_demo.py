import pytest
from django.conf import settings
from django.contrib.auth.models import User

from indicators.models import DataValue, Indicator, Region, Report, Source, Status, Target
from indicators.seeding.demo import TOWNS, seed_demo, town_code, town_figures
from tests.factories import save_figures

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
    assert counts == {
        "reports": 0,
        "values_created": 0,
        "targets": 0,
        "demoted": 0,
        "assessment_schemes": 0,
        "facts": 0,
        "boundaries": 0,
    }
    assert _snapshot() == before


def test_the_demo_figures_are_the_same_on_every_run(demo):
    # Seeded streams: what is stored is exactly what the pure generator gives.
    indicators = list(Indicator.objects.in_report_order())
    expected = sorted(
        (town_code(town), year, code, figure)
        for town in TOWNS
        for year in range(2016, 2026)
        for code, figure in town_figures(town, year, indicators).items()
    )
    assert [row for row in _snapshot() if row[1] < 2026] == expected


def test_seeding_again_never_touches_a_clerks_figures_or_their_history(demo):
    clerk = User.objects.get(username="clerk")
    town = Region.objects.get(code=town_code(TOWNS[0]))
    version = Report.objects.get(region=town, year=2026).version
    save_figures(town, 2026, {"street_lights": 130}, user=clerk, version=version)
    history = list(DataValue.history.filter(report__region=town).values_list("history_id", "value"))

    for _run in range(3):
        seed_demo()

    mine = DataValue.objects.get(report__region=town, report__year=2026, indicator="street_lights")
    assert (mine.value, mine.changed_by, mine.source) == (130, clerk, Source.FORM)
    after = DataValue.history.filter(report__region=town).values_list("history_id", "value")
    assert list(after) == history


def test_the_seed_writes_through_the_service_with_its_own_source(demo):
    assert set(DataValue.objects.values_list("source", flat=True)) == {Source.SEED}
    assert not DataValue.history.exclude(source=Source.SEED).exists()


def test_big_seeded_changes_carry_the_comment_the_rules_ask_for(demo):
    # Every approved year passed the ±30% rule on its way through the workflow.
    approved = Report.objects.within(demo).filter(status=Status.APPROVED).count()
    assert approved == 80
    longtan = DataValue.objects.get(
        report__region__name__startswith="龙潭镇",
        report__year=2019,
        indicator_id="coal_design_capacity",
    )
    assert "产能减半" in longtan.comment


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


def test_no_demo_account_is_a_superuser_and_the_admin_keeps_the_admin_site(demo):
    assert not User.objects.filter(is_superuser=True).exists()
    admin = User.objects.get(username="admin")
    assert admin.is_staff and admin.profile.role == "admin"


def test_seeding_demotes_the_superuser_admin_of_an_older_demo_database(demo):
    User.objects.filter(username="admin").update(is_superuser=True)
    counts = seed_demo()
    assert counts["demoted"] == 1
    admin = User.objects.get(username="admin")
    assert (admin.is_superuser, admin.is_staff) == (False, True)
