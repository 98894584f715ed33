"""The checks every change of the division tree runs before it writes anything.

Each check returns Chinese messages (an empty list: passed); an operation collects
them all and refuses with :class:`RegionChangeRefused` when there is any, so that the
page lists every problem at once and nothing is written.
"""

import re
from collections.abc import Iterable

from django.db.models import Count
from django.utils.translation import gettext as _

from indicators.accounts import access
from indicators.audit.reasons import ReasonRefused, reason_clean
from indicators.divisions.regions_csv import LEVEL_ORDER

from ..models import (
    FIRST_YEAR,
    LAST_YEAR,
    PREFIX_LENGTH,
    ChangeKind,
    Level,
    Region,
    RegionChange,
    Report,
    Status,
    Target,
)

LOCKED = (Status.SUBMITTED, Status.APPROVED)  # a reviewer has the report: a change waits


class RegionChangeRefused(ValueError):
    """A change of the division tree refused, with every reason; nothing was changed."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


def refuse_if(errors: list[str]) -> None:
    if errors:
        raise RegionChangeRefused(errors)


def rights_errors(user) -> list[str]:
    if access.may_change_regions(user):
        return []
    return [_("只有管理员可以调整行政区划。")]


def area_errors(user, codes) -> list[str]:
    """A regional 管理员 changes the regions of their own subtree only."""
    own = access.own_region(user)
    if own is None:
        return []
    outside = sorted(code for code in codes if not own.contains(Region(code=code)))
    if not outside:
        return []
    return [
        _("您只能调整%(region)s范围内的区划，%(codes)s不在其中。")
        % {"region": own.name, "codes": "、".join(outside)}
    ]


def reason_errors(reason: str) -> list[str]:
    try:
        reason_clean(reason, missing=_("请填写调整原因。"))
    except ReasonRefused as refused:
        return [refused.message]
    return []


def year_errors(year) -> list[str]:
    if not isinstance(year, int) or isinstance(year, bool) or not FIRST_YEAR <= year <= LAST_YEAR:
        return [
            _("生效年份应在 %(first)s 至 %(last)s 年之间。")
            % {"first": FIRST_YEAR, "last": LAST_YEAR}
        ]
    return []


def name_errors(name: str, label: str = "") -> list[str]:
    name = (name or "").strip()
    if not name:
        return [_("%(what)s名称不能为空。") % {"what": label}]
    if len(name) > Region._meta.get_field("name").max_length:
        return [_("名称“%(name)s”太长（最多 100 个字）。") % {"name": name}]
    return []


def level_below(level: str) -> str | None:
    index = LEVEL_ORDER.index(level)
    return LEVEL_ORDER[index + 1] if index + 1 < len(LEVEL_ORDER) else None


def new_code_errors(code: str, parent: Region, level: str, taken: Iterable[str] = ()) -> list[str]:
    """A new region's code: 12 digits, inside ``parent``'s code range, with its own
    digits not all zero, nothing below its level, and not used before (regions are
    never deleted, so a retired region's code stays taken)."""
    if not re.fullmatch(r"\d{12}", code or ""):
        return [_("区划代码“%(code)s”应为 12 位数字。") % {"code": code}]
    keep, own = PREFIX_LENGTH[parent.level], PREFIX_LENGTH[level]
    if code[:keep] != parent.code[:keep]:
        return [
            _("代码“%(code)s”不在上级“%(parent)s”（%(parent_code)s）的代码范围内。")
            % {"code": code, "parent": parent.name, "parent_code": parent.code}
        ]
    if set(code[keep:own]) <= {"0"} or set(code[own:]) - {"0"}:
        return [
            _(
                "代码“%(code)s”不是%(level)s级代码："
                "第 %(start)s–%(end)s 位应不全为 0，其后应全为 0。"
            )
            % {
                "code": code,
                "level": Level(level).label,
                "start": keep + 1,
                "end": own,
            }
        ]
    if code in set(taken) or Region.objects.filter(code=code).exists():
        return [_("区划代码“%(code)s”已经存在（已撤销的区划也保留其代码）。") % {"code": code}]
    return []


def ends_errors(
    regions: Iterable[Region], year: int, *, data: bool = True, action: str = ""
) -> list[str]:
    """Regions that are to end from ``year`` (by ``action``: "合并", "撤销"…): each
    must exist in the year before (it keeps at least one year), must not have ended
    already, in whatever year (:func:`ended_errors`), nor be named in a change of
    ``year`` or later (:func:`later_changes_errors`): changes are made in the order of
    their years. And (``data``) it must have no report or target in ``year`` or
    later, whose figures would be left with a region that no longer exists. A merge
    or a move passes ``data=False``: it carries the open figures and targets to its
    successor (:mod:`.carry`) and refuses only submitted and approved reports
    (:func:`locked_errors`)."""
    regions = list(regions)
    action = action or _("调整")
    errors = ended_errors(regions, year, action)
    for region in regions:
        if region.retired_from is not None:
            continue
        if region.active_from is not None and region.active_from >= year:
            errors.append(
                _("%(name)s（%(code)s）%(active)s 年才设立，不能从 %(year)s 年起撤销。")
                % {
                    "name": region.name,
                    "code": region.code,
                    "active": region.active_from,
                    "year": year,
                }
            )
    errors += later_changes_errors(
        [region for region in regions if region.exists_in(year - 1) and not region.retired_from],
        year,
        action,
    )
    if data:
        errors += later_data_errors(regions, year)
    return errors


def _changes_naming(codes: set[str], from_year: int) -> list[RegionChange]:
    """The changes of ``from_year`` or later naming any of ``codes``, oldest first.
    Their codes are JSON lists, which SQLite cannot search: the changes are few."""
    rows = RegionChange.objects.filter(year__gte=from_year).order_by("year", "id")
    return [row for row in rows if codes & {*row.sources, *row.targets}]


def _names(codes) -> str:
    named = dict(Region.objects.filter(code__in=list(codes)).values_list("code", "name"))
    return "、".join(f"{named.get(code, code)}（{code}）" for code in codes)


def _how_it_ended(region: Region, change: RegionChange | None) -> str:
    """ "并入云源镇（…）", "拆分为…", "划转为…", "撤销": what ended ``region``."""
    if change is None or change.kind == ChangeKind.RETIRE:
        return _("撤销")
    targets = [code for code in change.targets if code != region.code]
    if change.kind == ChangeKind.MERGE:
        return _("并入%(targets)s") % {"targets": _names(targets)}
    if change.kind == ChangeKind.SPLIT:
        return _("拆分为%(targets)s") % {"targets": _names(targets)}
    if change.kind == ChangeKind.MOVE:
        return _("划转为%(targets)s") % {"targets": _names(targets)}
    return ChangeKind(change.kind).label


def _endings(regions: list[Region]) -> dict[str, str]:
    """Code → what ended each retired region ("并入云源镇（…）"): one query."""
    retired = [region for region in regions if region.retired_from is not None]
    if not retired:
        return {}
    changes = _changes_naming(
        {region.code for region in retired}, min(region.retired_from for region in retired)
    )
    return {
        region.code: _how_it_ended(
            region,
            next(
                (
                    change
                    for change in changes
                    if change.year == region.retired_from and region.code in change.sources
                ),
                None,
            ),
        )
        for region in retired
    }


def ended_errors(regions: Iterable[Region], year: int, action: str) -> list[str]:
    """Regions already ended, in whatever year: "白云镇已于 2026 年并入云源镇，不能再从
    2025 年起合并". A region ends once; to change an earlier year, the later change
    would have to be undone first."""
    regions = list(regions)
    endings = _endings(regions)
    return [
        _("%(name)s（%(code)s）已于 %(retired)s 年%(how)s，不能再从 %(year)s 年起%(action)s。")
        % {
            "name": region.name,
            "code": region.code,
            "retired": region.retired_from,
            "how": endings[region.code],
            "year": year,
            "action": action,
        }
        for region in regions
        if region.code in endings
    ]


def target_errors(target: Region, year: int) -> list[str]:
    """An existing region taking others in from ``year``: it exists then, and does not
    end later (the figures carried to it would be left with a region that ended)."""
    errors = exists_errors(target, year)
    if errors or target.retired_from is None:
        return errors
    return [
        _("合并目标%(name)s（%(code)s）已于 %(retired)s 年%(how)s，不能再并入其他区划。")
        % {
            "name": target.name,
            "code": target.code,
            "retired": target.retired_from,
            "how": _endings([target])[target.code],
        }
    ]


def later_changes_errors(regions: Iterable[Region], year: int, action: str) -> list[str]:
    """Regions named in a change of ``year`` or later (renamed, taking others in…):
    a change earlier than one already recorded would make the later one wrong."""
    regions = list(regions)
    if not regions:
        return []
    changes = _changes_naming({region.code for region in regions}, year)
    errors = []
    for region in regions:
        later = [change for change in changes if region.code in {*change.sources, *change.targets}]
        if later:
            errors.append(
                _(
                    "%(name)s（%(code)s）在 %(later)s 年已有区划变更（%(kinds)s），"
                    "不能再从 %(year)s 年起%(action)s：变更须按年份先后进行。"
                )
                % {
                    "name": region.name,
                    "code": region.code,
                    "later": "、".join(sorted({str(change.year) for change in later})),
                    "kinds": "、".join(
                        f"{change.year} 年{ChangeKind(change.kind).label}" for change in later
                    ),
                    "year": year,
                    "action": action,
                }
            )
    return errors


def later_data_errors(regions: list[Region], year: int) -> list[str]:
    """Reports (with or without figures) and targets of ``year`` or later: listed by year."""
    codes = [region.code for region in regions]
    names = {region.code: region.name for region in regions}
    errors = []
    reports = (
        Report.objects.filter(region_id__in=codes, year__gte=year)
        .values("region_id", "year")
        .annotate(figures=Count("values"))
        .order_by("region_id", "year")
    )
    by_region: dict[str, list[str]] = {}
    for row in reports:
        by_region.setdefault(row["region_id"], []).append(
            _("%(year)s 年（%(n)s 个数字）") % {"year": row["year"], "n": row["figures"]}
        )
    for code, years in by_region.items():
        errors.append(
            _(
                "%(name)s（%(code)s）在 %(year)s 年及以后已有填报：%(years)s。"
                "请先处理这些填报，或选更晚的生效年份。"
            )
            % {"name": names[code], "code": code, "year": year, "years": "、".join(years)}
        )
    targets = (
        Target.objects.filter(region_id__in=codes, year__gte=year)
        .values_list("region_id", "year")
        .distinct()
        .order_by("region_id", "year")
    )
    target_years: dict[str, list[str]] = {}
    for code, target_year in targets:
        target_years.setdefault(code, []).append(str(target_year))
    for code, years in target_years.items():
        errors.append(
            _("%(name)s（%(code)s）在 %(year)s 年及以后已有目标值：%(years)s 年。")
            % {"name": names[code], "code": code, "year": year, "years": "、".join(years)}
        )
    return errors


def _by_region(rows, names: dict[str, str]) -> dict[str, list[str]]:
    """code → "2026 年（已提交，12 个数字）" for report rows (region, year, status, figures)."""
    by_region: dict[str, list[str]] = {}
    for row in rows:
        by_region.setdefault(row["region_id"], []).append(
            _("%(year)s 年（%(status)s，%(n)s 个数字）")
            % {"year": row["year"], "status": Status(row["status"]).label, "n": row["figures"]}
        )
    return by_region


def _reports_from(regions: list[Region], year: int):
    return (
        Report.objects.filter(region_id__in=[region.code for region in regions], year__gte=year)
        .values("region_id", "year", "status")
        .annotate(figures=Count("values"))
        .order_by("region_id", "year")
    )


def locked_errors(regions: Iterable[Region], year: int) -> list[str]:
    """Submitted or approved reports of ``year`` or later: a change never alters the
    figures a reviewer has or is deciding on; the reviewer returns them first."""
    regions = list(regions)
    names = {region.code: region.name for region in regions}
    rows = _reports_from(regions, year).filter(status__in=LOCKED)
    return [
        _(
            "%(name)s（%(code)s）在 %(year)s 年及以后有已提交或已审核的填报：%(years)s。"
            "请县级审核人员先退回这些填报，或选更晚的生效年份。"
        )
        % {"name": names[code], "code": code, "year": year, "years": "、".join(years)}
        for code, years in _by_region(rows, names).items()
    ]


def figures_errors(regions: Iterable[Region], year: int) -> list[str]:
    """Figures of ``year`` or later that a split cannot share out among the new regions."""
    regions = list(regions)
    names = {region.code: region.name for region in regions}
    rows = _reports_from(regions, year).exclude(status__in=LOCKED).filter(figures__gt=0)
    return [
        _(
            "%(name)s（%(code)s）在 %(year)s 年及以后已填报数字：%(years)s。"
            "拆分无法确定这些数字在新区划间的份额：请先删除这些数字，拆分后在新区划重新填报；"
            "或改为划转（数字随之转入新区划），或选更晚的生效年份。"
        )
        % {"name": names[code], "code": code, "year": year, "years": "、".join(years)}
        for code, years in _by_region(rows, names).items()
    ]


def children_errors(regions: Iterable[Region], year: int) -> list[str]:
    """A region that ends must not leave regions below it that still exist then."""
    errors = []
    for region in regions:
        below = Region.objects.filter(parent=region).existing_in(year).count()
        if below:
            errors.append(
                _("%(name)s（%(code)s）下辖 %(n)s 个区划在 %(year)s 年仍然存在，请先调整它们。")
                % {"name": region.name, "code": region.code, "n": below, "year": year}
            )
    return errors


def exists_errors(region: Region, year: int) -> list[str]:
    if region.exists_in(year):
        return []
    if region.active_from is not None and region.active_from > year:
        return [
            _("%(name)s（%(code)s）%(active)s 年才设立，在 %(year)s 年还不存在。")
            % {"name": region.name, "code": region.code, "active": region.active_from, "year": year}
        ]
    return [
        _("%(name)s（%(code)s）在 %(year)s 年不存在。")
        % {"name": region.name, "code": region.code, "year": year}
    ]
