from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser

from indicators.accounts.access import (
    can_edit,
    can_review,
    can_submit,
    visible_indicators,
    visible_values,
)
from indicators.models import Role, Status
from tests.factories import DataValueFactory, IndicatorFactory, ReportFactory, town, user_with_role


@pytest.fixture
def reports(towns, other_county):
    return {
        "own": ReportFactory(region=towns[0], year=2024),
        "neighbour": ReportFactory(region=towns[1], year=2024),
        "other_county": ReportFactory(region=town(other_county, 1), year=2024),
    }


def test_a_clerk_edits_only_their_own_town(clerk, reports):
    assert can_edit(clerk, reports["own"])
    assert not can_edit(clerk, reports["neighbour"])
    assert not can_submit(clerk, reports["own"])


def test_a_reviewer_submits_their_own_town(reviewer, reports):
    assert can_submit(reviewer, reports["own"])
    assert not can_submit(reviewer, reports["neighbour"])


def test_a_county_official_reviews_only_their_county(county_official, reports):
    assert can_review(county_official, reports["neighbour"])
    assert not can_review(county_official, reports["other_county"])
    assert not can_edit(county_official, reports["own"])


def test_nobody_edits_approved_figures(admin_user, clerk, reports):
    reports["own"].status = Status.APPROVED
    assert not can_edit(clerk, reports["own"])
    assert not can_edit(admin_user, reports["own"])


def test_anonymous_visitors_see_only_approved_public_figures(reports):
    public, secret = IndicatorFactory(), IndicatorFactory(is_public=False)
    reports["own"].status = Status.APPROVED
    reports["own"].save()
    shown = DataValueFactory(report=reports["own"], indicator=public, value=Decimal(1))
    DataValueFactory(report=reports["own"], indicator=secret, value=Decimal(1))
    DataValueFactory(report=reports["neighbour"], indicator=public, value=Decimal(1))
    assert list(visible_values(AnonymousUser())) == [shown]


def test_a_clerk_sees_unapproved_figures_of_their_town_only(reports, towns):
    indicator = IndicatorFactory()
    own = DataValueFactory(report=reports["own"], indicator=indicator, value=Decimal(1))
    DataValueFactory(report=reports["neighbour"], indicator=indicator, value=Decimal(1))
    clerk = user_with_role(Role.CLERK, towns[0], "someone")
    assert list(visible_values(clerk)) == [own]


def test_non_public_indicators_are_listed_only_where_the_user_may_read_them(
    county_official, other_county, county, towns
):
    public, secret = IndicatorFactory(), IndicatorFactory(is_public=False)
    assert set(visible_indicators(county_official, county)) >= {public, secret}
    assert set(visible_indicators(county_official, towns[1])) >= {public, secret}
    assert secret not in set(visible_indicators(county_official, other_county))
    assert secret not in set(visible_indicators(AnonymousUser(), county))


def test_a_clerk_sees_non_public_indicators_on_their_county_page(clerk, county):
    secret = IndicatorFactory(is_public=False)
    assert secret in set(visible_indicators(clerk, county))
