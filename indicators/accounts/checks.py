"""`manage.py check --deploy`: no active superuser in normal operation.

A superuser holds every right at once, which the separation of duties (三员分立)
forbids; the first administrators come from `manage.py create_admins` instead.
"""

from pathlib import Path

from django.contrib.auth.models import User
from django.core.checks import Tags, Warning, register
from django.db import DatabaseError, connection


def _database_missing() -> bool:
    # Connecting to SQLite creates the file: a check must not leave one behind.
    name = str(connection.settings_dict.get("NAME") or "")
    in_memory = name == ":memory:" or name.startswith("file:")
    return connection.vendor == "sqlite" and not in_memory and not Path(name).exists()


@register(Tags.security, deploy=True)
def no_active_superuser(app_configs=None, **kwargs) -> list[Warning]:
    if _database_missing():
        return []
    try:
        names = list(
            User.objects.filter(is_superuser=True, is_active=True)
            .order_by("username")
            .values_list("username", flat=True)[:10]
        )
    except DatabaseError:
        return []  # not migrated yet: no accounts, no superuser
    if not names:
        return []
    return [
        Warning(
            f"Active superuser accounts: {', '.join(names)}. A superuser holds every right "
            "at once, against the separation of duties (三员分立).",
            hint="Create the separated administrators with `manage.py create_admins`, then "
            "deactivate the superuser (is_active off) or remove its superuser status.",
            id="indicators.W001",
        )
    ]
