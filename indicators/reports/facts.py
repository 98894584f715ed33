"""A region's own facts for its report: the one write, its rules, and the demo's facts."""

import re
from collections.abc import Mapping

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from indicators.accounts import access

from ..audit.events import audit_record
from ..audit.models import Action
from ..models import FactKind, Level, Region, RegionFact, Role
from ..models.facts import MAX_NAME_LENGTH, MAX_NAMES

# Names are typed one a line or separated by 、，, ; the report joins them with 、.
SPLIT = re.compile(r"[\n、，,；;]+")
# Characters a name may not hold: the template syntax, and the blank marks of the reference.
FORBIDDEN = re.compile(r"[【】{}〔〕｜<>]|(?<![A-Za-z])[Xx]+(?![A-Za-z])")


class FactError(ValueError):
    """Names that cannot go into a report; the message is for people, in Chinese."""


def parse_names(kind: str, raw: str) -> list[str]:
    """The names typed for one kind, cleaned, in order, each once; FactError otherwise."""
    label = FactKind(kind).label
    names: list[str] = []
    for part in SPLIT.split(raw or ""):
        name = part.strip()
        if not name or name in names:
            continue
        if len(name) > MAX_NAME_LENGTH:
            raise FactError(
                f"“{label}”中的“{name[:10]}…”太长：每个名称最多 {MAX_NAME_LENGTH} 个字。"
            )
        if FORBIDDEN.search(name):
            raise FactError(
                _("“%(kind)s”中的“%(name)s”含有不能用的符号（【】{}〔〕｜<>或占位的 X）。")
                % {"kind": label, "name": name}
            )
        names.append(name)
    if len(names) > MAX_NAMES:
        raise FactError(
            _("“%(kind)s”最多填写 %(most)s 个名称。") % {"kind": label, "most": MAX_NAMES}
        )
    return names


@transaction.atomic
def facts_save(*, region: Region, names: Mapping[str, list[str]], user: User | None) -> int:
    """Replace the region's facts of the given kinds; an empty list removes the kind.

    Returns how many kinds changed. The caller checks the user's right first.
    """
    current = {
        fact.kind: fact for fact in RegionFact.objects.select_for_update().filter(region=region)
    }
    changed = 0
    for kind, wanted in names.items():
        FactKind(kind)
        fact = current.get(kind)
        if not wanted:
            if fact is not None:
                fact.delete()
                changed += 1
            continue
        if fact is not None and fact.names == list(wanted):
            continue
        RegionFact.objects.update_or_create(
            region=region, kind=kind, defaults={"names": list(wanted), "updated_by": user}
        )
        changed += 1
    if changed and user is not None:
        details = {"region": region.code, "kinds": sorted(names)}
        audit_record(action=Action.FACTS_CHANGED, user=user, obj=region, details=details)
    return changed


# The demo towns' own names (fictional), by the town's three digits; "" is the county.
DEMO_FACTS: dict[str, dict[str, list[str]]] = {
    "": {
        FactKind.SLOGAN: ["生态美、产业强、百姓富的演示县"],
        FactKind.RIVER: ["清水江"],
        FactKind.RESERVOIR: ["龙门水库"],
        FactKind.PARTY_BRAND: ["先锋演示"],
    },
    "100": {
        FactKind.SLOGAN: ["生态青山、活力青山"],
        FactKind.CLOSED_MINE: ["青岗煤矿", "石板沟煤矿"],
        FactKind.INDUSTRY: ["青山村茶叶种植", "岩脚村肉牛养殖", "新寨村蔬菜种植"],
        FactKind.VILLAGE: ["青山村", "岩脚村", "新寨村", "河坝社区"],
        FactKind.RIVER: ["青山河"],
        FactKind.RESERVOIR: ["龙塘水库"],
        FactKind.PARTY_BRAND: ["青山先锋"],
    },
    "101": {
        FactKind.CLOSED_MINE: ["煤岭一矿", "黑石煤业", "大坪煤矿"],
        FactKind.ENTERPRISE: ["煤岭能源"],
        FactKind.INDUSTRY: ["大坪村中药材种植", "煤岭能源矿区复垦"],
        FactKind.VILLAGE: ["大坪村", "黑石村", "煤岭社区"],
        FactKind.RIVER: ["黑石河"],
        FactKind.PARTY_BRAND: ["煤海红旗"],
    },
    "102": {
        FactKind.SLOGAN: ["山水龙潭、康养胜地"],
        FactKind.CLOSED_MINE: ["龙潭煤矿"],
        FactKind.INDUSTRY: ["龙潭村康养旅游", "水井村魔芋种植"],
        FactKind.VILLAGE: ["龙潭村", "水井村", "坪上村"],
        FactKind.RIVER: ["龙潭河"],
        FactKind.RESERVOIR: ["龙潭水库"],
    },
    "103": {
        FactKind.CLOSED_MINE: ["石门煤矿", "岩口煤业"],
        FactKind.INDUSTRY: ["石门村建材生产"],
        FactKind.VILLAGE: ["石门村", "岩口村"],
        FactKind.RESERVOIR: ["石门水库"],
        FactKind.PARTY_BRAND: ["石门堡垒"],
    },
    "104": {
        FactKind.SLOGAN: ["清河田园、鱼米之乡"],
        FactKind.INDUSTRY: ["清河村水稻制种", "下坝村生态渔业"],
        FactKind.VILLAGE: ["清河村", "下坝村", "沙湾村"],
        FactKind.RIVER: ["清河"],
    },
    "105": {
        FactKind.INDUSTRY: ["白云村高山茶种植", "云顶村食用菌种植"],
        FactKind.VILLAGE: ["白云村", "云顶村"],
        FactKind.RESERVOIR: ["白云水库"],
    },
    "106": {
        FactKind.CLOSED_MINE: ["金坪煤矿"],
        FactKind.ENTERPRISE: ["金坪农业"],
        FactKind.INDUSTRY: ["金坪村金坪农业肉牛养殖", "杉木村精品水果种植"],
        FactKind.VILLAGE: ["金坪村", "杉木村", "观音社区"],
        FactKind.RIVER: ["金坪河"],
        FactKind.PARTY_BRAND: ["金色堡垒"],
    },
    "107": {
        FactKind.INDUSTRY: ["桃源村桃子种植"],
        FactKind.VILLAGE: ["桃源村", "落水村"],
        FactKind.RIVER: ["桃花溪"],
    },
}


def ensure_demo_facts(county: Region, towns: Mapping[str, Region]) -> int:
    """The demo's facts where a region has none of that kind: an edited fact stays."""
    regions = {"": county, **towns}
    existing = set(
        RegionFact.objects.filter(region__in=regions.values()).values_list("region_id", "kind")
    )
    missing = [
        RegionFact(region=regions[suffix], kind=kind, names=names)
        for suffix, facts in DEMO_FACTS.items()
        if suffix in regions
        for kind, names in facts.items()
        if (regions[suffix].code, kind) not in existing
    ]
    RegionFact.objects.bulk_create(missing)
    return len(missing)


def may_edit_facts(user, region: Region) -> bool:
    """The town's reviewer edits the town's facts, the county official the county's.

    They vouch for what the report says of their place; clerks enter figures only.
    """
    if access.is_admin(user):
        return True
    role = {Level.TOWN: Role.REVIEWER, Level.COUNTY: Role.COUNTY}.get(region.level)
    return role is not None and access.role_of(user) == role and access.covers(user, region)
