import pytest

from indicators.catalogue import load_catalogue
from indicators.models import Indicator, Role

from . import factories


@pytest.fixture
def catalogue(db):
    """The real indicator catalogue, loaded from the repository's data file."""
    load_catalogue()
    return {indicator.code: indicator for indicator in Indicator.objects.all()}


@pytest.fixture
def county(db):
    return factories.county()


@pytest.fixture
def towns(county):
    return [factories.town(county, number) for number in range(1, 4)]


@pytest.fixture
def other_county(db):
    return factories.county("888802000000", "邻县")


@pytest.fixture
def clerk(towns):
    return factories.user_with_role(Role.CLERK, towns[0], "clerk")


@pytest.fixture
def reviewer(towns):
    return factories.user_with_role(Role.REVIEWER, towns[0], "reviewer")


@pytest.fixture
def county_official(county):
    return factories.user_with_role(Role.COUNTY, county, "official")


@pytest.fixture
def admin_user(db):
    return factories.user_with_role(Role.ADMIN, None, "admin")
