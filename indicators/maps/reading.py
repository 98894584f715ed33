"""A boundary file as features: GeoJSON, or a zipped shapefile read with pyshp.

Every refusal is a :class:`BoundaryFileError` with a message for the 管理员; nothing
here touches the database.
"""

import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

import shapefile
from django.utils.translation import gettext as _
from shapely.geometry import shape

MAX_FILE_BYTES = 20 * 1024 * 1024
# A zip that unpacks past this is refused before it is read (a zip bomb).
MAX_UNPACKED_BYTES = 200 * 1024 * 1024


class BoundaryFileError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class RawFeature:
    number: int  # 1-based, as the 管理员 counts features in the file
    properties: dict
    geometry: object | None  # a shapely geometry, or None when the feature has none


def read_features(data: bytes) -> list[RawFeature]:
    """The features of ``data``, a GeoJSON document or a .zip holding a shapefile."""
    if len(data) > MAX_FILE_BYTES:
        raise BoundaryFileError(_("文件不能超过 20 MB。"))
    features = _shapefile(data) if data[:4] == b"PK\x03\x04" else _geojson(data)
    if not features:
        raise BoundaryFileError(_("文件中没有任何要素。"))
    return features


def _geojson(data: bytes) -> list[RawFeature]:
    not_geojson = _("文件既不是 GeoJSON，也不是打包成 .zip 的 Shapefile。")
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise BoundaryFileError(not_geojson) from None
    if not isinstance(document, dict):
        raise BoundaryFileError(not_geojson)
    if document.get("type") == "Feature":
        items = [document]
    elif document.get("type") == "FeatureCollection" and isinstance(document.get("features"), list):
        items = document["features"]
    else:
        raise BoundaryFileError(not_geojson)
    features = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise BoundaryFileError(_("第 %(n)s 个要素不是 GeoJSON 要素。") % {"n": number})
        properties = item.get("properties") or {}
        features.append(RawFeature(number, properties, _shape(item.get("geometry"), number)))
    return features


def _shape(geometry, number: int):
    if not geometry:
        return None
    try:
        return shape(geometry)
    except Exception:  # shapely raises several types for malformed coordinates
        raise BoundaryFileError(
            _("第 %(n)s 个要素的几何无法读取，坐标格式不正确。") % {"n": number}
        ) from None


def _shapefile(data: bytes) -> list[RawFeature]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except zipfile.BadZipFile:
        raise BoundaryFileError(_("压缩包已损坏，无法打开。")) from None
    if sum(member.file_size for member in members) > MAX_UNPACKED_BYTES:
        raise BoundaryFileError(_("压缩包解压后过大（超过 200 MB）。"))
    by_suffix: dict[str, dict[str, zipfile.ZipInfo]] = {}
    for member in members:
        path = PurePosixPath(member.filename)
        if path.name.startswith(".") or "__MACOSX" in path.parts:
            continue
        by_suffix.setdefault(path.suffix.lower(), {})[str(path.with_suffix(""))] = member
    shps = by_suffix.get(".shp", {})
    if len(shps) != 1:
        message = (
            _("压缩包中没有 .shp 文件。")
            if not shps
            else _("压缩包中有多个 .shp 文件，请每次只上传一个图层。")
        )
        raise BoundaryFileError(message)
    stem = next(iter(shps))
    missing = [s for s in (".dbf", ".shx") if stem not in by_suffix.get(s, {})]
    if missing:
        raise BoundaryFileError(
            _("Shapefile 缺少 %(files)s 文件：请把同名的 .shp、.shx、.dbf 一起打包上传。")
            % {"files": "、".join(missing)}
        )
    files = {s: archive.read(by_suffix[s][stem]) for s in (".shp", ".shx", ".dbf")}
    cpg = by_suffix.get(".cpg", {}).get(stem)
    encodings = [archive.read(cpg).decode("ascii", "replace").strip()] if cpg else []
    # Chinese shapefiles without a .cpg are usually GBK (ArcGIS's default on Chinese Windows).
    for encoding in [*encodings, "utf-8", "gbk"]:
        try:
            return _shapefile_features(files, encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    raise BoundaryFileError(_("无法识别 .dbf 属性表的编码，请另存为 UTF-8。"))


def _shapefile_features(files: dict[str, bytes], encoding: str) -> list[RawFeature]:
    try:
        reader = shapefile.Reader(
            shp=io.BytesIO(files[".shp"]),
            shx=io.BytesIO(files[".shx"]),
            dbf=io.BytesIO(files[".dbf"]),
            encoding=encoding,
        )
        records = list(reader.iterShapeRecords())
    except (UnicodeDecodeError, LookupError):
        raise
    except Exception as error:  # pyshp raises plain Exceptions and struct errors on a broken file
        if "decode" in str(error):  # a text field in another encoding: the caller tries the next
            raise LookupError(encoding) from None
        raise BoundaryFileError(_("Shapefile 已损坏，无法读取。")) from None
    features = []
    for number, item in enumerate(records, start=1):
        geometry = item.shape.__geo_interface__ if item.shape.shapeType else None
        features.append(RawFeature(number, item.record.as_dict(), _shape(geometry, number)))
    return features
