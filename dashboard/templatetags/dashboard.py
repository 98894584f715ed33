from html import escape

from django import template
from django.utils.html import conditional_escape
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


def _td(value) -> str:
    """A table cell as HTML: a label, or a figure with "—" when missing, a mark when
    unapproved, and its n/N mark when it adds up only some towns.

    Plain string building with ``html.escape``: a section page holds thousands of
    figures, and Django's ``format_html`` per cell cost more than the page's queries.
    """
    if not isinstance(value, Number):
        return f"<td>{conditional_escape(value)}</td>"
    text = escape(value.text)
    if value.partial:
        star = "<sup>*</sup>" if value.unapproved else ""
        return (
            f'<td class="num partial{" unapproved" if value.unapproved else ""}" '
            f'title="{escape(value.note)}">{text}{star}'
            f'<sup class="partial-mark">{escape(value.partial)}</sup></td>'
        )
    classes = "num"
    if value.tone:
        classes += f" tone-{escape(value.tone)}"
    if value.exact is None:
        return f'<td class="{classes} missing">{text}</td>'
    if value.unapproved:
        title = escape(_("未审核"))
        return f'<td class="{classes} unapproved" title="{title}">{text}<sup>*</sup></td>'
    return f'<td class="{classes}">{text}</td>'


@register.simple_tag
def cell(value):
    """A table cell: a label, or a figure with "—" when missing and a mark when unapproved."""
    return mark_safe(_td(value))


@register.simple_tag
def table_row(table, number: int, link: str, row: list) -> str:
    """A table's row in one call: the name (a link to its page where it has one), then
    its cells; a note too long for its cell points under the table."""
    name, *cells = row
    name = conditional_escape(name)
    if link:
        first = f'<td class="name"><a href="{escape(link)}">{name}</a></td>'
    else:
        first = f'<td class="name">{name}</td>'
    note = ""
    if table.notes and number in table.long_note_rows:
        note = (
            f'<td class="note-ref"><a href="#note-{escape(table.key)}-{number}">'
            f"{escape(_('见表下注'))}</a></td>"
        )
        cells = cells[:-1]
    return mark_safe(first + "".join(_td(value) for value in cells) + note)


@register.filter
def shown_status(status, user):
    """``status|shown_status:user``: see :func:`indicators.accounts.access.shown_status`."""
    return access.shown_status(user or None, status)
