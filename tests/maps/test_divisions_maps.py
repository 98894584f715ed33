"""Maps after a change of the towns: the map of a year draws the towns of that year;
a merge's town gets the union of the old boundaries, a move keeps its shape under the
new code, a split's new towns wait for theirs."""

import json

import pytest
from shapely.geometry import shape

from indicators.divisions import NewRegion, region_move, region_split, regions_merge
from indicators.maps.models import Boundary
from indicators.maps.selectors import shapes_in_year
from indicators.maps.services import boundaries_seed
from indicators.models import Level, Region, Role
from tests import factories

from .files import squares

pytestmark = pytest.mark.django_db
NEW = "888801201000"


@pytest.fixture
def admin(db):
    return factories.user_with_role(Role.ADMIN, None, "map-admin")


@pytest.fixture
def county_towns(county):
    """Three towns side by side (0.1° squares), with boundaries from 2000."""
    towns = [factories.town(county, number) for number in range(1, 4)]
    boundaries_seed(
        geometries=dict(zip([t.code for t in towns], squares(towns), strict=True)),
        level=Level.TOWN,
        valid_from=2000,
    )
    return towns


def drawn(client, county, year: int) -> set[str]:
    """The codes of the areas the map page's figure draws for ``year``."""
    response = client.get(f"/maps/?county={county.code}&year={year}&format=json")
    assert response.status_code == 200
    figure = json.loads(response.content)
    return {code for trace in figure["data"] for code in trace.get("locations") or []}


def test_a_merged_town_is_drawn_as_the_union_of_its_parts_from_its_year(
    client, admin, catalogue, county, county_towns
):
    a, b, c = county_towns
    regions_merge(admin, [a, b], target=NewRegion(NEW, "合并镇"), year=2026, reason="撤并")
    new = Boundary.objects.get(region_id=NEW)
    assert (new.valid_from, new.valid_to) == (2026, None)
    union = shape(new.geometry)
    assert union.geom_type == "Polygon"  # the shared border dissolved
    assert union.area == pytest.approx(0.02, rel=1e-3)
    assert union.bounds == pytest.approx((112.0, 37.0, 112.2, 37.1))
    assert union.contains(shape({"type": "Point", "coordinates": new.label}))

    client.force_login(admin)
    assert drawn(client, county, 2026) == {NEW, c.code}
    assert drawn(client, county, 2025) == {a.code, b.code, c.code}
    # The merged-away towns keep their shapes for the maps of their years only.
    towns = Region.objects.filter(code__in=[a.code, b.code, c.code, NEW])
    assert set(shapes_in_year(list(towns), 2026)) == {NEW, c.code}
    assert set(shapes_in_year(list(towns), 2025)) == {a.code, b.code, c.code}


def test_a_town_taking_another_in_grows_from_the_year_and_keeps_its_old_shape_before(
    admin, county_towns
):
    a, b, _c = county_towns
    regions_merge(admin, [a, b], target=b, year=2026, reason="并入")
    old, grown = Boundary.objects.filter(region=b).order_by("valid_from")
    assert (old.valid_from, old.valid_to, grown.valid_from, grown.valid_to) == (
        2000,
        2025,
        2026,
        None,
    )
    assert shape(old.geometry).area == pytest.approx(0.01, rel=1e-3)
    assert shape(grown.geometry).area == pytest.approx(0.02, rel=1e-3)


def test_a_moved_town_keeps_its_shape_under_its_new_code(admin, county_towns, other_county):
    a = county_towns[0]
    region_move(admin, a, parent=other_county, code="888802150000", year=2026, reason="划转")
    moved = Boundary.objects.get(region_id="888802150000")
    assert moved.valid_from == 2026
    assert moved.geometry == Boundary.objects.get(region=a).geometry


def test_a_split_leaves_the_new_towns_without_boundaries_and_the_page_says_so(
    client, admin, catalogue, county, county_towns
):
    a = county_towns[0]
    region_split(
        admin,
        a,
        targets=[NewRegion(NEW, "东镇"), NewRegion("888801202000", "西镇")],
        year=2026,
        reason="拆分",
    )
    assert not Boundary.objects.filter(region_id__in=[NEW, "888801202000"]).exists()
    client.force_login(admin)
    page = client.get(f"/maps/?county={county.code}&year=2026").content.decode()
    note = page.split("没有边界、未画在地图上：")[1].split("</p>")[0]
    assert note == "东镇、西镇"


def test_a_merge_of_a_town_without_a_boundary_writes_none(admin, county, county_towns):
    a = county_towns[0]
    bare = factories.town(county, 9)
    regions_merge(admin, [a, bare], target=NewRegion(NEW, "合并镇"), year=2026, reason="撤并")
    assert not Boundary.objects.filter(region_id=NEW).exists()


def test_a_previewed_merge_writes_no_boundary(admin, county_towns):
    from indicators.divisions import succession_preview

    a, b, _c = county_towns
    succession_preview(
        regions_merge, admin, [a, b], target=NewRegion(NEW, "合并镇"), year=2026, reason="x"
    )
    assert not Boundary.objects.filter(region_id=NEW).exists()
    assert Boundary.objects.count() == 3
