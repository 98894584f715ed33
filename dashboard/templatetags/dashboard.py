from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from dashboard.tables import Number
from indicators.accounts import access

register = template.Library()


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """This page's query string with some parameters changed; an empty value removes one."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag
def cell(value):
    """A table cell: a label, or a figure with "—" when missing and a mark when unapproved."""
    if not isinstance(value, Number):
        return format_html("<td>{}</td>", value)
    classes = ["num"]
    if value.tone:
        classes.append(f"tone-{value.tone}")
    if value.exact is None:
        classes.append("missing")
    if value.unapproved and value.exact is not None:
        return format_html(
            '<td class="{} unapproved" title="{}">{}<sup>*</sup></td>',
            " ".join(classes),
            _("未审核"),
            value.text,
        )
    return format_html('<td class="{}">{}</td>', " ".join(classes), value.text)


@register.filter
def shown_status(status, user):
    """``status|shown_status:user``: see :func:`indicators.accounts.access.shown_status`."""
    return access.shown_status(user or None, status)
