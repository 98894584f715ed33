"""The county report's maps: drawn on the server, one per section, in the Word file."""

import io
import zipfile

import pytest
from PIL import Image
from shapely.geometry import box

from indicators.maps.render import Piece, map_png
from indicators.maps.report import report_maps
from indicators.maps.services import boundaries_seed
from indicators.models import Level
from tests import factories

pytestmark = pytest.mark.django_db
YEAR = 2024
SQUARE = {"type": "Polygon", "coordinates": [[[112, 37], [112.1, 37], [112.1, 37.1], [112, 37.1]]]}


def test_a_static_map_is_a_print_resolution_png():
    png = map_png(
        [Piece("青山镇", SQUARE, (112.05, 37.05), "#3182bd")], [("1 – 2", "#3182bd")], title="t"
    )
    image = Image.open(io.BytesIO(png))
    assert image.width == 1800 and round(image.info["dpi"][0]) == 300


def _county(admin_user, towns: int = 3):
    county = factories.county()
    regions = [factories.town(county, n) for n in range(1, towns + 1)]
    shapes = {t.code: box(112 + i * 0.1, 37, 112.1 + i * 0.1, 37.1) for i, t in enumerate(regions)}
    boundaries_seed(geometries=shapes, level=Level.TOWN, valid_from=2000)
    for number, town in enumerate(regions, start=1):
        factories.save_figures(town, YEAR, {"jobs_created": number * 5}, user=admin_user)
    return county


def test_each_section_with_figures_gets_one_map(admin_user, catalogue):
    county = _county(admin_user)
    maps = report_maps(admin_user, county, YEAR)
    section = catalogue["jobs_created"].section_id
    assert list(maps) == [section] and "带动就业" in maps[section].caption


def test_the_county_report_docx_holds_the_maps(client, admin_user, catalogue):
    county = _county(admin_user)
    client.force_login(admin_user)
    response = client.get(f"/report/{county.code}/{YEAR}/docx/")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert any(name.startswith("word/media/") for name in archive.namelist())


def test_the_county_report_page_shows_each_map_inline(client, admin_user, catalogue):
    county = _county(admin_user)
    client.force_login(admin_user)
    page = client.get(f"/report/{county.code}/{YEAR}/").content.decode()
    assert page.count('<figure class="report-map"><img src="data:image/png;base64,') == 1
