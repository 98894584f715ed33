"""Province and prefecture pages run a fixed number of queries, whatever the size.

Anonymous: the region and the picker's choices (1), the years with figures (1), the
visible indicators (1), the child regions (1), the summaries (1), the targets (1),
towns per child (1) and towns reporting per child (1); a section page adds its section
(1) and its tabs (1), an indicator page its indicator (1); the towns page reads no
figures (3 fewer). Signed in: the session, the
user, their profile and its region (4 more).
"""

import pytest

from indicators.models import Role
from tests import factories

from .provinces import PROVINCE, code, fill_province

SIZES = {"small": (1, 2, 2, 2), "bigger": (3, 4, 5, 4)}  # prefectures, counties, towns, years
PAGES = {
    "/": 8,
    "/sections/industry/": 10,
    "/indicators/raw_coal_output/": 9,
    "/towns/": 5,
}


@pytest.fixture(params=SIZES)
def province(request, catalogue):
    prefectures, counties, towns, years = SIZES[request.param]
    return fill_province(
        catalogue, prefectures=prefectures, counties=counties, towns=towns, years=years
    )


@pytest.mark.parametrize("url, queries", PAGES.items())
@pytest.mark.parametrize("region", [PROVINCE, code(1)])
def test_regional_pages_run_the_same_queries_for_any_province(
    client, province, django_assert_num_queries, url, queries, region
):
    with django_assert_num_queries(queries):
        assert client.get(url, {"region": region}).status_code == 200


@pytest.mark.parametrize("url, queries", PAGES.items())
def test_an_official_of_the_province_runs_a_few_more_for_the_session(
    client, province, django_assert_num_queries, url, queries
):
    official = factories.user_with_role(Role.COUNTY, factories.RegionFactory(code=PROVINCE))
    client.force_login(official)
    with django_assert_num_queries(queries + 4):
        assert client.get(url, {"region": PROVINCE, "unapproved": "1"}).status_code == 200
