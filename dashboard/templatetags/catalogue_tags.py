"""Template helpers of the catalogue pages, and the menu's 指标目录 link."""

from decimal import Decimal

from django import template

from indicators.accounts.access import may_edit_catalogue as _may_edit_catalogue

register = template.Library()


@register.filter
def may_edit_catalogue(user) -> bool:
    """{% if user|may_edit_catalogue %}: the 管理员 sees the 指标目录 link."""
    return _may_edit_catalogue(user)


@register.filter
def plain(value) -> str:
    """A bound as typed: 100000 rather than 100000.0000 or 1E+5."""
    if value is None or value == "":
        return ""
    return f"{Decimal(value).normalize():f}"
