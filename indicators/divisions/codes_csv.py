"""A new edition of the official division code list (统计用区划代码) as a diff.

The file has the columns of the region loader (:mod:`indicators.divisions.regions_csv`):
code,name,level,parent_code[,name_en], in UTF-8 or GBK, a level in English or in
Chinese (镇、乡镇、街道… for ``town``). :func:`codes_diff` compares it with the
regions in the database and changes nothing: new codes, renamed codes, codes that
are missing from the edition (to retire) and the number unchanged, with every bad
row reported by line. :func:`codes_apply` applies that diff from a year: new regions
start then, renamed ones keep their old name in their history, missing ones are
retired from then. No region is ever deleted, so the figures of earlier years stay.

An edition may cover a part of the country: codes are missing only inside what the
file describes, the subtrees of its top rows (those whose parent is not in the
file), so a county's own file never retires another county's towns.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from indicators.divisions.regions_csv import LEVEL_ORDER, RegionFileError, read_rows, rows_errors

from ..audit.events import audit_record
from ..audit.models import Action
from ..models import ChangeKind, Level, Region, subtree_bounds
from .changes import NewRegion, first_checks, recorded, rename_errors, renamed, retired, started
from .checks import area_errors, ends_errors, exists_errors, refuse_if


@dataclass(frozen=True)
class CodeRow:
    line: int
    code: str
    name: str
    level: str
    parent_code: str
    name_en: str


@dataclass(frozen=True)
class Renamed:
    line: int
    region: Region
    name: str
    name_en: str


@dataclass
class CodesDiff:
    new: list[CodeRow] = field(default_factory=list)
    renamed: list[Renamed] = field(default_factory=list)
    missing: list[Region] = field(default_factory=list)
    unchanged: int = 0
    scope: list[str] = field(default_factory=list)  # the top codes the file describes
    errors: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.new or self.renamed or self.missing)


def codes_diff(text: str, year: int | None = None) -> CodesDiff:
    """What loading this edition would change; with ``year``, also why it could not
    be applied from that year. Writes nothing."""
    try:
        raw = read_rows(text)
    except RegionFileError as error:
        return CodesDiff(errors=error.errors)
    diff = CodesDiff(errors=rows_errors(raw))
    if diff.errors:
        return diff
    rows = [CodeRow(line=line, **row) for line, row in raw]
    existing = {region.code: region for region in Region.objects.all()}
    _compare(diff, rows, existing)
    _missing(diff, rows, existing)
    if year is not None and not diff.errors:
        diff.errors += _year_errors(diff, year, existing)
    return diff


def _compare(diff: CodesDiff, rows: list[CodeRow], existing: dict[str, Region]) -> None:
    """Each row new, renamed, unchanged, or an error, against the region of its code."""
    for row in rows:
        region = existing.get(row.code)
        if region is None:
            diff.new.append(row)
        elif error := _row_error(row, region):
            diff.errors.append(error)
        elif region.name != row.name or (row.name_en and region.name_en != row.name_en):
            diff.renamed.append(Renamed(row.line, region, row.name, row.name_en or region.name_en))
        else:
            diff.unchanged += 1


def _row_error(row: CodeRow, region: Region) -> str:
    """Why the row cannot stand for the region of its code ("" when it can): the
    region was retired, or the row gives it another level or another parent."""
    where = {"line": row.line, "code": row.code, "name": region.name}
    if region.retired_from is not None:
        return _("第 %(line)s 行：代码“%(code)s”（%(name)s）已于 %(year)s 年撤销，不能再用。") % {
            **where,
            "year": region.retired_from,
        }
    if region.level != row.level:
        return _(
            "第 %(line)s 行：代码“%(code)s”（%(name)s）在系统中是%(was)s级，文件中为%(now)s级。"
        ) % {**where, "was": Level(region.level).label, "now": Level(row.level).label}
    if (region.parent_id or "") != row.parent_code:
        return _(
            "第 %(line)s 行：代码“%(code)s”（%(name)s）的上级在系统中是“%(was)s”，"
            "文件中为“%(now)s”；改变上级请用“划转”。"
        ) % {**where, "was": region.parent_id or "—", "now": row.parent_code or "—"}
    return ""


def _missing(diff: CodesDiff, rows: list[CodeRow], existing: dict[str, Region]) -> None:
    """The regions the file describes (below its top rows) that it leaves out, and
    the rows whose parent is one of them."""
    in_file = {row.code for row in rows}
    tops = [row for row in rows if row.parent_code not in in_file]
    diff.scope = [row.code for row in tops]
    ranges = [subtree_bounds(row.code, row.level) for row in tops]
    diff.missing = [
        region
        for code, region in existing.items()
        if code not in in_file
        and region.retired_from is None
        and any(low <= code <= high for low, high in ranges)
    ]
    missing = {region.code for region in diff.missing}
    diff.errors += [
        _("第 %(line)s 行：上级“%(parent)s”不在新版中，将被撤销。")
        % {"line": row.line, "parent": row.parent_code}
        for row in rows
        if row.parent_code in missing
    ]


def _year_errors(diff: CodesDiff, year: int, existing: dict[str, Region]) -> list[str]:
    errors = []
    for row in diff.new:
        parent = existing.get(row.parent_code)
        if parent is not None:
            errors += exists_errors(parent, year)
    for item in diff.renamed:
        errors += [
            _("第 %(line)s 行：%(why)s") % {"line": item.line, "why": why}
            for why in rename_errors(item.region, item.name, item.name_en, year)
        ]
    missing = {region.code for region in diff.missing}
    errors += ends_errors(diff.missing, year, action=_("撤销"))
    # Regions below a missing one that stay (not missing themselves) would be orphaned.
    for region in diff.missing:
        below = Region.objects.filter(parent=region).existing_in(year).exclude(code__in=missing)
        if below.exists():
            errors.append(
                _("%(name)s（%(code)s）将被撤销，但其下级 %(below)s 仍在。")
                % {
                    "name": region.name,
                    "code": region.code,
                    "below": "、".join(below.values_list("name", flat=True)[:10]),
                }
            )
    return errors


@transaction.atomic
def codes_apply(user, text: str, year: int, reason: str) -> CodesDiff:
    """Apply the edition's diff from ``year`` in one transaction: one RegionChange per
    kind of change (create, rename, retire) and one audit event, with the reason."""
    first_checks(user, year, reason)
    diff = codes_diff(text, year)
    refuse_if(diff.errors)
    codes = [row.code for row in diff.new] + [item.region.code for item in diff.renamed]
    refuse_if(area_errors(user, codes + [region.code for region in diff.missing]))
    if not diff.changed:
        refuse_if([_("新版代码与系统中的区划相同，没有需要调整的。")])
    _created(diff.new, year)
    for item in diff.renamed:
        renamed(item.region, item.name, item.name_en, year)
    retired(diff.missing, year)
    _recorded(user, diff, year, reason)
    return diff


def _created(rows: list[CodeRow], year: int) -> None:
    """Parents first: a new town may hang from a new county of the same file. The
    existing parents are read at once; the new ones are those just created."""
    parents = Region.objects.in_bulk({row.parent_code for row in rows if row.parent_code})
    for row in sorted(rows, key=lambda row: LEVEL_ORDER.index(row.level)):
        new = NewRegion(row.code, row.name, row.name_en)
        if not row.parent_code:
            parents[row.code] = Region.objects.create(
                code=row.code, name=row.name, name_en=row.name_en, level=row.level, active_from=year
            )
        else:
            parents[row.code] = started(
                new, parent=parents[row.parent_code], level=row.level, year=year
            )


def _recorded(user, diff: CodesDiff, year: int, reason: str) -> None:
    """One RegionChange per kind of change, and one audit event for them all."""
    changes = []
    for kind, sources, targets in (
        (ChangeKind.CREATE, [], [row.code for row in diff.new]),
        (
            ChangeKind.RENAME,
            [i.region.code for i in diff.renamed],
            [i.region.code for i in diff.renamed],
        ),
        (ChangeKind.RETIRE, [region.code for region in diff.missing], []),
    ):
        if sources or targets:
            changes.append(recorded(user, kind, year, sources, targets, reason, audit=False))
    audit_record(
        action=Action.REGIONS_CHANGED,
        user=user,
        details={
            "kind": "codes",
            "year": year,
            "reason": reason.strip(),
            "created": [row.code for row in diff.new],
            "renamed": [item.region.code for item in diff.renamed],
            "retired": [region.code for region in diff.missing],
            "unchanged": diff.unchanged,
            "changes": [change.pk for change in changes],
        },
    )
