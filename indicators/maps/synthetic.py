"""Plausible made-up boundaries: a county outline cut into towns by a Voronoi partition.

Deterministic (seeded), so the demo and the scale seed draw the same map every run.
"""

import math
import random

from shapely.geometry import MultiPoint, Point, Polygon
from shapely.ops import voronoi_diagram

# About 111 km per degree of latitude; a degree of longitude shrinks with cos(latitude).
KM_PER_DEGREE = 111.0


def county_outline(lon: float, lat: float, radius_km: float, seed: str) -> Polygon:
    """A roundish county of about ``radius_km`` around (lon, lat), its edge a few smooth waves."""
    rng = random.Random(seed)
    waves = [(k, rng.uniform(0.03, 0.12), rng.uniform(0, 2 * math.pi)) for k in (2, 3, 5, 7)]
    points = []
    for step in range(120):
        angle = 2 * math.pi * step / 120
        wobble = 1 + sum(size * math.sin(k * angle + phase) for k, size, phase in waves)
        radius = radius_km * wobble / KM_PER_DEGREE
        points.append(
            (
                lon + radius * math.cos(angle) / math.cos(math.radians(lat)),
                lat + radius * math.sin(angle),
            )
        )
    return Polygon(points).buffer(0)


def partition(outline: Polygon, codes: list[str], seed: str) -> dict[str, Polygon]:
    """``outline`` cut into one piece per code; the pieces share their borders exactly."""
    rng = random.Random(seed)
    west, south, east, north = outline.bounds
    seeds: list[Point] = []
    while len(seeds) < len(codes):
        point = Point(rng.uniform(west, east), rng.uniform(south, north))
        if outline.contains(point):
            seeds.append(point)
    cells = voronoi_diagram(MultiPoint(seeds), envelope=outline.envelope.buffer(1))
    pieces = {}
    for code, seed_point in zip(codes, seeds, strict=True):
        cell = next(c for c in cells.geoms if c.contains(seed_point))
        piece = cell.intersection(outline)
        if piece.geom_type != "Polygon":  # keep the part around the seed
            piece = max(piece.geoms, key=lambda part: part.area)
        pieces[code] = piece
    return pieces


def nested_partition(outline: Polygon, root: str, children: dict[str, list[str]]) -> dict:
    """``outline`` for ``root``, cut into its children, each cut into theirs, and so on."""
    shapes = {root: outline}
    waiting = [root]
    while waiting:
        code = waiting.pop()
        kids = children.get(code, [])
        if kids:
            shapes.update(partition(shapes[code], kids, code))
            waiting.extend(kids)
    return shapes
