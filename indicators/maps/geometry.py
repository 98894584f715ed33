"""Checks of one shape, and simplification for the web on shared arcs."""

import json

import topojson
from django.utils.translation import gettext as _
from shapely.geometry import MultiPolygon, mapping, shape
from shapely.geometry.polygon import orient
from shapely.ops import unary_union
from shapely.validation import explain_validity

# China with its islands, roughly (the "plausible extent"): a shape outside is
# usually in projected metres, or has longitude and latitude swapped.
CHINA_BOUNDS = (73.0, 3.0, 136.0, 54.0)
# Simplification tolerance in degrees (about 50 m for towns, 200 m for counties and
# larger), and the digits kept (5 decimals is about 1 m).
TOLERANCE = {"town": 0.0005, "county": 0.002, "prefecture": 0.004}
DIGITS = 5


def geometry_problem(geometry, name: str) -> str | None:
    """Why ``geometry`` cannot be a region's boundary, or None."""
    if geometry is None or geometry.is_empty:
        return _("要素「%(name)s」的几何为空。") % {"name": name}
    if geometry.geom_type not in ("Polygon", "MultiPolygon"):
        return _("要素「%(name)s」不是面（多边形），而是 %(type)s。") % {
            "name": name,
            "type": geometry.geom_type,
        }
    if not geometry.is_valid:
        return _("要素「%(name)s」的几何无效（%(why)s），请在 GIS 软件中修复自相交等问题。") % {
            "name": name,
            "why": _why(explain_validity(geometry)),
        }
    west, south, east, north = geometry.bounds
    low_x, low_y, high_x, high_y = CHINA_BOUNDS
    if west < low_x or east > high_x or south < low_y or north > high_y:
        return _(
            "要素「%(name)s」的坐标超出中国范围（经度 73–136、纬度 3–54），"
            "请使用经纬度坐标（WGS84 或 CGCS2000），不要使用投影坐标。"
        ) % {"name": name}
    return None


# GEOS's reasons (shapely.validation.explain_validity), in Chinese; the place stays.
REASONS = {
    "Ring Self-intersection": "环自相交",
    "Self-intersection": "自相交",
    "Too few points": "点数太少",
    "Hole lies outside shell": "内环在外环之外",
    "Nested shells": "外环相互嵌套",
    "Interior is disconnected": "内部不连通",
    "Invalid Coordinate": "坐标无效",
    "Ring not closed": "环未闭合",
}


def _why(reason: str) -> str:
    for english, chinese in REASONS.items():
        if reason.startswith(english):
            return chinese + reason[len(english) :]
    return reason


def simplify_shared(geometries: dict[str, object], level: str) -> dict[str, dict]:
    """Each region's shape simplified on the arcs it shares with its neighbours.

    TopoJSON cuts the shapes into arcs, each border once, and simplifies each arc once,
    so two neighbouring towns keep the same border, with no gap or overlap between them.
    Returns {region: {"geometry": GeoJSON geometry, "label": [lon, lat]}}.
    """
    codes = list(geometries)
    collection = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"region": code},
                "geometry": mapping(geometries[code]),
            }
            for code in codes
        ],
    }
    topology = topojson.Topology(
        collection, toposimplify=TOLERANCE.get(level, 0.002), prequantize=False
    )
    result = {}
    for feature in json.loads(topology.to_geojson())["features"]:
        simplified = shape(feature["geometry"])
        if not simplified.is_valid or simplified.is_empty:
            # A sliver that simplification collapsed: keep the original shape.
            simplified = geometries[feature["properties"]["region"]]
        point = simplified.representative_point()
        simplified = _clockwise(simplified)
        result[feature["properties"]["region"]] = {
            "geometry": _rounded(mapping(simplified)),
            "label": [round(point.x, DIGITS), round(point.y, DIGITS)],
        }
    return result


def _clockwise(geometry):
    """Outer rings clockwise, as d3-geo (Plotly's maps) reads them.

    d3 takes a ring on the sphere to enclose what lies on its right: a counter-clockwise
    ring (GeoJSON RFC 7946's order) would be the whole world but the town.
    """
    if geometry.geom_type == "Polygon":
        return orient(geometry, sign=-1.0)
    return MultiPolygon([orient(part, sign=-1.0) for part in geometry.geoms])


def _rounded(geometry: dict) -> dict:
    def walk(value):
        if isinstance(value, (list, tuple)):
            if value and isinstance(value[0], (int, float)):
                return [round(float(v), DIGITS) for v in value]
            return [walk(v) for v in value]
        return value

    return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"])}


def union_shape(geometries: list[dict]) -> dict | None:
    """One region's shape made of ``geometries`` (GeoJSON, e.g. the towns a merge
    joins), as :func:`simplify_shared` gives it: {"geometry", "label"}. The towns'
    shared borders are the same arcs, so the union dissolves them; None if the
    union is empty or not a surface."""
    merged = unary_union([shape(geometry) for geometry in geometries])
    if not merged.is_valid:
        merged = merged.buffer(0)
    if merged.is_empty or merged.geom_type not in ("Polygon", "MultiPolygon"):
        return None
    point = merged.representative_point()
    return {
        "geometry": _rounded(mapping(_clockwise(merged))),
        "label": [round(point.x, DIGITS), round(point.y, DIGITS)],
    }
