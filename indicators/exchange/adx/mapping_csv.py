"""The ADX mapping as CSV: written for people to edit, read back with a preview.

Columns: kind,code,dhis2_id,category_option_combo. A file adds and changes rows; rows
it does not name stay as they are (remove one on the mapping page).
"""

import csv
import io
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from indicators.reads.exports import FORMULA_STARTS, safe_cell

from ..models import AdxMapping
from .mapping import Known, mapping_recorded, row_problem

COLUMNS = ("kind", "code", "dhis2_id", "category_option_combo")
MAX_ROWS = 20_000


class MappingFileError(ValueError):
    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class PlannedRow:
    line: int
    kind: str
    code: str
    dhis2_id: str
    combo: str
    action: str  # created, updated or unchanged


@dataclass
class MappingPlan:
    rows: list[PlannedRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)


def mapping_csv() -> str:
    """Every mapping row, with a BOM so that Excel opens it as UTF-8."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in AdxMapping.objects.order_by("kind", "code"):
        cells = (row.kind, row.code, row.dhis2_id, row.category_option_combo)
        writer.writerow([safe_cell(cell) for cell in cells])
    return out.getvalue()


def _unguarded(cell: str) -> str:
    """A cell as written before :func:`safe_cell` guarded it ("'-x" → "-x")."""
    if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS):
        return cell[1:]
    return cell


def _read(data: bytes) -> list[tuple[int, tuple[str, str, str, str]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise MappingFileError([_("文件不是 UTF-8 编码的 CSV。")]) from None
    if "\x00" in text:
        raise MappingFileError([_("文件含有空字符，不是 CSV 文本。")])
    reader = csv.DictReader(io.StringIO(text))
    missing = [name for name in COLUMNS[:3] if name not in (reader.fieldnames or [])]
    if missing:
        message = _("缺少列：%(names)s（需要 kind,code,dhis2_id[,category_option_combo]）。")
        raise MappingFileError([message % {"names": ", ".join(missing)}])
    rows = []
    for line, record in enumerate(reader, start=2):
        if len(rows) >= MAX_ROWS:
            raise MappingFileError([_("一次最多 %(max)s 行。") % {"max": MAX_ROWS}])
        cells = [_unguarded((record.get(name) or "").strip()) for name in COLUMNS]
        if any(cells):
            rows.append((line, tuple(cells)))
    return rows


def mapping_plan(data: bytes) -> MappingPlan:
    """What importing the file would do, row by row, and every problem with its line."""
    rows = _read(data)
    known = Known.for_rows([row for _line, row in rows])
    stored = {
        (row.kind, row.code): (row.dhis2_id, row.category_option_combo)
        for row in AdxMapping.objects.all()
    }
    plan, final, seen = MappingPlan(), dict(stored), {}
    for line, row in rows:
        kind, code, dhis2_id, combo = row
        problem = row_problem(row, known)
        if problem is None and (kind, code) in seen:
            problem = _("与第 %(line)s 行重复。") % {"line": seen[(kind, code)]}
        if problem:
            plan.errors.append(
                _("第 %(line)s 行：%(problem)s") % {"line": line, "problem": problem}
            )
            continue
        seen[(kind, code)] = line
        before = stored.get((kind, code))
        action = (
            "created"
            if before is None
            else "unchanged"
            if before == (dhis2_id, combo)
            else "updated"
        )
        final[(kind, code)] = (dhis2_id, combo)
        plan.rows.append(PlannedRow(line, kind, code, dhis2_id, combo, action))
    owners: dict[tuple[str, str, str], str] = {}
    for (kind, code), (dhis2_id, combo) in sorted(final.items()):
        owner = owners.setdefault((kind, dhis2_id, combo), code)
        if owner != code:
            message = _("%(kind)s 的 DHIS2 标识 %(id)s 同时对应 %(a)s 和 %(b)s。")
            plan.errors.append(message % {"kind": kind, "id": dhis2_id, "a": owner, "b": code})
    return plan


@transaction.atomic
def mapping_import(data: bytes, *, user: User) -> MappingPlan:
    """Apply the file as :func:`mapping_plan` previews it; nothing at all when it has errors."""
    plan = mapping_plan(data)
    if plan.errors:
        raise MappingFileError(plan.errors)
    changed = [row for row in plan.rows if row.action != "unchanged"]
    # One statement for the whole file, however many rows it maps.
    AdxMapping.objects.bulk_create(
        [
            AdxMapping(
                kind=row.kind, code=row.code, dhis2_id=row.dhis2_id, category_option_combo=row.combo
            )
            for row in changed
        ],
        update_conflicts=True,
        unique_fields=["kind", "code"],
        update_fields=["dhis2_id", "category_option_combo", "updated_at"],
    )
    if changed:
        rows = [(row.kind, row.code, row.dhis2_id, row.combo) for row in changed]
        mapping_recorded(user=user, change="import", rows=rows)
    return plan
