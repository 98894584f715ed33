"""A whole catalogue imported from TOML (the export's format), after a preview.

The import makes the catalogue the text's, through the same checks as an edit, with
one difference: an indicator the text leaves out is deleted only while it has no
figures or targets. One that has them is kept, and retired from the year after its
latest figure (unless it is retired already), so that nothing entered is lost and
nothing of earlier years changes; the preview says so. A unit change cannot come
through an import (it needs a conversion: the indicator's own page or the API), and
narrower bounds that leave figures outside need ``confirm_outside``, as an edit does.

The preview is the import itself, run in a transaction that is rolled back: what it
shows is what the import would do, refusals included.
"""

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Max
from django.utils.translation import gettext as _

from indicators.catalogue.years import current_year
from indicators.support.dry_run import dry_run

from ..models import CatalogueRule, CatalogueVersion, DataValue, Indicator, Section
from .changes import (
    indicator_write,
    require_everywhere,
    require_scope,
    rules_moved,
    saved,
    versioned,
)
from .diff import CatalogueDiff, catalogue_diff
from .fields import SMALLINT
from .names import names_check
from .refused import CatalogueRefused
from .safety import has_figures
from .toml_io import Catalogue, catalogue_parse, current_catalogue

AnyUser = User | AnonymousUser


def _retire_year(code: str) -> int:
    """The year after the latest figure; this year when there are only targets."""
    latest = DataValue.objects.filter(indicator_id=code).aggregate(n=Max("report__year"))["n"]
    return latest + 1 if latest is not None else current_year()


def _planned(current: Catalogue, new: Catalogue) -> tuple[Catalogue, dict]:
    """The catalogue the import makes: the text's, and the indicators it leaves out that
    have figures, kept and retired (with their sections). Notes say what happens."""
    planned = Catalogue(dict(new.sections), dict(new.indicators), dict(new.rules))
    notes = {}
    for code, state in current.indicators.items():
        if code in new.indicators:
            continue
        if not has_figures(code):
            notes[("indicator", code)] = _("没有数字或目标，将删除。")
            continue
        kept = dict(state)
        if kept["retired_from"] is None:
            kept["retired_from"] = _retire_year(code)
            notes[("indicator", code)] = _(
                "目录文件中没有这项指标，但它已有数字或目标：不删除，自 %(year)s 年起停用。"
            ) % {"year": kept["retired_from"]}
        planned.indicators[code] = kept
        section = kept["section_id"]
        if section not in planned.sections:
            planned.sections[section] = current.sections[section]
    numbers = {}
    for code, state in planned.sections.items():
        if state["number"] in numbers:
            raise CatalogueRefused(
                "duplicate_number",
                _(
                    "报告部分 %(code)s 有保留的指标（已有数字），不能删除；"
                    "它的序号 %(n)s 与报告部分 %(other)s 重复。"
                )
                % {"code": code, "n": state["number"], "other": numbers[state["number"]]},
                field="number",
            )
        numbers[state["number"]] = code
    return planned, notes


def _sections_write(planned: Catalogue) -> None:
    """Sections created and changed; numbers that move step aside first (they are unique);
    a section the import drops steps aside until it is deleted at the end."""
    existing = {section.code: section for section in Section.objects.all()}
    aside = SMALLINT
    for code, section in existing.items():
        wanted = planned.sections.get(code)
        if wanted is None or wanted["number"] != section.number:
            saved(section, {"number": aside})
            aside -= 1
    for code, state in planned.sections.items():
        if code in existing:
            saved(existing[code], state)
        else:
            Section.objects.create(**state)


def _indicators_write(user, planned: Catalogue, confirm_outside: bool) -> list[dict]:
    extras = []
    existing = {i.code: i for i in Indicator.objects.select_for_update()}
    for code, state in planned.indicators.items():
        indicator = existing.get(code)
        if indicator is None:
            require_scope(user, state["scope_id"])
            Indicator.objects.create(**state)
            continue
        fields = {name: value for name, value in state.items() if getattr(indicator, name) != value}
        if fields:
            extras += indicator_write(
                user=user, indicator=indicator, fields=fields, confirm_outside=confirm_outside
            )
    return extras


def _rules_write(planned: Catalogue) -> bool:
    existing = {rule.code: rule for rule in CatalogueRule.objects.all()}
    changed = False
    for code, rule in existing.items():
        if code not in planned.rules:
            rule.delete()
            changed = True
    for code, state in planned.rules.items():
        rule = existing.get(code)
        if rule is None:
            CatalogueRule.objects.create(**state)
            changed = True
        elif any(getattr(rule, name) != value for name, value in state.items()):
            saved(rule, state)
            changed = True
    return changed


def _apply(user, text: str, confirm_outside: bool) -> tuple[Catalogue, dict, list[dict]]:
    """Make the catalogue the text's, in the caller's transaction."""
    new = catalogue_parse(text)
    current = current_catalogue()
    planned, notes = _planned(current, new)
    _sections_write(planned)
    extras = _indicators_write(user, planned, confirm_outside)
    rules_changed = _rules_write(planned)
    Indicator.objects.exclude(code__in=list(planned.indicators)).delete()
    Section.objects.exclude(code__in=list(planned.sections)).delete()
    names_check(current)  # a kept indicator's name against the text's (the preview too)
    if rules_changed:
        rules_moved()
    for kind, code in notes:
        if kind == "indicator" and code in planned.indicators:
            year = planned.indicators[code]["retired_from"]
            extras.append({"action": "kept_retired", "kind": kind, "code": code, "year": year})
    return current, notes, extras


def import_preview(text: str, *, user: AnyUser | None = None) -> CatalogueDiff:
    """What importing ``text`` would change, and nothing changed. A malformed text, or
    an import the rules refuse, raises :class:`CatalogueRefused` (``bad_toml`` with the
    line). Narrower bounds are shown with a note on how many figures fall outside."""
    if user is not None:
        require_everywhere(user)
    with dry_run():
        current, notes, extras = _apply(None, text, confirm_outside=True)
        after = current_catalogue()
    for extra in extras:
        if extra["action"] == "outside_confirmed":
            notes[("indicator", extra["code"])] = _(
                "新的合理范围之外已有 %(n)s 个数字：它们不会被修改，导入时需要确认。"
            ) % {"n": extra["figures"]}
    return catalogue_diff(current, after, notes)


def catalogue_import(
    *, user: AnyUser, text: str, reason: str, confirm_outside: bool = False
) -> CatalogueVersion:
    """Make the catalogue the text's, as one version; see the module's docstring."""

    def change():
        require_everywhere(user)
        _current, _notes, extras = _apply(user, text, confirm_outside)
        return extras

    return versioned(user, reason, change)
