"""Two database roles on PostgreSQL: the owner migrates, the application only appends.

The application connects with ``DATABASE_URL`` as a role that owns no table. It may
read and write the product's tables but may only SELECT and INSERT the audit table:
without ownership it cannot TRUNCATE, ALTER or drop the table nor disable its
trigger, and without the privileges it cannot UPDATE or DELETE (nor ``flush``).
``DATABASE_OWNER_URL`` names the owner role of the same database: ``migrate`` and
``audit_purge`` connect as it (:func:`as_owner`), and ``migrate`` then grants the
application role what it needs (:func:`app_role_grants`). Without it (SQLite,
``make run``) one role does everything, and ``check --deploy`` says so on PostgreSQL.
"""

from collections.abc import Iterator
from contextlib import contextmanager

import dj_database_url
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connections

AUDIT_TABLE = "audit_auditevent"
# The owner's connection replaces only who connects and where; the database's name
# stays the application's, so a typo cannot migrate another database.
SWAPPED = ("USER", "PASSWORD", "HOST", "PORT")


def owner_settings() -> dict | None:
    url = getattr(settings, "DATABASE_OWNER_URL", "")
    if not url:
        return None
    owner = dj_database_url.parse(url)
    if "postgresql" not in owner["ENGINE"]:
        raise ImproperlyConfigured("DATABASE_OWNER_URL must be a postgres:// address.")
    return owner


@contextmanager
def as_owner(using: str = "default") -> Iterator[str | None]:
    """Connect ``using`` as the owner role meanwhile; yields the application role's name
    (whose rights the owner may then grant), or None when there is no owner role."""
    owner = owner_settings()
    connection = connections[using]
    same = owner is not None and owner.get("USER") == connection.settings_dict.get("USER")
    if owner is None or same or connection.vendor != "postgresql":
        yield None
        return
    saved = {key: connection.settings_dict.get(key) for key in SWAPPED}
    connection.close()
    connection.settings_dict.update({key: owner.get(key) for key in SWAPPED})
    try:
        yield saved["USER"]
    finally:
        connection.close()
        connection.settings_dict.update(saved)


def app_role_grants(role: str, quote) -> list[str]:
    """What the application role may do: everything on every table of the schema but
    the audit table, where it may only read and append."""
    role, table = quote(role), quote(AUDIT_TABLE)
    return [
        f"GRANT USAGE ON SCHEMA {{schema}} TO {role}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {{schema}} TO {role}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {{schema}} TO {role}",
        f"REVOKE ALL ON {table} FROM {role}",
        f"GRANT SELECT, INSERT ON {table} TO {role}",
    ]


def grant_app_role(role: str, using: str = "default") -> None:
    """Apply :func:`app_role_grants` in the current schema, as the owner."""
    connection = connections[using]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_schema()")
        schema = quote(cursor.fetchone()[0])
        for statement in app_role_grants(role, quote):
            cursor.execute(statement.format(schema=schema))


def audit_table_powers(using: str = "default") -> dict | None:
    """What the connected role could do to the audit table beyond reading and appending
    (PostgreSQL), or None when the table does not exist yet."""
    with connections[using].cursor() as cursor:
        cursor.execute(
            """
            SELECT current_user,
                   pg_has_role(current_user, c.relowner, 'USAGE'),
                   r.rolsuper,
                   has_table_privilege(c.oid, 'UPDATE'),
                   has_table_privilege(c.oid, 'DELETE'),
                   has_table_privilege(c.oid, 'TRUNCATE')
            FROM pg_class c, pg_roles r
            WHERE c.oid = to_regclass(%s) AND r.rolname = current_user
            """,
            [AUDIT_TABLE],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    role, owns, superuser, update, delete, truncate = row
    privileges = [name for name, held in (("UPDATE", update), ("DELETE", delete)) if held]
    if truncate:
        privileges.append("TRUNCATE")
    return {"role": role, "owns": owns, "superuser": superuser, "privileges": privileges}
