"""The audit trail as its page reads it: the pages run no query themselves
(tests/architecture/test_pages_without_orm.py)."""

from collections.abc import Iterator
from datetime import date

from django.db.models import QuerySet

from .models import AuditEvent


def events_matching(
    *,
    who: str = "",
    action: str = "",
    since: date | None = None,
    until: date | None = None,
    address: str = "",
) -> QuerySet[AuditEvent]:
    """The entries the page's filters select, newest first, unevaluated: the page
    pages through them or streams them as CSV."""
    return AuditEvent.objects.matching(
        who=who, action=action, since=since, until=until, address=address
    )


def events_in_chunks(events: QuerySet[AuditEvent], size: int = 2000) -> Iterator[AuditEvent]:
    """The entries read ``size`` at a time, none kept: an export of the whole trail
    streams in constant memory."""
    return events.iterator(chunk_size=size)
