"""A static map drawn on the server with Pillow, for the printed report (no browser).

Plain data in, PNG bytes out. Longitude is scaled by cos(latitude) (an equirectangular
view at the map's middle latitude), which over a county is as good as any projection.
"""

import io
import math
from dataclasses import dataclass
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from .classes import ink_on

# Noto Sans CJK from fonts-noto-cjk; index 2 of the collection is Simplified Chinese.
FONT_PATHS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
)
SC_INDEX = 2
INK, OUTLINE, PAPER = "#1f2933", "#ffffff", "#ffffff"


@dataclass(frozen=True)
class Piece:
    name: str
    geometry: dict  # GeoJSON Polygon or MultiPolygon, lon/lat
    label: tuple[float, float]
    color: str


@lru_cache(maxsize=8)
def _font(size: int):
    for path in FONT_PATHS:
        try:
            return ImageFont.truetype(path, size, index=SC_INDEX)
        except OSError:
            continue
    return ImageFont.load_default(size)


def _rings(geometry: dict):
    polygons = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        polygons = [polygons]
    for polygon in polygons:
        yield from polygon


def map_png(
    pieces: list[Piece], legend: list[tuple[str, str]], *, title: str, width: int = 1800
) -> bytes:
    """The pieces filled with their colours and named, a title above and a legend below.

    1800 px wide prints 15 cm at 300 dpi.
    """
    scale_px = width / 1800
    title_font, label_font = _font(round(44 * scale_px)), _font(round(30 * scale_px))
    margin, top, bottom = round(40 * scale_px), round(110 * scale_px), round(110 * scale_px)
    points = [point for piece in pieces for ring in _rings(piece.geometry) for point in ring]
    west, east = min(p[0] for p in points), max(p[0] for p in points)
    south, north = min(p[1] for p in points), max(p[1] for p in points)
    squeeze = math.cos(math.radians((south + north) / 2))
    span_x, span_y = max((east - west) * squeeze, 1e-9), max(north - south, 1e-9)
    inner = width - 2 * margin
    height_map = round(inner * min(span_y / span_x, 1.2))
    unit = min(inner / span_x, height_map / span_y)
    height = top + height_map + bottom

    def xy(lon: float, lat: float) -> tuple[float, float]:
        x = margin + (inner - span_x * unit) / 2 + (lon - west) * squeeze * unit
        return x, top + (north - lat) * unit

    image = Image.new("RGB", (width, height), PAPER)
    draw = ImageDraw.Draw(image)
    draw.text((margin, round(30 * scale_px)), title, font=title_font, fill=INK)
    for piece in pieces:
        for ring in _rings(piece.geometry):
            draw.polygon([xy(*p) for p in ring], fill=piece.color, outline=OUTLINE, width=3)
    for piece in pieces:
        draw.text(
            xy(*piece.label),
            piece.name,
            font=label_font,
            fill=ink_on(piece.color, INK),
            anchor="mm",
        )
    x, y = margin, top + height_map + round(40 * scale_px)
    box = round(28 * scale_px)
    for label, color in legend:
        draw.rectangle([x, y, x + box, y + box], fill=color, outline="#9aa5b1")
        draw.text((x + box + 10, y + box / 2), label, font=label_font, fill=INK, anchor="lm")
        x += box + 30 + round(draw.textlength(label, font=label_font))
    out = io.BytesIO()
    image.save(out, format="PNG", dpi=(300, 300), optimize=True)
    return out.getvalue()
