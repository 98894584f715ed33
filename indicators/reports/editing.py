"""Editing a region's report template in the browser: who may, the checks, the versions.

A county or town saves its own version of one part (``01_industry`` …); the report
reads it from the next page load (``loader.resolve``). Every save is checked exactly
as the report reads templates (``syntax.parse`` and ``loader.bind`` against the
catalogue): a template the report could not print is refused with its line, and
nothing is saved. Versions are never changed: restoring one saves its text again as
the newest. Each save is in the audit trail. A catalogue change that renames an
indicator or changes its unit saves each version naming it again, renamed
(``templates_renamed``, called by indicators/catalogue/follow.py).
"""

import difflib
import re
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from ..audit.events import audit_record
from ..audit.models import Action
from ..audit.reasons import ReasonRefused, reason_clean
from ..models import Indicator, Region, ReportTemplateVersion
from .facts import may_edit_facts
from .loader import Source, bind, default_texts, resolve
from .syntax import NOTE, SEPARATORS, UNIT_PREFIX, Template, TemplateError, parse

MAX_TEXT = 20_000  # characters of one part; the longest shipped part has about 3,000
MAX_REASON = 500
AUDIT_KIND = "report_template"  # details["kind"] of the audit event (Action.ADMIN_ACTION)


class EditError(ValueError):
    """A save that cannot be made; the message is for people, in Chinese."""


def may_edit_template(user, region: Region) -> bool:
    """The town's reviewer edits the town's template, the county official the county's.

    The same people who vouch for the town's own names (``may_edit_facts``): what the
    report says of their place.
    """
    return may_edit_facts(user, region)


def template_sources(region: Region) -> list[Source]:
    """Each part of the region's report: its text now, and where it comes from."""
    return resolve(region)


def template_source(region: Region, name: str) -> Source:
    """One part's text now; EditError for a name the report has no part of."""
    for source in resolve(region):
        if source.name == name:
            return source
    raise EditError(_("报告中没有“%(name)s”这一部分。") % {"name": name})


def normalised(text: str) -> str:
    """The text as saved: one kind of line end, no trailing spaces at its end."""
    return text.replace("\r\n", "\n").replace("\r", "\n").rstrip() + "\n"


def template_check(region: Region, name: str, text: str) -> Template:
    """The part's text read and bound as the report reads it; TemplateError otherwise."""
    if name not in default_texts(region.level):
        raise EditError(_("报告中没有“%(name)s”这一部分。") % {"name": name})
    if len(text) > MAX_TEXT:
        raise EditError(_("模板太长：最多 %(most)s 个字。") % {"most": MAX_TEXT})
    [part] = bind([parse(name, text)], list(Indicator.objects.in_report_order()))
    return part.template


def _reason(reason: str) -> str:
    try:
        return reason_clean(reason, most=MAX_REASON)
    except ReasonRefused as refused:
        raise EditError(refused.message) from None


def _save(
    user: User, region: Region, name: str, text: str, reason: str, *, restored: int | None
) -> ReportTemplateVersion:
    if not may_edit_template(user, region):
        raise PermissionDenied
    text = normalised(text)
    template_check(region, name, text)
    reason = _reason(reason)
    # One save at a time per region, so that "unchanged" compares with the real latest.
    Region.objects.select_for_update().filter(code=region.code).first()
    if text == template_source(region, name).text:
        raise EditError(_("模板没有改动，无需保存。"))
    extra = {"restored": restored} if restored is not None else {}
    return _recorded(user, region, name, text, reason, extra)


def _recorded(
    user: User | None, region: Region, name: str, text: str, reason: str, extra: dict
) -> ReportTemplateVersion:
    """The new version and its audit entry, in the caller's transaction, checks done."""
    person = user if user is not None and user.is_authenticated else None
    version = ReportTemplateVersion.objects.create(
        region=region,
        name=name,
        text=text,
        reason=reason,
        user=person,
        username=person.get_username() if person is not None else "",
    )
    details = {"kind": AUDIT_KIND, "region": region.code, "name": name, "reason": reason}
    audit_record(action=Action.ADMIN_ACTION, user=person, obj=version, details=details | extra)
    return version


@transaction.atomic
def template_save(
    user: User, region: Region, name: str, text: str, reason: str
) -> ReportTemplateVersion:
    """Save ``text`` as the region's newest version of the part.

    PermissionDenied unless the user may edit the region's template; TemplateError
    (the line and what is wrong) for a template the report could not read; EditError
    without a reason or when nothing changed. Nothing is saved on any of them.
    """
    return _save(user, region, name, text, reason, restored=None)


@transaction.atomic
def template_restore(
    user: User, version: ReportTemplateVersion, reason: str
) -> ReportTemplateVersion:
    """Save an old version's text again as the newest: it is checked like any save
    (the catalogue may have changed since)."""
    return _save(user, version.region, version.name, version.text, reason, restored=version.pk)


@dataclass(frozen=True)
class Renamed:
    """An indicator's name and unit before and after a catalogue change."""

    old_name: str
    old_unit: str
    new_name: str
    new_unit: str


FIGURE = re.compile(r"【(?P<inner>[^】]*)】")


def figures_renamed(text: str, renamed: list[Renamed]) -> str:
    """``text`` with each figure 【old name…】old unit written 【new name…】new unit ("余"
    and the phrases kept), all renames at once; note lines are left as they are."""
    by_name: dict[str, list[Renamed]] = {}
    for change in renamed:
        by_name.setdefault(change.old_name, []).append(change)
    lines = []
    for line in text.split("\n"):
        if not line.strip().startswith(NOTE):
            line = _line_renamed(line, by_name)
        lines.append(line)
    return "\n".join(lines)


def _line_renamed(line: str, by_name: dict[str, list[Renamed]]) -> str:
    pieces, position = [], 0
    for match in FIGURE.finditer(line):
        inner = match.group("inner")
        name = SEPARATORS.split(inner)[0].strip()
        after = line[match.end() :]
        for change in by_name.get(name, ()):
            about = UNIT_PREFIX if after.startswith(UNIT_PREFIX + change.old_unit) else ""
            if not after.startswith(about + change.old_unit):
                continue
            pieces += [
                line[position : match.start()],
                f"【{inner.replace(name, change.new_name, 1)}】{about}{change.new_unit}",
            ]
            position = match.end() + len(about + change.old_unit)
            break
    return "".join(pieces) + line[position:]


def templates_renamed(*, user: User, renamed: list[Renamed], reason: str) -> list:
    """Each region's current version of each part that names a renamed indicator, saved
    again as the newest with its figures renamed (``figures_renamed``), in the caller's
    transaction: the catalogue change that renamed them, whose rights were checked
    (a 管理员's). A version that does not read for another reason is saved renamed
    all the same: the report prints the default for it until its editor fixes it."""
    if not renamed:
        return []
    saved = []
    names = {change.old_name for change in renamed}
    current = ReportTemplateVersion.objects.current().select_related("region").order_by("id")
    for version in current:
        if not any(name in version.text for name in names):
            continue
        text = figures_renamed(version.text, renamed)
        if text != version.text:
            extra = {"follows": version.pk}
            saved.append(_recorded(user, version.region, version.name, text, reason, extra))
    return saved


def template_versions(region: Region, name: str):
    """The region's own saved versions of the part, newest first."""
    return ReportTemplateVersion.objects.filter(region=region, name=name).order_by("-id")


@dataclass(frozen=True)
class DiffRow:
    """One line of a side-by-side comparison; a number is None where that side has none."""

    kind: str  # "equal", "changed", "removed", "added", "skipped"
    old_number: int | None
    old: str
    new_number: int | None
    new: str


def template_diff(old: str, new: str, *, context: int = 3) -> list[DiffRow]:
    """The two texts side by side: changed lines paired, ``context`` unchanged lines
    around each change, a "skipped" row for each run of unchanged lines left out."""
    old_lines, new_lines = old.splitlines(), new.splitlines()
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    rows: list[DiffRow] = []
    shown_to = 0  # old lines up to here are in ``rows`` or skipped before
    for group in matcher.get_grouped_opcodes(context):
        if group[0][1] > shown_to:
            rows.append(DiffRow("skipped", None, "", None, ""))
        shown_to = group[-1][2]
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                rows += [
                    DiffRow("equal", i + 1, old_lines[i], j + 1, new_lines[j])
                    for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
                ]
                continue
            for offset in range(max(i2 - i1, j2 - j1)):
                i, j = i1 + offset, j1 + offset
                has_old, has_new = i < i2, j < j2
                kind = "changed" if has_old and has_new else "removed" if has_old else "added"
                rows.append(
                    DiffRow(
                        kind,
                        i + 1 if has_old else None,
                        old_lines[i] if has_old else "",
                        j + 1 if has_new else None,
                        new_lines[j] if has_new else "",
                    )
                )
    if rows and shown_to < len(old_lines):
        rows.append(DiffRow("skipped", None, "", None, ""))
    return rows


__all__ = [
    "DiffRow",
    "EditError",
    "Renamed",
    "TemplateError",
    "figures_renamed",
    "may_edit_template",
    "normalised",
    "template_check",
    "template_diff",
    "template_restore",
    "template_save",
    "template_source",
    "template_sources",
    "template_versions",
    "templates_renamed",
]
