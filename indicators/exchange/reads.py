"""The exchange pages' reads: the pages run no query themselves
(tests/architecture/test_pages_without_orm.py)."""

from django.db.models import QuerySet

from .models import AdxMapping


def mappings_in_order() -> QuerySet[AdxMapping]:
    """The ADX mapping's rows by kind and code."""
    return AdxMapping.objects.order_by("kind", "code")
