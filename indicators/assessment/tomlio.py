"""Schemes to and from TOML: tomllib reads; the writer is ours, for a known shape."""

import tomllib
from decimal import Decimal

from django.utils.translation import gettext as _

from .spec import Item, Scheme, SchemeInvalid, scheme_from_dict


def scheme_load(text: str, indicators: dict) -> Scheme:
    """The scheme written in ``text``, checked; SchemeInvalid with Chinese messages otherwise."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise SchemeInvalid([_("TOML 格式错误：%(error)s") % {"error": error}]) from None
    return scheme_from_dict(data, indicators)


def _value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        # TOML has no decimal type: a float literal read back by Decimal(str()) keeps it.
        text = f"{value.normalize():f}"
        return text
    if isinstance(value, int):
        return str(value)
    escaped = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


ITEM_DEFAULTS = Item(name="", indicator="", method="")


def _item_lines(item: Item) -> list[str]:
    lines = ["", "[[parts.items]]"]
    lines += [f"{key} = {_value(getattr(item, key))}" for key in ("name", "indicator", "method")]
    keys = ("weight", "cap", "lower_is_better", "last_share", "threshold", "per_unit", "floor")
    keys += ("ceiling", "reason", "missing")
    for key in keys:
        value = getattr(item, key)
        if value is not None and value != getattr(ITEM_DEFAULTS, key):
            lines.append(f"{key} = {_value(value)}")
    if item.veto_below is not None:
        lines.append(f"below = {_value(item.veto_below)}")
    if item.veto_above is not None:
        lines.append(f"above = {_value(item.veto_above)}")
    if item.bands:
        bands = ", ".join(
            f"{{ min = {_value(b.min)}, share = {_value(b.share)} }}" for b in item.bands
        )
        lines.append(f"bands = [{bands}]")
    return lines


def scheme_dump(scheme: Scheme) -> str:
    """The scheme as TOML that ``scheme_load`` reads back to an equal scheme."""
    lines = [f"title = {_value(scheme.title)}", f"year = {scheme.year}"]
    if scheme.total is None:
        lines.append("check_total = false")
    else:
        lines.append(f"total = {_value(scheme.total)}")
    lines += [f"missing = {_value(scheme.missing)}", f"ties = {_value(scheme.ties)}"]
    if scheme.notes:
        lines.append(f"notes = {_value(scheme.notes)}")
    lines += ["", "[grading]", f"veto_grade = {_value(scheme.veto_grade)}"]
    bands = ", ".join(
        f"{{ grade = {_value(g.name)}, min = {_value(g.min)} }}" for g in scheme.grades
    )
    lines.append(f"bands = [{bands}]")
    if scheme.quota_grade:
        lines.append(
            f"quota = {{ grade = {_value(scheme.quota_grade)}, "
            f"share = {_value(scheme.quota_share)} }}"
        )
    for part in scheme.parts:
        lines += ["", "[[parts]]", f"name = {_value(part.name)}", f"weight = {_value(part.weight)}"]
        for item in part.items:
            lines += _item_lines(item)
    return "\n".join(lines) + "\n"
