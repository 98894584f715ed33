"""An ADX message read into figures and written through the one write path."""

from dataclasses import replace

from django.contrib.auth.models import User
from django.utils.translation import gettext as _

from ...figures import FigureRow, ImportSummary, figures_import
from ...models import Source
from .mapping import Mapping
from .message import AdxValue, message_read


def adx_import(*, body: bytes, user: User, dry_run: bool) -> ImportSummary:
    """Read an ADX message and set its figures with :func:`figures_import`, source ADX.

    A message that cannot be read raises :class:`~.message.AdxInvalid` and nothing
    is written. Everything else is the write path's: the figure, rights, locks,
    duplicates (the same code twice in one message) and the rules, with its codes;
    a data element or org unit outside the mapping is ``unknown_indicator`` or
    ``unknown_region``, with a message that names the DHIS2 identifier.
    """
    mapping = Mapping.load()
    values = message_read(body, mapping)
    rows = [
        FigureRow(
            indicator=mapping.indicator_of(value.data_element, value.combo),
            region=mapping.region_of(value.org_unit),
            year=value.year,
            value=value.value,
            comment=value.comment,
        )
        for value in values
    ]
    summary = figures_import(rows=rows, user=user, source=Source.ADX, dry_run=dry_run)
    summary.conflicts = [
        _located(conflict, values[conflict.index]) for conflict in summary.conflicts
    ]
    return summary


def _located(conflict, value: AdxValue):
    """The conflict with the message's line and identifiers, for people and programs."""
    details = dict(conflict.details or {})
    details.update(line=value.line, dataElement=value.data_element, orgUnit=value.org_unit)
    if conflict.code == "unknown_indicator":
        message = _("第 %(line)s 行：数据元素 %(id)s 不在 ADX 对照表中。") % {
            "line": value.line,
            "id": value.data_element + (f"（{value.combo}）" if value.combo else ""),
        }
        return replace(conflict, indicator=value.data_element, message=message, details=details)
    if conflict.code == "unknown_region":
        message = _("第 %(line)s 行：组织机构 %(id)s 不在 ADX 对照表中。") % {
            "line": value.line,
            "id": value.org_unit,
        }
        return replace(conflict, region=value.org_unit, message=message, details=details)
    message = _("第 %(line)s 行：%(message)s") % {"line": value.line, "message": conflict.message}
    return replace(conflict, message=message, details=details)
