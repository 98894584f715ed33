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


def export_recorded(request, *, what: str, fmt: str, rows: int | None = None) -> AuditEvent | None:
    """Record a download of figures by a signed-in user, who may read non-public ones.

    Anonymous visitors download public, approved figures only, which are not audited.
    ``request`` may be Django's or DRF's (whose ``user`` is the token's user).
    """
    if not request.user.is_authenticated:
        return None
    return audit_record(
        action=Action.EXPORT,
        user=request.user,
        request=request,
        details={"what": what, "format": fmt, "rows": rows, "query": request.GET.dict()},
    )
