"""Boundary files for the tests, made in memory: GeoJSON documents and zipped shapefiles."""

import io
import json
import zipfile

import shapefile
from shapely.geometry import box, mapping


def squares(towns, *, west: float = 112.0, south: float = 37.0, size: float = 0.1) -> list:
    """One square per town, side by side: neighbours share an edge."""
    return [
        box(west + i * size, south, west + (i + 1) * size, south + size) for i in range(len(towns))
    ]


def geojson(features: list[tuple[dict, object]]) -> bytes:
    """A FeatureCollection of (properties, shapely geometry or None)."""
    return json.dumps(
        {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "properties": properties,
                    "geometry": mapping(geometry) if geometry is not None else None,
                }
                for properties, geometry in features
            ],
        },
        ensure_ascii=False,
    ).encode()


def town_geojson(towns, **kwargs) -> bytes:
    shapes = zip(towns, squares(towns, **kwargs), strict=True)
    return geojson([({"code": t.code, "name": t.name}, g) for t, g in shapes])


def shapefile_zip(towns, *, leave_out: tuple[str, ...] = (), encoding: str = "utf-8") -> bytes:
    """The towns' squares as a zipped shapefile with a name field, in ``encoding``."""
    shp, shx, dbf = io.BytesIO(), io.BytesIO(), io.BytesIO()
    with shapefile.Writer(
        shp=shp, shx=shx, dbf=dbf, shapeType=shapefile.POLYGON, encoding=encoding
    ) as writer:
        writer.field("名称", "C", size=40)
        for town, square in zip(towns, squares(towns), strict=True):
            writer.poly([list(square.exterior.coords)[::-1]])
            writer.record(town.name)
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as out:
        for suffix, buffer in ((".shp", shp), (".shx", shx), (".dbf", dbf)):
            if suffix not in leave_out:
                out.writestr(f"towns{suffix}", buffer.getvalue())
    return archive.getvalue()
