"""Table rows of the province and prefecture pages, rendered in Python.

A province overview holds ~800 figures; one template tag per cell cost more than
the page's queries, so a row is joined here from the same ``cell`` markup.
"""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from .dashboard import cell

register = template.Library()


def _figure(value) -> str:
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
def regional_row(link: str, row: list) -> str:
    """A row: the region's name (a link down when there is one), then its cells."""
    name, *cells = row
    if link:
        first = format_html(
            '<td class="name"><a href="{}" title="{}">{}</a></td>', link, _("查看下级"), name
        )
    else:
        first = format_html('<td class="name">{}</td>', name)
    rest = format_html_join("", "{}", ((_figure(value),) for value in cells))
    return format_html("{}{}", first, rest)
