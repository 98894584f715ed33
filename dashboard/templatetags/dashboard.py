from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
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


def _figure_cell(value) -> str:
    """A figure's cell; one adding up only some towns carries its n/N mark."""
    if not getattr(value, "partial", ""):
        return cell(value)
    return format_html(
        '<td class="num partial{}" title="{}">{}{}<sup class="partial-mark">{}</sup></td>',
        " unapproved" if value.unapproved else "",
        value.note,
        value.text,
        mark_safe("<sup>*</sup>") if value.unapproved else "",
        value.partial,
    )


@register.simple_tag
def table_row(table, number: int, link: str, row: list) -> str:
    """A table's row in one call: the name (a link to its page where it has one), then
    its cells; a note too long for its cell points under the table.

    A section page holds thousands of figures; one template tag per cell cost more
    than the page's queries.
    """
    name, *cells = row
    if link:
        first = format_html('<td class="name"><a href="{}">{}</a></td>', link, name)
    else:
        first = format_html('<td class="name">{}</td>', name)
    if table.notes and number in table.long_note_rows:
        note = format_html(
            '<td class="note-ref"><a href="#note-{}-{}">{}</a></td>',
            table.key,
            number,
            _("见表下注"),
        )
        cells = cells[:-1]
    else:
        note = ""
    rest = format_html_join("", "{}", ((_figure_cell(value),) for value in cells))
    return format_html("{}{}{}", first, rest, note)


@register.filter
def shown_status(status, user):
    """``status|shown_status:user``: see :func:`indicators.accounts.access.shown_status`."""
    return access.shown_status(user or None, status)
