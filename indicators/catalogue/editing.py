"""The catalogue editing service: every change of sections, indicators and rules, from
the pages, the API or an import.

Each function checks the right (:func:`indicators.accounts.access.may_edit_catalogue`), a
non-blank reason and every field; runs in one transaction; and records one
:class:`~indicators.models.CatalogueVersion` (who, when, why, what changed, the whole
catalogue after it) and one audit entry (``catalogue_changed``). The ETag stamps of
every province move with the saved rows (indicators.derived.stamps' signals on Indicator and
Section; rules move them here). A refusal is a :class:`CatalogueRefused` and changes
nothing.

Scope: a 管理员 whose profile names a region adds and changes only the indicators
scoped inside that region (a new one is scoped to it by default); sections, rules
about other indicators and imports of the whole catalogue are for a 管理员 of the
whole installation (no region).
"""

from collections.abc import Mapping
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser, User
from django.utils.translation import gettext as _

from indicators.accounts import access
from indicators.catalogue import years

from ..models import CatalogueRule, CatalogueVersion, Indicator, Section
from .changes import (
    duplicate,
    indicator_locked,
    indicator_write,
    next_order,
    numbers_set,
    require_everywhere,
    require_scope,
    rules_moved,
    saved,
    sections_known,
    versioned,
)
from .diff import CatalogueDiff, DiffEntry
from .fields import (
    RULE_FIELDS,
    SECTION_FIELDS,
    indicator_clean,
    rule_clean,
    section_clean,
    year_clean,
)
from .importing import catalogue_import, import_preview
from .refused import CatalogueRefused
from .safety import figures_outside, has_figures
from .toml_io import catalogue_toml
from .versions import versions_diff

__all__ = [
    "CatalogueDiff",
    "CatalogueRefused",
    "DiffEntry",
    "catalogue_import",
    "catalogue_toml",
    "figures_outside",
    "has_figures",
    "import_preview",
    "indicator_add",
    "indicator_change",
    "indicator_retire",
    "indicators_reorder",
    "rule_delete",
    "rule_save",
    "section_add",
    "section_change",
    "sections_reorder",
    "versions_diff",
]

AnyUser = User | AnonymousUser


# --- indicators


def indicator_add(*, user: AnyUser, fields: Mapping, reason: str) -> CatalogueVersion:
    """A new indicator, reported from ``active_from`` on: this year unless the fields
    say another (None: every year, earlier ones included)."""

    def change():
        raw = dict(fields)
        own = access.own_region(user)
        if own is not None and "scope_id" not in raw and "scope" not in raw:
            raw["scope_id"] = own.code  # a county's 管理员 adds the county's own indicators
        if "active_from" not in raw:
            # Reported from the year in progress: earlier years never asked for it.
            raw["active_from"] = years.current_year()
        state = indicator_clean(raw, sections=sections_known())
        require_scope(user, state["scope_id"])
        if Indicator.objects.filter(code=state["code"]).exists():
            raise duplicate(state["code"])
        if state["order"] is None:
            state["order"] = next_order(state["section_id"])
        Indicator.objects.create(**state)

    return versioned(user, reason, change)


def indicator_change(
    *,
    user: AnyUser,
    code: str,
    fields: Mapping,
    reason: str,
    conversion: Decimal | None = None,
    confirm_outside: bool = False,
) -> CatalogueVersion:
    """Change an indicator's fields (only those given). ``conversion``: with a unit
    change on an indicator with figures, new figure = old figure × conversion.
    ``confirm_outside``: narrower bounds may leave figures outside them."""

    def change():
        return indicator_write(
            user=user,
            indicator=indicator_locked(code),
            fields=fields,
            conversion=conversion,
            confirm_outside=confirm_outside,
        )

    return versioned(user, reason, change)


def indicator_retire(
    *, user: AnyUser, code: str, from_year: int | None, reason: str
) -> CatalogueVersion:
    """Hide the indicator from forms and templates from ``from_year`` on; None restores it.
    Earlier years keep it everywhere."""

    def change():
        year = year_clean("indicator", "from_year", from_year)
        return indicator_write(
            user=user,
            indicator=indicator_locked(code),
            fields={"retired_from": year},
            retire_field="from_year",
        )

    return versioned(user, reason, change)


def indicators_reorder(
    *, user: AnyUser, section: str, codes: list[str], reason: str
) -> CatalogueVersion:
    """The section's indicators in this order; ``codes`` lists each of them once."""

    def change():
        if not Section.objects.filter(code=section).exists():
            raise CatalogueRefused(
                "unknown_section",
                _("没有代码为“%(code)s”的报告部分。") % {"code": section},
                field="section",
            )
        indicators = {i.code: i for i in Indicator.objects.filter(section_id=section)}
        if not isinstance(codes, list | tuple) or sorted(map(str, codes)) != sorted(indicators):
            raise CatalogueRefused(
                "bad_value", _("新顺序应列出本部分的每个指标，且每个只列一次。"), field="codes"
            )
        for position, code in enumerate(codes, 1):
            indicator = indicators[code]
            if indicator.order != position:
                require_scope(user, indicator.scope_id)
                saved(indicator, {"order": position})

    return versioned(user, reason, change)


# --- sections


def _section(code: str) -> Section:
    section = Section.objects.filter(code=code).first()
    if section is None:
        raise CatalogueRefused("unknown", _("没有代码为“%(code)s”的报告部分。") % {"code": code})
    return section


def _number_taken(number: int, code: str) -> None:
    other = Section.objects.filter(number=number).exclude(code=code).first()
    if other is not None:
        raise CatalogueRefused(
            "duplicate_number",
            _("序号 %(n)s 已被报告部分“%(name)s”使用。") % {"n": number, "name": other.short_name},
            field="number",
        )


def section_add(*, user: AnyUser, fields: Mapping, reason: str) -> CatalogueVersion:
    def change():
        require_everywhere(user)
        state = section_clean(fields)
        if Section.objects.filter(code=state["code"]).exists():
            raise CatalogueRefused(
                "duplicate_code",
                _("已有代码为“%(code)s”的报告部分。") % {"code": state["code"]},
                field="code",
            )
        _number_taken(state["number"], state["code"])
        Section.objects.create(**state)

    return versioned(user, reason, change)


def section_change(*, user: AnyUser, code: str, fields: Mapping, reason: str) -> CatalogueVersion:
    def change():
        require_everywhere(user)
        section = _section(code)
        before = {name: getattr(section, name) for name in SECTION_FIELDS}
        after = section_clean(fields, before)
        if after["code"] != code:
            raise CatalogueRefused("code_fixed", _("报告部分的代码不能修改。"), field="code")
        _number_taken(after["number"], code)
        saved(section, after)

    return versioned(user, reason, change)


def sections_reorder(*, user: AnyUser, codes: list[str], reason: str) -> CatalogueVersion:
    """Number the sections 1, 2, … in this order; ``codes`` lists each section once."""

    def change():
        require_everywhere(user)
        sections = {s.code: s for s in Section.objects.all()}
        if not isinstance(codes, list | tuple) or sorted(map(str, codes)) != sorted(sections):
            raise CatalogueRefused(
                "bad_value", _("新顺序应列出每个报告部分，且每个只列一次。"), field="codes"
            )
        numbers_set(sections, {code: position for position, code in enumerate(codes, 1)})

    return versioned(user, reason, change)


# --- rules


def _rule_scope(user: AnyUser, state: dict | None) -> None:
    """A regional 管理员's rule names only indicators of their region."""
    if state is None or access.own_region(user) is None:
        return
    codes = [code for code in (state["indicator_id"], state["other_id"]) if code]
    if not codes:
        require_everywhere(user)
    for scope in Indicator.objects.filter(code__in=codes).values_list("scope_id", flat=True):
        require_scope(user, scope)


def rule_save(*, user: AnyUser, code: str, fields: Mapping, reason: str) -> CatalogueVersion:
    """Create the rule ``code``, or change it."""

    def change():
        rule = CatalogueRule.objects.select_for_update().filter(code=code).first()
        before = {name: getattr(rule, name) for name in RULE_FIELDS} if rule else None
        raw = dict(fields)
        if rule is not None and raw.get("code", code) != code:
            raise CatalogueRefused("code_fixed", _("规则的代码不能修改。"), field="code")
        raw["code"] = code
        indicators = set(Indicator.objects.values_list("code", flat=True))
        after = rule_clean(raw, before, indicators=indicators)
        _rule_scope(user, before)
        _rule_scope(user, after)
        if rule is None:
            CatalogueRule.objects.create(**after)
        else:
            saved(rule, after)
        rules_moved()

    return versioned(user, reason, change)


def rule_delete(*, user: AnyUser, code: str, reason: str) -> CatalogueVersion:
    def change():
        rule = CatalogueRule.objects.filter(code=code).first()
        if rule is None:
            raise CatalogueRefused("unknown", _("没有代码为“%(code)s”的规则。") % {"code": code})
        _rule_scope(user, {"indicator_id": rule.indicator_id, "other_id": rule.other_id})
        rule.delete()
        rules_moved()

    return versioned(user, reason, change)
