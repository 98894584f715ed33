"""Incident ids: a short random id for each 500, shown to the user and written to the log.

The user reads the id to the administrator over the phone; the administrator finds
the traceback with it (grep the log). Pages get it from dashboard.errors.server_error
(handler500), the API from indicators.api.exceptions; both call ``incident_of``.
"""

import logging
import secrets

ATTRIBUTE = "incident_id"


def incident_of(request) -> str:
    """The request's incident id, made on first use: 8 hex digits, one per request.

    Kept on Django's HttpRequest, also when given DRF's Request that wraps it.
    """
    request = getattr(request, "_request", request)
    incident = getattr(request, ATTRIBUTE, None)
    if incident is None:
        incident = secrets.token_hex(4)
        if request is not None:
            setattr(request, ATTRIBUTE, incident)
    return incident


class IncidentFilter(logging.Filter):
    """Adds the incident id to django.request's "Internal Server Error" line.

    Django logs that line, with the traceback, after handler500 has answered, so
    the request already carries the id the user was shown.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        incident = getattr(request, ATTRIBUTE, None)
        if incident and not getattr(record, ATTRIBUTE, None):
            record.incident_id = incident
            record.msg = f"[incident {incident}] {record.msg}"
        return True
