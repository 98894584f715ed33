"""Writing audit entries: one function every recorder calls."""

from collections.abc import Mapping

from django.contrib.auth.models import AnonymousUser, User
from django.db import models

from .context import client_address, current_request
from .models import Action, AuditEvent

MAX_REPR = AuditEvent._meta.get_field("object_repr").max_length


def audit_record(
    *,
    action: str,
    user: User | AnonymousUser | None = None,
    username: str = "",
    request=None,
    obj: models.Model | None = None,
    details: Mapping | None = None,
) -> AuditEvent:
    """Record one event. ``user`` defaults to the request's signed-in user and
    ``request`` to the one being served (:class:`~.context.CurrentRequestMiddleware`)."""
    request = request if request is not None else current_request()
    if user is None and request is not None:
        user = getattr(request, "user", None)
    if user is not None and not user.is_authenticated:
        user = None
    event = AuditEvent(
        action=action,
        user=user,
        username=user.get_username() if user is not None else username,
        address=client_address(request) if request is not None else None,
        details=dict(details or {}),
    )
    if obj is not None:
        event.object_type = obj._meta.label_lower
        event.object_id = str(obj.pk)
        event.object_repr = str(obj)[:MAX_REPR]
    event.save(force_insert=True)
    return event


def figures_recorded(*, user: User, source: str, summary, places: list) -> AuditEvent | None:
    """Record a write of figures that changed something (``summary``: an ImportSummary)."""
    if not summary.changed:
        return None
    return audit_record(
        action=Action.FIGURES_WRITTEN,
        user=user,
        details={
            "source": str(source),
            "created": summary.created,
            "updated": summary.updated,
            "deleted": summary.deleted,
            "places": [[code, year] for code, year in places],
        },
    )


def targets_recorded(*, user: User, summary) -> AuditEvent | None:
    if not summary.changed:
        return None
    return audit_record(
        action=Action.TARGETS_WRITTEN,
        user=user,
        details={
            "created": summary.created,
            "updated": summary.updated,
            "deleted": summary.deleted,
        },
    )


def move_recorded(
    *, user: User, report: models.Model, from_status: str, to_status: str, reason: str = ""
) -> AuditEvent:
    """Record one workflow move of ``report`` (as it is after the move)."""
    return audit_record(
        action=Action.REPORT_MOVED,
        user=user,
        obj=report,
        details={"from": from_status, "to": to_status, "reason": reason},
    )


def moves_recorded(*, user: User, moved: list, to_status: str, reason: str = "") -> AuditEvent:
    """Record a set-based move in one entry listing the reports, as a figures write
    lists its places; ``moved`` is (report after the move, its status before)."""
    return audit_record(
        action=Action.REPORT_MOVED,
        user=user,
        details={
            "to": to_status,
            "reason": reason,
            "reports": [[r.region_id, r.year, from_status] for r, from_status in moved],
        },
    )


def export_recorded(request, *, what: str, fmt: str, rows: int | None = None) -> AuditEvent:
    """Record a download of figures: a table, a list, a template or a report, by
    anyone, signed in or not (then without a user, with the address).

    Only files: pages and the API's JSON list pages are not recorded, so the read path
    stays one query cheaper. ``request`` may be Django's or DRF's (whose ``user`` is
    the token's user).
    """
    return audit_record(
        action=Action.EXPORT,
        request=request,
        details={"what": what, "format": fmt, "rows": rows, "query": request.GET.dict()},
    )


def refusal_recorded(request) -> AuditEvent:
    """Record a refused request (403): who, from where, which path."""
    path = "".join(c if c.isprintable() else "\ufffd" for c in request.path)[:500]
    return audit_record(
        action=Action.REFUSED,
        request=request,
        details={"method": request.method, "path": path},
    )
