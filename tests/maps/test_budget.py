"""The size budget: a county's towns, as sent to the browser and compressed, stay under 200 KB."""

import gzip
import json

from shapely.geometry import shape

from indicators.maps.geometry import simplify_shared
from indicators.maps.synthetic import county_outline, nested_partition, partition
from indicators.models import Level
from indicators.seeding.scale import Layout


def test_a_county_of_thirty_towns_compresses_under_200_kb_with_shared_borders():
    outline = county_outline(112.5, 37.5, 40.0, "budget").segmentize(
        0.0002
    )  # dense, like survey data
    pieces = partition(outline, [f"t{i}" for i in range(30)], "budget")
    shapes = simplify_shared(pieces, "town")
    sent = gzip.compress(json.dumps([s["geometry"] for s in shapes.values()]).encode())
    assert len(sent) <= 200 * 1024
    drawn = [shape(s["geometry"]) for s in shapes.values()]
    overlap = sum(a.intersection(b).area for i, a in enumerate(drawn) for b in drawn[i + 1 :])
    assert overlap < 1e-9


def test_a_generated_province_s_counties_compress_under_2_mb():
    regions = Layout(2000).regions()
    children: dict[str, list[str]] = {}
    for region in regions:
        if region.parent_id:
            children.setdefault(region.parent_id, []).append(region.code)
    root = regions[0].code
    outline = county_outline(113.0, 33.5, 250.0, root).segmentize(0.0005)
    shapes = nested_partition(outline, root, children)
    counties = {r.code: shapes[r.code] for r in regions if r.level == Level.COUNTY}
    simplified = simplify_shared(counties, "county")
    sent = gzip.compress(json.dumps([s["geometry"] for s in simplified.values()]).encode())
    assert len(counties) == 100 and len(sent) <= 2 * 1024 * 1024
