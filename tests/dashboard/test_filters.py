"""Reading the dashboard filters from the URL."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from dashboard.filters import BadFilter, NoCounty, parse_filters
from indicators.models import Report, Status
from tests import factories
from tests.factories import reports_set_status


def parse(user=None, **params):
    request = RequestFactory().get("/", params)
    request.user = user or AnonymousUser()
    return parse_filters(request)


def test_a_county_official_lands_on_their_own_county(small_county, county_official, other_county):
    Report.objects.create(region=factories.town(other_county, 1), year=2021)
    assert parse(county_official).area == county_official.profile.region


def test_a_clerk_lands_on_the_county_of_their_town(small_county, clerk):
    assert parse(clerk).area.code == "888801000000"


def test_anonymous_visitors_land_on_a_county_with_reports(small_county):
    assert parse().area.code == "888801000000"


def test_without_any_county_the_page_says_there_is_nothing_yet(db):
    with pytest.raises(NoCounty):
        parse()


def test_the_year_defaults_to_the_latest_approved_and_the_trend_ends_there(small_county):
    reports_set_status(Report.objects.filter(year=2021), Status.SUBMITTED)
    filters = parse()
    assert (filters.year, filters.first_year, filters.last_year) == (2020, 2020, 2020)
    assert filters.query_years == (2019, 2020)


def test_include_unapproved_is_ignored_for_those_not_allowed(small_county, clerk, county_official):
    assert parse(clerk, unapproved="1").refused_unapproved
    assert not parse(clerk, unapproved="1").include_unapproved
    assert parse(county_official, unapproved="1").include_unapproved


@pytest.mark.parametrize(
    "params", [{"year": "2020.5"}, {"to": "-1"}, {"county": "abc"}, {"town": "1" * 13}]
)
def test_malformed_parameters_are_refused_in_chinese(small_county, params):
    with pytest.raises(BadFilter) as refused:
        parse(**params)
    assert refused.value.status == 400
    assert "应为" in refused.value.message


def test_links_carry_every_filter(small_county):
    filters = parse(year="2020", **{"from": "2020"})
    assert filters.query() == "county=888801000000&year=2020&from=2020&to=2020"
    assert "year=2021" in filters.query(year=2021)
