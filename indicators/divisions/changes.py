"""Changes of the division tree: rename, merge, split, move, create, retire.

Codes are statistical division codes whose prefix names the parent, and figures are
kept per town code and year. So a change ends regions (``retired_from``) and starts
others (``active_from``) from a year. The figures of earlier years stay with the
regions they were entered for, and the county totals of every earlier year stay
exactly as they were: the summaries (``RegionSummary``) are sums by code prefix over
the figures, which no change touches before its year, so none needs recomputing. A
town moved to another county gets a new code under that county from the year of the
move; its earlier figures stay in the old county's totals.

The open figures and targets of the change's year and later (the year being
entered) follow the succession (:mod:`.carry`): a merge combines them into the
target, a move takes them along, a split refuses while there are figures; submitted
and approved reports refuse every change until they are returned.

Every operation runs its checks first and refuses with every reason
(:class:`~.checks.RegionChangeRefused`) before writing anything; then, in one
transaction, it changes the regions, carries the figures through the write paths,
records one :class:`RegionChange` and one audit event (with the reason). A merge's or
a move's new region gets its boundary from the old ones
(:func:`indicators.maps.services.boundaries_succeed`); a split's new towns wait for
theirs to be uploaded. Saving a region moves its province's data stamps (the signal
receiver in :mod:`indicators.derived.stamps`), so ETags and caches follow.
:func:`succession_preview` runs a merge, split or move and rolls it back, to show
what it would carry.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from indicators.support.dry_run import dry_run

from ..audit.events import audit_record
from ..audit.models import Action
from ..maps.services import boundaries_succeed
from ..models import ChangeKind, Level, Region, RegionChange, RegionName
from .carry import Carry, carry_plan, carry_write
from .checks import (
    area_errors,
    children_errors,
    ends_errors,
    exists_errors,
    figures_errors,
    level_below,
    locked_errors,
    name_errors,
    new_code_errors,
    reason_errors,
    refuse_if,
    rights_errors,
    target_errors,
    year_errors,
)


def succession_preview(operation, *args, **kwargs) -> Carry:
    """What ``operation`` (:func:`regions_merge`, :func:`region_split` or
    :func:`region_move`, with its arguments) would carry, checked through to the
    write paths and rolled back: nothing is changed. Refused as the operation is."""
    with dry_run():
        change = operation(*args, **kwargs)
    return change.carry


@dataclass(frozen=True)
class NewRegion:
    """A region a change creates: its code, name and English name."""

    code: str
    name: str
    name_en: str = ""


def first_checks(user, year, reason) -> None:
    """Rights, year and reason: refused at once, since the other checks need a year."""
    refuse_if(rights_errors(user))
    refuse_if(year_errors(year) + reason_errors(reason))


def _locked(codes: list[str], user) -> dict[str, Region]:
    """The regions, read again and locked for the transaction (a stale page's copy
    must not decide), by code; each inside the user's area."""
    refuse_if(area_errors(user, codes))
    found = {r.code: r for r in Region.objects.select_for_update().filter(code__in=codes)}
    missing = [code for code in codes if code not in found]
    refuse_if([_("区划“%(code)s”不存在。") % {"code": code} for code in missing])
    return found


def _code(region: Region | str) -> str:
    return region if isinstance(region, str) else region.code


def recorded(
    user,
    kind: str,
    year: int,
    sources,
    targets,
    reason: str,
    *,
    audit: bool = True,
    carry: Carry | None = None,
) -> RegionChange:
    change = RegionChange.objects.create(
        kind=kind,
        year=year,
        sources=list(sources),
        targets=list(targets),
        reason=reason.strip(),
        user=user if user.is_authenticated else None,
        username=user.get_username(),
    )
    if not audit:
        return change
    audit_record(
        action=Action.REGIONS_CHANGED,
        user=user,
        obj=change,
        details={
            "kind": kind,
            "year": year,
            "sources": change.sources,
            "targets": change.targets,
            "reason": change.reason,
            **(carry.counts() if carry is not None else {}),
        },
    )
    return change


def carried(user, carry: Carry, expected: str | None) -> Carry:
    """Write what the succession carries (:mod:`.carry`), unless the page confirms a
    preview (``expected``: its digest) that no longer holds."""
    if expected is not None and expected != carry.digest:
        refuse_if([_("预览之后，相关的数字或目标已有变化：请核对新的预览后再确认。")])
    carry_write(user, carry)
    return carry


def retired(regions, year: int) -> None:
    for region in regions:
        region.retired_from = year
        region.save(update_fields=["retired_from"])


def started(new: NewRegion, *, parent: Region, level: str, year: int) -> Region:
    return Region.objects.create(
        code=new.code,
        name=new.name.strip(),
        name_en=(new.name_en or "").strip(),
        level=level,
        parent=parent,
        active_from=year,
    )


def _new_regions_errors(news: list[NewRegion], parent: Region, level: str) -> list[str]:
    errors, taken = [], []
    for new in news:
        errors += name_errors(new.name) or new_code_errors(new.code, parent, level, taken)
        taken.append(new.code)
    return errors


def _parent_errors(regions: list[Region]) -> list[str]:
    parents = {region.parent_id for region in regions}
    if len(parents) > 1 or None in parents:
        return [
            _("合并的区划应属于同一上级：%(list)s。跨县的请先划转。")
            % {"list": "、".join(f"{r.name}（{r.parent_id or '—'}）" for r in regions)}
        ]
    return []


def rename_errors(region: Region, name: str, name_en: str, year: int) -> list[str]:
    """Why ``region`` cannot be called ``name`` from ``year`` (stripped names)."""
    errors = name_errors(name, _("新")) + exists_errors(region, year)
    if not errors and name == region.name and name_en == region.name_en:
        errors.append(_("新名称与现名称相同。"))
    if region.active_from is not None and region.active_from >= year:
        errors.append(
            _("%(name)s %(active)s 年才设立，更名年份应晚于设立年份。")
            % {"name": region.name, "active": region.active_from}
        )
    last = region.past_names.order_by("-until_year").first()
    if last is not None and last.until_year >= year - 1:
        errors.append(
            _("%(name)s 已有使用至 %(until)s 年的曾用名“%(old)s”，更名年份应晚于 %(next)s 年。")
            % {
                "name": region.name,
                "until": last.until_year,
                "old": last.name,
                "next": last.until_year + 1,
            }
        )
    return errors


def renamed(region: Region, name: str, name_en: str, year: int) -> None:
    """Keep the old name until ``year - 1`` and take the new one (checks passed)."""
    RegionName.objects.create(
        region=region, name=region.name, name_en=region.name_en, until_year=year - 1
    )
    region.name, region.name_en = name, name_en
    region.save(update_fields=["name", "name_en"])


@transaction.atomic
def region_rename(
    user, region: Region | str, *, name: str, year: int, reason: str, name_en: str = ""
) -> RegionChange:
    """``region`` is called ``name`` from ``year``; its old name stays in its name
    history until ``year - 1``, so reports and charts of earlier years keep it."""
    first_checks(user, year, reason)
    region = _locked([_code(region)], user)[_code(region)]
    name, name_en = (name or "").strip(), (name_en or "").strip()
    refuse_if(rename_errors(region, name, name_en, year))
    renamed(region, name, name_en, year)
    return recorded(user, ChangeKind.RENAME, year, [region.code], [region.code], reason)


@transaction.atomic
def regions_merge(
    user,
    sources: list,
    *,
    target: Region | str | NewRegion,
    year: int,
    reason: str,
    expected: str | None = None,
) -> RegionChange:
    """``sources`` become ``target`` from ``year``: the sources end (all but the target,
    when the target is one of them or an existing region: it takes the others in); a
    new target starts. The open figures and targets of ``year`` and later go to the
    target, combined (:mod:`.carry`); submitted and approved ones refuse the merge.
    The change's ``carry`` says what was carried and what is to be entered again."""
    first_checks(user, year, reason)
    codes = [_code(source) for source in sources]
    new = target if isinstance(target, NewRegion) else None
    target_code = new.code if new else _code(target)
    involved = set(codes) | ({target_code} if not new else set())
    errors = [_("被合并的区划有重复。")] if len(set(codes)) != len(codes) else []
    refuse_if(errors + ([_("合并至少涉及两个区划。")] if len(involved) < 2 else []))
    found = _locked(sorted(involved), user)
    regions = [found[code] for code in codes]
    ending = [region for region in regions if region.code != target_code]
    existing = None if new else found[target_code]
    refuse_if(_merge_errors(regions, ending, existing, new, year))
    retired(ending, year)
    successor = existing or started(
        new, parent=regions[0].parent, level=regions[0].level, year=year
    )
    # The target's own figures count as a source's when it takes the others in.
    contributors = regions + ([] if new or target_code in codes else [successor])
    # The target's boundary: the union of its parts' (the maps of the year draw it).
    boundaries_succeed(sources=contributors, target=successor, year=year)
    kind, codes = ChangeKind.MERGE, (codes, [target_code])
    return _carried_change(user, kind, year, codes, reason, contributors, successor, expected)


def _merge_errors(
    regions: list[Region],
    ending: list[Region],
    existing: Region | None,
    new: NewRegion | None,
    year: int,
) -> list[str]:
    """Why the regions cannot merge into ``existing``, or into ``new`` (one is None)."""
    involved = regions + ([existing] if existing is not None else [])
    errors = _parent_errors(involved)
    if len({region.level for region in involved}) > 1:
        errors.append(_("合并的区划应属于同一级别。"))
    errors += ends_errors(ending, year, data=False, action=_("合并"))
    errors += locked_errors(ending, year) + children_errors(ending, year)
    if existing is not None:
        return errors + target_errors(existing, year)
    if not errors:
        parent = regions[0].parent
        errors += name_errors(new.name, _("合并后")) + exists_errors(parent, year)
        errors += [] if errors else new_code_errors(new.code, parent, regions[0].level)
    return errors


def _carried_change(
    user,
    kind: str,
    year: int,
    codes: tuple[list[str], list[str]],
    reason: str,
    regions: list[Region],
    successor: Region | None,
    expected: str | None,
) -> RegionChange:
    """Carry the open figures and targets of ``regions`` to ``successor`` (None: a
    split), then record the change (``codes``: its sources' and targets'), its
    ``carry`` beside it."""
    plan = carry_plan(kind, regions, successor, year, combine=kind == ChangeKind.MERGE)
    carry = carried(user, plan, expected)
    change = recorded(user, kind, year, *codes, reason, carry=carry)
    change.carry = carry
    return change


@transaction.atomic
def region_split(
    user,
    source: Region | str,
    *,
    targets: list[NewRegion],
    year: int,
    reason: str,
    expected: str | None = None,
) -> RegionChange:
    """``source`` ends from ``year`` and the new ``targets`` (two or more) start.
    A figure cannot be shared out: the split is refused while the source has figures
    of ``year`` or later; its targets of those years are removed (and listed)."""
    first_checks(user, year, reason)
    region = _locked([_code(source)], user)[_code(source)]
    errors = [] if len(targets) >= 2 else [_("拆分后至少要有两个新区划。")]
    errors += ends_errors([region], year, data=False, action=_("拆分"))
    errors += locked_errors([region], year)
    errors += figures_errors([region], year) + children_errors([region], year)
    if region.parent is None:
        errors.append(_("顶级区划不能拆分。"))
    else:
        errors += exists_errors(region.parent, year)
        errors += _new_regions_errors(targets, region.parent, region.level)
    refuse_if(errors)
    retired([region], year)
    for new in targets:
        started(new, parent=region.parent, level=region.level, year=year)
    codes = ([region.code], [new.code for new in targets])
    return _carried_change(user, ChangeKind.SPLIT, year, codes, reason, [region], None, expected)


@transaction.atomic
def region_move(
    user,
    region: Region | str,
    *,
    parent: Region | str,
    code: str,
    year: int,
    reason: str,
    name: str = "",
    name_en: str = "",
    expected: str | None = None,
) -> RegionChange:
    """``region`` moves under ``parent`` (a town to another county) from ``year``: its
    code names its county, so it ends and a region with the new ``code`` (under the
    new parent; the same name unless ``name`` is given) starts. Its open figures and
    targets of ``year`` and later go with it, unchanged."""
    first_checks(user, year, reason)
    found = _locked(sorted({_code(region), _code(parent)}), user)
    region, parent = found[_code(region)], found[_code(parent)]
    new = NewRegion(
        code, (name or "").strip() or region.name, (name_en or "").strip() or region.name_en
    )
    refuse_if(_move_errors(region, parent, new, year))
    retired([region], year)
    successor = started(new, parent=parent, level=region.level, year=year)
    boundaries_succeed(sources=[region], target=successor, year=year)  # its shape goes along
    codes = ([region.code], [new.code])
    return _carried_change(
        user, ChangeKind.MOVE, year, codes, reason, [region], successor, expected
    )


def _move_errors(region: Region, parent: Region, new: NewRegion, year: int) -> list[str]:
    errors = []
    if region.parent is not None and parent.level != region.parent.level:
        errors.append(
            _("新的上级应为%(level)s级区划。") % {"level": Level(region.parent.level).label}
        )
    if parent.code == region.parent_id:
        errors.append(
            _("%(name)s 已经属于 %(parent)s。") % {"name": region.name, "parent": parent.name}
        )
    errors += ends_errors([region], year, data=False, action=_("划转"))
    errors += locked_errors([region], year)
    errors += children_errors([region], year) + exists_errors(parent, year)
    if not errors:
        errors += _new_regions_errors([new], parent, region.level)
    return errors


@transaction.atomic
def region_create(
    user, *, parent: Region | str, new: NewRegion, year: int, reason: str
) -> RegionChange:
    """A new region under ``parent`` from ``year``, one level below it."""
    first_checks(user, year, reason)
    parent = _locked([_code(parent)], user)[_code(parent)]
    level = level_below(parent.level)
    errors = exists_errors(parent, year)
    errors += [_("村级区划下不能再设区划。")] if level is None else []
    if not errors:
        errors += _new_regions_errors([new], parent, level)
    refuse_if(errors)
    started(new, parent=parent, level=level, year=year)
    return recorded(user, ChangeKind.CREATE, year, [], [new.code], reason)


@transaction.atomic
def region_retire(user, region: Region | str, *, year: int, reason: str) -> RegionChange:
    """``region`` ends from ``year``; it and its figures of earlier years stay."""
    first_checks(user, year, reason)
    region = _locked([_code(region)], user)[_code(region)]
    refuse_if(ends_errors([region], year, action=_("撤销")) + children_errors([region], year))
    retired([region], year)
    return recorded(user, ChangeKind.RETIRE, year, [region.code], [], reason)
