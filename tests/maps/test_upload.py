"""The 管理员's boundary upload: preview, confirmation, and every bad file refused."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from shapely.geometry import Polygon, box, shape

from indicators.maps.models import Boundary, BoundaryUpload
from indicators.maps.reading import MAX_FILE_BYTES

from . import files

pytestmark = pytest.mark.django_db


def _post(client, data: bytes, name: str = "towns.geojson", **fields):
    upload = SimpleUploadedFile(name, data)
    form = {"file": upload, "level": "town", "valid_from": "2020", **fields}
    return client.post("/maps/boundaries/", form)


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def test_preview_lists_matched_towns_and_saves_no_boundary(admin_client, towns):
    response = _post(admin_client, files.town_geojson(towns[:2]))
    assert response.status_code == 200
    page = response.content.decode()
    assert towns[0].name in page and "文件中缺少的区划" in page and towns[2].name in page
    assert Boundary.objects.count() == 0


def test_confirmation_saves_the_previewed_boundaries(admin_client, towns):
    _post(admin_client, files.town_geojson(towns))
    staged = BoundaryUpload.objects.get()
    response = admin_client.post(f"/maps/boundaries/{staged.pk}/confirm/")
    assert response.status_code == 302
    assert set(Boundary.objects.values_list("region_id", flat=True)) == {t.code for t in towns}


def test_neighbours_keep_one_shared_border_after_simplification(admin_client, towns):
    _post(admin_client, files.town_geojson(towns))
    admin_client.post(f"/maps/boundaries/{BoundaryUpload.objects.get().pk}/confirm/")
    first, second = (shape(b.geometry) for b in Boundary.objects.order_by("region_id")[:2])
    assert first.intersection(second).length == pytest.approx(0.1, abs=1e-5)
    assert first.intersection(second).area == 0


def test_a_shapefile_in_gbk_matches_towns_by_name(admin_client, towns):
    response = _post(admin_client, files.shapefile_zip(towns, encoding="gbk"), "towns.zip")
    assert response.status_code == 200
    assert BoundaryUpload.objects.get().features[0]["region"] == towns[0].code


def test_a_new_boundary_keeps_the_old_shape_for_earlier_years(admin_client, towns):
    for year in ("2018", "2022"):
        _post(admin_client, files.town_geojson(towns), valid_from=year)
        staged = BoundaryUpload.objects.filter(applied_at__isnull=True).get()
        admin_client.post(f"/maps/boundaries/{staged.pk}/confirm/")
    assert Boundary.objects.in_year(2019).get(region=towns[0]).valid_to == 2021
    assert Boundary.objects.in_year(2023).get(region=towns[0]).valid_from == 2022


def test_only_an_administrator_may_upload(client, county_official, towns):
    client.force_login(county_official)
    assert _post(client, files.town_geojson(towns)).status_code == 403


def _refused(client, data: bytes, name: str = "towns.geojson") -> str:
    response = _post(client, data, name)
    assert response.status_code == 400
    assert not Boundary.objects.exists() and not BoundaryUpload.objects.exists()
    return response.content.decode()


def test_a_file_that_is_neither_geojson_nor_shapefile_is_refused(admin_client, towns):
    assert "既不是 GeoJSON" in _refused(admin_client, b"code,name\n1,a\n", "towns.csv")


@pytest.mark.parametrize("missing", [".dbf", ".shx"])
def test_a_shapefile_without_its_dbf_or_shx_is_refused(admin_client, towns, missing):
    page = _refused(admin_client, files.shapefile_zip(towns, leave_out=(missing,)), "towns.zip")
    assert f"缺少 {missing}" in page


def test_a_self_intersecting_polygon_is_refused(admin_client, towns):
    bowtie = Polygon([(112, 37), (112.1, 37.1), (112.1, 37), (112, 37.1)])
    page = _refused(admin_client, files.geojson([({"code": towns[0].code}, bowtie)]))
    assert "几何无效" in page and "自相交" in page


def test_an_empty_geometry_is_refused(admin_client, towns):
    assert "几何为空" in _refused(admin_client, files.geojson([({"code": towns[0].code}, None)]))


def test_coordinates_far_outside_china_are_refused(admin_client, towns):
    projected = box(500000, 4100000, 510000, 4110000)  # metres, not degrees
    page = _refused(admin_client, files.geojson([({"code": towns[0].code}, projected)]))
    assert "超出中国范围" in page


def test_a_feature_matching_no_region_is_refused(admin_client, towns):
    page = _refused(
        admin_client, files.geojson([({"name": "不存在镇"}, box(112, 37, 112.1, 37.1))])
    )
    assert "不存在镇" in page and "没有对应的区划" in page


def test_two_features_for_one_region_are_refused(admin_client, towns):
    twice = [({"code": towns[0].code}, box(112, 37, 112.1, 37.1))] * 2
    assert "有两个要素" in _refused(admin_client, files.geojson(twice))


def test_a_file_over_the_size_limit_is_refused(admin_client, towns):
    assert "不能超过 20 MB" in _refused(admin_client, b" " * (MAX_FILE_BYTES + 1))
