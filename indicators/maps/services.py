"""The boundary upload: a checked plan first (the preview), then the write on confirmation."""

import re
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from indicators.accounts.access import profile_of
from indicators.models import Level, Region

from .geometry import geometry_problem, simplify_shared, union_shape
from .models import Boundary, BoundaryUpload
from .reading import BoundaryFileError, RawFeature, read_features
from .selectors import shapes_in_year

UPLOAD_LEVELS = (Level.TOWN, Level.COUNTY, Level.PREFECTURE)
# Properties that usually hold the division code or the name, in the order tried.
CODE_KEYS = ("code", "区划代码", "adcode", "XZQDM", "xzqdm", "XZQHDM", "CODE", "gb", "GB")
NAME_KEYS = ("name", "名称", "XZQMC", "xzqmc", "NAME", "Name")


@dataclass
class BoundaryPlan:
    level: str
    matched: list[tuple[int, Region]] = field(default_factory=list)  # (feature, region)
    unmatched: list[str] = field(default_factory=list)  # what the file called them
    missing: list[Region] = field(default_factory=list)  # regions with no feature
    errors: list[str] = field(default_factory=list)
    shapes: dict[str, dict] = field(default_factory=dict)  # region -> simplified shape


def _text(value) -> str:
    return str(value).strip() if value is not None else ""


def _code_of(properties: dict) -> str | None:
    for key in CODE_KEYS:
        digits = re.sub(r"\D", "", _text(properties.get(key)))
        if len(digits) in (6, 9, 12):
            return digits.ljust(12, "0")
    return None


def _name_of(properties: dict) -> str:
    for key in NAME_KEYS:
        if _text(properties.get(key)):
            return _text(properties[key])
    return ""


def _candidates(user, level: str) -> list[Region]:
    regions = Region.objects.filter(level=level)
    profile = profile_of(user)
    if profile is not None and profile.region_id is not None:
        regions = regions.within(profile.region)
    return list(regions)


def _match(features: list[RawFeature], regions: list[Region], plan: BoundaryPlan) -> dict:
    by_code = {region.code: region for region in regions}
    by_name: dict[str, list[Region]] = {}
    for region in regions:
        by_name.setdefault(region.name, []).append(region)
    found: dict[str, RawFeature] = {}
    for feature in features:
        code, name = _code_of(feature.properties), _name_of(feature.properties)
        label = name or code or _("第 %(n)s 个要素") % {"n": feature.number}
        region = by_code.get(code) if code else None
        if region is None and len(by_name.get(name, [])) == 1:
            region = by_name[name][0]
        if region is None:
            plan.unmatched.append(label)
            plan.errors.append(
                _("要素「%(label)s」没有对应的区划：请检查区划代码或名称。") % {"label": label}
            )
            continue
        if region.code in found:
            plan.errors.append(
                _("%(region)s 有两个要素（第 %(a)s 个和第 %(b)s 个），每个区划只能有一个。")
                % {"region": region.name, "a": found[region.code].number, "b": feature.number}
            )
            continue
        found[region.code] = feature
        plan.matched.append((feature.number, region))
        problem = geometry_problem(feature.geometry, region.name)
        if problem:
            plan.errors.append(problem)
    parents = {region.parent_id for _n, region in plan.matched}
    plan.missing = [r for r in regions if r.parent_id in parents and r.code not in found]
    return found


def boundaries_plan(*, data: bytes, level: str, user) -> BoundaryPlan:
    """What uploading ``data`` would do; raises BoundaryFileError for an unreadable file."""
    if level not in UPLOAD_LEVELS:
        raise BoundaryFileError(_("请选择乡镇、县或市级边界。"))
    features = read_features(data)
    plan = BoundaryPlan(level=level)
    found = _match(features, _candidates(user, level), plan)
    if not plan.errors:
        plan.shapes = simplify_shared(
            {code: feature.geometry for code, feature in found.items()}, level
        )
    return plan


def boundaries_stage(
    *, plan: BoundaryPlan, user, filename: str, valid_from: int, valid_to: int | None
) -> BoundaryUpload:
    """Keep a plan without errors for its confirmation; no boundary changes yet."""
    features = [{"region": code, **shape} for code, shape in plan.shapes.items()]
    return BoundaryUpload.objects.create(
        user=user,
        filename=filename[:255],
        level=plan.level,
        valid_from=valid_from,
        valid_to=valid_to,
        features=features,
    )


@transaction.atomic
def boundaries_apply(*, upload: BoundaryUpload, user) -> int:
    """Write a staged upload's boundaries; returns how many regions got a shape.

    A region's open boundary from earlier years is closed the year before the new one
    starts, so old years keep their old shapes; one starting the same year is replaced.
    """
    upload = BoundaryUpload.objects.select_for_update().get(pk=upload.pk)
    if upload.applied_at is not None or upload.user_id != user.pk:
        raise BoundaryFileError(_("这次上传已导入或不属于您，请重新上传文件。"))
    _write(upload.features, upload.valid_from, upload.valid_to, upload)
    upload.applied_at = timezone.now()
    upload.save(update_fields=["applied_at"])
    return len(upload.features)


@transaction.atomic
def boundaries_seed(*, geometries: dict[str, object], level: str, valid_from: int) -> int:
    """Synthetic shapes for the demo and the scale seed, simplified as an upload would be.

    Changes nothing that exists: regions that already have a boundary keep it.
    """
    have = set(
        Boundary.objects.filter(region_id__in=list(geometries)).values_list("region_id", flat=True)
    )
    wanted = {code: geometry for code, geometry in geometries.items() if code not in have}
    if not wanted:
        return 0
    shapes = simplify_shared(wanted, level)
    _write([{"region": code, **shape} for code, shape in shapes.items()], valid_from, None, None)
    return len(shapes)


def _write(features: list[dict], start: int, end: int | None, upload) -> None:
    codes = [feature["region"] for feature in features]
    Boundary.objects.filter(region_id__in=codes, valid_from=start).delete()
    Boundary.objects.filter(region_id__in=codes, valid_from__lt=start).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=start)
    ).update(valid_to=start - 1)
    Boundary.objects.bulk_create(
        Boundary(
            region_id=feature["region"],
            valid_from=start,
            valid_to=end,
            geometry=feature["geometry"],
            label=feature["label"],
            upload=upload,
        )
        for feature in features
    )


def boundaries_succeed(*, sources: list[Region], target: Region, year: int) -> bool:
    """The boundary of a merge's or a move's ``target`` from ``year``: the union of the
    ``sources``' boundaries of the year before (for a move, the one source's shape
    under its new code). Called in the change's transaction. Written only when every
    source had a boundary: a partial shape would be wrong, and the map page lists the
    target among the regions without one. Returns whether a boundary was written.
    A boundary the target already has from ``year`` on (uploaded) is kept. A split
    writes none: the new towns' boundaries are uploaded."""
    if Boundary.objects.filter(region=target, valid_from__gte=year).exists():
        return False  # already uploaded for the new division: kept
    shapes = shapes_in_year(sources, year - 1)
    if not sources or any(source.code not in shapes for source in sources):
        return False
    union = union_shape([shapes[source.code].geometry for source in sources])
    if union is None:
        return False
    _write([{"region": target.code, **union}], year, None, None)
    return True


def demo_boundaries_seed(*, county: Region, towns: list[Region], valid_from: int) -> int:
    """The demo county (in the coal country of Shanxi, made up) and its towns' shapes."""
    from .synthetic import county_outline, partition

    outline = county_outline(112.55, 37.45, 28.0, county.code)
    pieces = partition(outline, [town.code for town in towns], county.code)
    # The demo prefecture holds only the demo county: the same outline.
    above = boundaries_seed(
        geometries={county.code: outline, county.parent_id: outline},
        level=Level.COUNTY,
        valid_from=valid_from,
    )
    return above + boundaries_seed(geometries=pieces, level=Level.TOWN, valid_from=valid_from)


def scale_boundaries_seed(*, regions: list[Region], valid_from: int) -> int:
    """Made-up shapes for the synthetic province of ``seed_scale``, every level down to towns.

    Each level is simplified on its own; towns county by county, as a county uploads them.
    """
    from .synthetic import county_outline, nested_partition

    province = next(region for region in regions if region.level == Level.PROVINCE)
    children: dict[str, list[str]] = {}
    for region in regions:
        if region.parent_id:
            children.setdefault(region.parent_id, []).append(region.code)
    # A province of about 500 km across, in central China.
    shapes = nested_partition(
        county_outline(113.0, 33.5, 250.0, province.code), province.code, children
    )
    level_of = {region.code: region.level for region in regions}
    written = 0
    for level in (Level.PREFECTURE, Level.COUNTY):
        found = {code: shape for code, shape in shapes.items() if level_of[code] == level}
        written += boundaries_seed(geometries=found, level=level, valid_from=valid_from)
    for region in regions:
        if region.level == Level.COUNTY:
            towns = {code: shapes[code] for code in children.get(region.code, [])}
            written += boundaries_seed(geometries=towns, level=Level.TOWN, valid_from=valid_from)
    return written
