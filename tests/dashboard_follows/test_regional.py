"""Province and prefecture pages compare the regions that exist in their year."""

from django.contrib.auth.models import AnonymousUser

from indicators.models import Level, Region
from indicators.reads.area import area_data
from tests import factories


def children(prefecture, year):
    data = area_data(
        AnonymousUser(),
        area=prefecture,
        year=year,
        first_year=year,
        last_year=year,
        include_unapproved=False,
        children=False,
        totals=False,
    )
    return [child.code for child in data.children], data.towns


def test_a_retired_county_leaves_the_prefecture_page_of_later_years(county, other_county):
    prefecture = Region.objects.create(code="888800000000", name="测试市", level=Level.PREFECTURE)
    factories.town(county, 1)
    factories.town(other_county, 1)
    factories.town(other_county, 2)
    Region.objects.filter(code__startswith="888802").update(retired_from=2026)
    codes, towns = children(prefecture, 2025)
    assert codes == [county.code, other_county.code]
    assert towns[prefecture.code] == 3
    codes, towns = children(prefecture, 2026)
    assert codes == [county.code]
    assert towns[prefecture.code] == 1
