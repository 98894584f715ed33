"""Refused requests (403) in the audit trail, whichever part of the product refused."""

import logging

from django.db import DatabaseError

from .events import refusal_recorded

logger = logging.getLogger(__name__)


class RefusalAuditMiddleware:
    """Records each answer with status 403 once: pages, the API, the admin, CSRF.

    Costs nothing on other answers. A refusal that cannot be recorded (the database
    is unavailable) is still answered, and logged.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 403:
            try:
                refusal_recorded(request)
            except DatabaseError:
                logger.exception("Refused request not audited: %s %s", request.method, request.path)
        return response
