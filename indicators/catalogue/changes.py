"""What every catalogue change shares: the rights, the version it records, and the
checked write of one indicator (the pages, the API and the import all come here)."""

from collections.abc import Callable, Mapping
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from indicators.accounts import access
from indicators.derived.stamps import EVERYWHERE, KINDS, stamp_moved

from ..models import CatalogueRule, CatalogueVersion, Indicator, Region, Section
from .conversion import (
    Conversion,
    bounds_rescaled,
    conversion_clean,
    conversion_plan,
    conversion_write,
    rescaled,
    unit_check,
)
from .diff import catalogue_diff
from .fields import SMALLINT, indicator_clean, indicator_state, reason_clean
from .follow import sentence_followed, templates_follow
from .names import names_check
from .refused import CatalogueRefused
from .safety import (
    active_check,
    aggregation_check,
    bounds_check,
    code_check,
    decimals_check,
    figures_outside,
    has_figures,
    retire_check,
    scope_figures_check,
)
from .toml_io import catalogue_parse, catalogue_toml, current_catalogue
from .versions import version_record

AnyUser = User | AnonymousUser


# --- rights and the version of each change


def _forbidden(message: str) -> CatalogueRefused:
    return CatalogueRefused("forbidden", message)


def require_editor(user: AnyUser) -> None:
    if not access.may_edit_catalogue(user):
        raise _forbidden(_("只有管理员可以修改指标目录。"))


def require_everywhere(user: AnyUser) -> None:
    """Sections, shared rules and whole imports: a 管理员 of the whole installation."""
    own = access.own_region(user)
    if own is not None:
        raise _forbidden(
            _(
                "报告部分、校验规则和整个目录的导入由负责全部地区的管理员维护；"
                "您的账号只能修改适用于%(region)s的指标。"
            )
            % {"region": own.name}
        )


def require_scope(user: AnyUser, scope: str | None) -> None:
    own = access.own_region(user)
    if own is None:
        return
    if scope is None or not own.contains(Region(code=scope)):
        raise _forbidden(
            _("您只能添加和修改适用于%(region)s（及其下级）的指标。") % {"region": own.name}
        )


def versioned(user: AnyUser, reason: str, change: Callable[[], list | None]) -> CatalogueVersion:
    """Run ``change`` in one transaction and record it as a version; nothing on refusal.

    Whatever the change, no two indicators end up with one name, and the regions'
    saved report templates follow a new name or unit (``follow.templates_follow``).
    """
    require_editor(user)
    reason = reason_clean(reason)
    with transaction.atomic():
        # Catalogue changes queue here (PostgreSQL): a version's "before" is the last "after".
        list(Section.objects.select_for_update().order_by("number").values_list("code", flat=True))
        before = current_catalogue()
        extras = change() or []
        names_check(before)
        snapshot = catalogue_toml()
        after = catalogue_parse(snapshot, check=False)
        diff = catalogue_diff(before, after)
        if diff.is_empty and not extras:
            raise CatalogueRefused("unchanged", _("没有任何修改。"))
        version = version_record(
            user=user, reason=reason, changes=diff.as_changes() + extras, snapshot=snapshot
        )
        followed = templates_follow(version, user, before, after)
        if followed:
            version.changes = [*version.changes, *followed]
            version.save(update_fields=["changes"])
        return version


def sections_known() -> set[str]:
    return set(Section.objects.values_list("code", flat=True))


def next_order(section: str, leave_out: str | None = None) -> int:
    found = Indicator.objects.filter(section_id=section).exclude(code=leave_out)
    return (found.aggregate(n=Max("order"))["n"] or 0) + 1


def indicator_locked(code: str) -> Indicator:
    indicator = Indicator.objects.select_for_update().filter(code=code).first()
    if indicator is None:
        raise CatalogueRefused("unknown", _("没有代码为“%(code)s”的指标。") % {"code": code})
    return indicator


def duplicate(code: str) -> CatalogueRefused:
    return CatalogueRefused(
        "duplicate_code", _("已有代码为“%(code)s”的指标。") % {"code": code}, field="code"
    )


def saved(instance, state: dict) -> None:
    changed = [name for name, value in state.items() if getattr(instance, name) != value]
    for name in changed:
        setattr(instance, name, state[name])
    if changed:
        instance.save(update_fields=changed)


def indicator_write(
    *,
    user: AnyUser,
    indicator: Indicator,
    fields: Mapping,
    conversion: Decimal | None = None,
    confirm_outside: bool = False,
    retire_field: str = "retired_from",
) -> list[dict]:
    """Check and save a change of one indicator, in the caller's transaction; the
    conversion of its figures when the unit changes. Returns what a version records
    besides the catalogue's own differences. (The import calls it too.)"""
    code = indicator.code
    before = indicator_state(indicator)
    require_scope(user, before["scope_id"])
    factor = conversion_clean(conversion) if conversion not in (None, "") else None
    raw = bounds_rescaled(fields, before, factor) if factor is not None else dict(fields)
    figures = has_figures(code)
    after = _after_checked(user, code, before, raw, factor=factor, figures=figures)
    retire_check(code, before, after, field=retire_field)
    active_check(code, before, after)
    aggregation_check(code, before, after)
    plan = None
    if factor is not None and figures:
        plan = conversion_plan(code, before["name"], factor, after)
    outside = _outside_checked(code, before, after, plan, confirm_outside)
    extras = _indicator_saved(user, indicator, after, plan)
    if outside:
        extras.append(
            {
                "action": "outside_confirmed",
                "kind": "indicator",
                "code": after["code"],
                "name": after["name"],
                "figures": len(outside),
            }
        )
    return extras


def _after_checked(
    user: AnyUser, code: str, before: dict, raw: dict, *, factor: Decimal | None, figures: bool
) -> dict:
    """The indicator's new state: its fields checked, its code, unit, order and scope."""
    after = indicator_clean(raw, before, sections=sections_known())
    # The sentence's XX is followed by the unit the figure is printed in.
    after["source_sentence"] = sentence_followed(
        after["source_sentence"], before["unit"], after["unit"]
    )
    require_scope(user, after["scope_id"])
    code_check(before, after, figures)
    if after["code"] != code and Indicator.objects.filter(code=after["code"]).exists():
        raise duplicate(after["code"])
    unit_check(before, after, factor, figures)
    if after["order"] is None:
        after["order"] = before["order"]
    if after["section_id"] != before["section_id"] and "order" not in raw:
        after["order"] = next_order(after["section_id"], leave_out=code)
    scope_figures_check(code, before, after)
    return after


def _outside_checked(
    code: str, before: dict, after: dict, plan: Conversion | None, confirm_outside: bool
) -> list[dict]:
    """The figures (converted ones, with a conversion) that new narrower bounds leave
    outside, refused unless confirmed; and the decimals kept, without a conversion."""
    if plan is not None:
        scaled = {
            **before,
            "min_value": rescaled(before["min_value"], plan.factor, ROUND_FLOOR),
            "max_value": rescaled(before["max_value"], plan.factor, ROUND_CEILING),
        }
        outside = _converted_outside(plan.values, after)
        bounds_check(scaled, after, outside, confirm_outside)
        return outside
    decimals_check(code, before, after)
    narrower = after["min_value"] > before["min_value"] or after["max_value"] < before["max_value"]
    outside = figures_outside(code, after["min_value"], after["max_value"]) if narrower else []
    bounds_check(before, after, outside, confirm_outside)
    return outside


def _indicator_saved(
    user: AnyUser, indicator: Indicator, after: dict, plan: Conversion | None
) -> list[dict]:
    """Save the new state (a new code renames); a conversion writes its figures."""
    if after["code"] != indicator.code:
        _renamed(indicator, after)
    elif plan is not None:
        saved(indicator, after)
        written = conversion_write(user=user, indicator=indicator, conversion=plan)
        saved(indicator, {"min_value": after["min_value"], "max_value": after["max_value"]})
        return [written]
    else:
        saved(indicator, after)
    return []


def _converted_outside(values: list, after: dict) -> list[dict]:
    """The converted figures outside the new bounds, as :func:`figures_outside` lists them."""
    low, high = after["min_value"], after["max_value"]
    found = [(town, year, value) for town, year, value in values if not low <= value <= high]
    names = dict(
        Region.objects.filter(code__in={town for town, _y, _v in found}).values_list("code", "name")
    )
    quantum = Decimal(1).scaleb(-after["decimals"])
    return [
        {
            "region": town,
            "region_name": names.get(town, ""),
            "year": year,
            "value": f"{value.quantize(quantum):f}",
        }
        for town, year, value in sorted(found)
    ]


def _renamed(indicator: Indicator, after: dict) -> None:
    """A new code for an indicator without figures: a new row, its rules moved to it."""
    old = indicator.code
    Indicator.objects.create(**after)
    CatalogueRule.objects.filter(indicator_id=old).update(indicator_id=after["code"])
    CatalogueRule.objects.filter(other_id=old).update(other_id=after["code"])
    indicator.delete()


def numbers_set(sections: dict[str, Section], numbers: dict[str, int]) -> None:
    """New numbers without breaking their uniqueness on the way: the moving sections
    step aside to the top of the range first."""
    moving = [code for code, number in numbers.items() if sections[code].number != number]
    for offset, code in enumerate(moving):
        saved(sections[code], {"number": SMALLINT - offset})
    for code in moving:
        saved(sections[code], {"number": numbers[code]})


def rules_moved() -> None:
    # Rules are not Indicator or Section rows: their signals do not move the stamps.
    for kind in KINDS:
        stamp_moved(kind, [EVERYWHERE])
