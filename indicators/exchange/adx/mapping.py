"""Our codes ↔ a DHIS2 instance's identifiers, read once per message.

Without a mapping row, a code stands for itself: an indicator's data element is its
code, a region's org unit is its 12-digit code, and the data set is
:data:`DEFAULT_DATASET`. DHIS2 then reads them with ``idScheme=CODE``.
"""

import re
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from ...audit.events import audit_record
from ...audit.models import Action
from ...models import Indicator, Level, Region
from ..models import DHIS2_ID, AdxMapping, MappingKind

DEFAULT_DATASET = "TOWN_INDICATORS"


class MappingRefused(Exception):
    """A mapping row that must not be saved; ``message`` is for people."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Mapping:
    """A snapshot of the mapping rows; lookups in both directions cost no query."""

    data_elements: dict[str, tuple[str, str]]  # indicator → (data element, combo)
    org_units: dict[str, str]  # region → org unit
    dataset: str

    def __post_init__(self):
        reverse = {value: code for code, value in self.data_elements.items()}
        object.__setattr__(self, "_indicators", reverse)
        object.__setattr__(self, "_regions", {v: code for code, v in self.org_units.items()})

    @classmethod
    def load(cls) -> "Mapping":
        data_elements, org_units, dataset = {}, {}, DEFAULT_DATASET
        for row in AdxMapping.objects.all():
            if row.kind == MappingKind.INDICATOR:
                data_elements[row.code] = (row.dhis2_id, row.category_option_combo)
            elif row.kind == MappingKind.REGION:
                org_units[row.code] = row.dhis2_id
            else:
                dataset = row.dhis2_id
        return cls(data_elements, org_units, dataset)

    def data_element(self, indicator: str) -> tuple[str, str]:
        return self.data_elements.get(indicator, (indicator, ""))

    def org_unit(self, region: str) -> str:
        return self.org_units.get(region, region)

    def indicator_of(self, data_element: str, combo: str) -> str:
        """Our indicator code for a data element; the identifier itself when it is not
        mapped (the write path refuses an unknown code as ``unknown_indicator``). A code
        that has a mapping row is known by its DHIS2 identifier only."""
        found = self._indicators.get((data_element, combo))
        if found is not None:
            return found
        if combo or data_element in self.data_elements:
            # Not in the mapping, and not an unmapped own code: a code that no
            # indicator can have (not a slug), so the write path says unknown_indicator.
            return f"{data_element}:{combo}"
        return data_element

    def region_of(self, org_unit: str) -> str:
        found = self._regions.get(org_unit)
        if found is not None:
            return found
        return f"{org_unit}:" if org_unit in self.org_units else org_unit


def id_problem(dhis2_id: str, *, label: str) -> str | None:
    if not re.fullmatch(DHIS2_ID.strip("^$"), dhis2_id or ""):
        return _("%(label)s应为 1～50 个英文字母、数字或 . _ -，不含空格。") % {"label": label}
    return None


@dataclass(frozen=True)
class Known:
    """What the checks of some mapping rows need to know, read in four queries."""

    indicators: frozenset[str]
    towns: frozenset[str]  # the rows' region codes that are towns
    regions: frozenset[str]  # the rows' identifiers that are region codes
    mapped: frozenset[tuple[str, str]]  # (kind, code) of the stored rows

    @classmethod
    def for_rows(cls, rows: list[tuple[str, str, str, str]]) -> "Known":
        codes = {code for kind, code, _id, _combo in rows if kind == MappingKind.REGION}
        ids = {dhis2_id for kind, _code, dhis2_id, _combo in rows if kind == MappingKind.REGION}
        return cls(
            frozenset(Indicator.objects.values_list("code", flat=True)),
            frozenset(
                Region.objects.filter(code__in=codes, level=Level.TOWN).values_list(
                    "code", flat=True
                )
            ),
            frozenset(Region.objects.filter(code__in=ids).values_list("code", flat=True)),
            frozenset(AdxMapping.objects.values_list("kind", "code")),
        )


def row_problem(row: tuple[str, str, str, str], known: Known) -> str | None:
    """What is wrong with a mapping row (kind, code, id, combo); None when nothing is.

    An identifier that is another code of the same kind, itself unmapped, is refused:
    read back, it would stand for that other code.
    """
    kind, code, dhis2_id, combo = row
    if kind not in MappingKind.values:
        return _("类别应为 indicator、region 或 dataset。")
    problem = id_problem(dhis2_id, label=_("DHIS2 标识"))
    if problem:
        return problem
    if combo and kind != MappingKind.INDICATOR:
        return _("只有指标可以填写分类选项组合。")
    if combo and id_problem(combo, label=_("分类选项组合")):
        return id_problem(combo, label=_("分类选项组合"))
    if kind == MappingKind.DATASET:
        return _("数据集一行的本系统代码应为空。") if code else None
    if kind == MappingKind.INDICATOR:
        if code not in known.indicators:
            return _("未知的指标代码：%(code)s。") % {"code": code}
        clash = dhis2_id in known.indicators and not combo
    else:
        if code not in known.towns:
            return _("未知的镇区划代码：%(code)s。") % {"code": code}
        clash = dhis2_id in known.regions
    if clash and dhis2_id != code and (kind, dhis2_id) not in known.mapped:
        return _("%(id)s 是另一个本系统代码，读回时会混淆。") % {"id": dhis2_id}
    return None


def taken_problem(kind: str, code: str, dhis2_id: str, combo: str) -> str | None:
    """The identifier already stands for another code (the mapping is one to one)."""
    other = (
        AdxMapping.objects.filter(kind=kind, dhis2_id=dhis2_id, category_option_combo=combo)
        .exclude(code=code)
        .first()
    )
    if other is None:
        return None
    return _("%(id)s 已对应 %(code)s。") % {"id": dhis2_id, "code": other.code}


@transaction.atomic
def mapping_save(*, kind: str, code: str, dhis2_id: str, combo: str = "", user: User) -> AdxMapping:
    """Create or change the row of (kind, code), recorded in the audit trail;
    :class:`MappingRefused` when it is wrong."""
    code, dhis2_id, combo = code.strip(), dhis2_id.strip(), combo.strip()
    row = (kind, code, dhis2_id, combo)
    problem = row_problem(row, Known.for_rows([row])) or taken_problem(*row)
    if problem:
        raise MappingRefused(problem)
    saved, _created = AdxMapping.objects.update_or_create(
        kind=kind,
        code=code,
        defaults={"dhis2_id": dhis2_id, "category_option_combo": combo},
    )
    mapping_recorded(user=user, change="save", rows=[row])
    return saved


@transaction.atomic
def mapping_delete(*, pk: int, user: User) -> bool:
    """Remove a row: its code stands for itself again. False when there was no such row."""
    row = AdxMapping.objects.filter(pk=pk).first()
    if row is None:
        return False
    row.delete()
    rows = [(row.kind, row.code, row.dhis2_id, row.category_option_combo)]
    mapping_recorded(user=user, change="delete", rows=rows)
    return True


def mapping_recorded(*, user: User, change: str, rows: list[tuple[str, str, str, str]]) -> None:
    """The audit trail's entry for a change of the mapping: it decides what exports say."""
    details = {"adx_mapping": change, "rows": [list(row) for row in rows[:100]], "count": len(rows)}
    audit_record(action=Action.ADMIN_ACTION, user=user, details=details)
