import pytest
from django.contrib.auth.models import User

from dashboard.account.landing import landing_url
from indicators.models import Indicator, Report, Status
from tests import factories


@pytest.mark.django_db
def test_the_catalogue_page_lists_the_five_sections_and_every_indicator_with_its_unit(
    client, catalogue
):
    response = client.get("/indicators/")
    page = response.content.decode()
    assert response.status_code == 200
    for heading in ["产业发展", "城镇化", "绿色发展", "民生事业", "党的建设"]:
        assert heading in page
    # Anonymous visitors are not told the names of non-public indicators.
    public = Indicator.objects.filter(is_public=True, section__is_public=True).count()
    assert page.count("<code>") == public >= 35
    assert "万吨／年" in page


@pytest.mark.django_db
def test_the_catalogue_page_runs_a_fixed_number_of_queries(
    client, catalogue, django_assert_max_num_queries
):
    with django_assert_max_num_queries(3):
        client.get("/indicators/")


# Where each role lands after signing in (dashboard/account/landing.py).
PASSWORD = "Qingshan-2024x"


def signed_in_at(client, user, next_url: str = "") -> str:
    user.set_password(PASSWORD)
    user.save()
    data = {"username": user.username, "password": PASSWORD, "next": next_url}
    response = client.post("/accounts/login/", data)
    assert response.status_code == 302
    return response["Location"]


@pytest.mark.django_db
def test_a_county_official_lands_on_the_progress_page_while_reports_wait_for_review(
    client, county_official, towns
):
    Report.objects.create(region=towns[0], year=2024, status=Status.APPROVED)
    Report.objects.create(region=towns[1], year=2025, status=Status.SUBMITTED)
    Report.objects.create(region=towns[2], year=2026, status=Status.DRAFT)
    assert signed_in_at(client, county_official) == "/progress/?year=2025"
    assert client.get("/progress/?year=2025").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("status", [Status.DRAFT, Status.RETURNED, Status.APPROVED])
def test_a_county_official_lands_on_the_overview_when_nothing_waits(
    client, county_official, towns, status
):
    Report.objects.create(region=towns[0], year=2025, status=status)
    assert signed_in_at(client, county_official) == "/"


@pytest.mark.django_db
def test_reports_waiting_in_another_county_do_not_count(client, county_official, other_county):
    elsewhere = factories.town(other_county, 1)
    Report.objects.create(region=elsewhere, year=2025, status=Status.SUBMITTED)
    assert signed_in_at(client, county_official) == "/"


@pytest.mark.django_db
def test_town_staff_land_on_the_overview_whatever_waits(client, reviewer, towns):
    Report.objects.create(region=towns[0], year=2025, status=Status.SUBMITTED)
    assert signed_in_at(client, reviewer) == "/"


@pytest.mark.django_db
def test_the_page_that_asked_for_the_sign_in_comes_first(client, county_official, towns):
    Report.objects.create(region=towns[0], year=2025, status=Status.SUBMITTED)
    assert signed_in_at(client, county_official, "/sections/industry/") == "/sections/industry/"


@pytest.mark.django_db
def test_the_landing_is_decided_in_two_queries(county_official, towns, django_assert_num_queries):
    Report.objects.bulk_create(
        Report(region=town, year=year, status=Status.SUBMITTED)
        for town in towns
        for year in range(2020, 2026)
    )
    user = User.objects.get(pk=county_official.pk)
    with django_assert_num_queries(2):
        assert landing_url(user) == "/progress/?year=2025"
