import pytest
from django.conf import settings
from django.db import connection
from django.utils import translation

from indicators.catalogue import load_catalogue
from indicators.models import Indicator, Role

from . import factories


def pytest_collection_modifyitems(config, items):
    """Tests of one database's own tools (marked ``sqlite`` or ``postgresql``) run in
    that database's run, and are deselected in the other: CI runs both."""
    chosen, other = [], []
    for item in items:
        wanted = {name for name in ("sqlite", "postgresql") if item.get_closest_marker(name)}
        (other if wanted and connection.vendor not in wanted else chosen).append(item)
    if other:
        config.hook.pytest_deselected(items=other)
        items[:] = chosen


@pytest.fixture(autouse=True)
def chinese_first():
    """Each test starts in the product's language: a request in English must not leave
    English active in the thread for the next test's code that runs outside a request."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


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
