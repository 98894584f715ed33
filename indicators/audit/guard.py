"""SQLite's half of the append-only guarantee.

On SQLite the table's DELETE trigger asks ``audit_purge_allowed()``, a function this
module registers on every connection of this process. It answers 1 only inside
:func:`purge_allowed`, which the ``flush`` command (this app's override) uses to empty
the whole database, as TRUNCATE does on PostgreSQL. Any other DELETE is refused; a
connection from outside Django (the sqlite3 shell) lacks the function, so its DELETE
fails too. UPDATE is refused always.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db.backends.signals import connection_created

_purging: ContextVar[bool] = ContextVar("audit_purging", default=False)


@contextmanager
def purge_allowed() -> Iterator[None]:
    token = _purging.set(True)
    try:
        yield
    finally:
        _purging.reset(token)


def _allowed() -> int:
    return int(_purging.get())


def _register(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "audit_purge_allowed", 0, _allowed, deterministic=False
        )


def connect() -> None:
    connection_created.connect(_register, dispatch_uid="audit_sqlite_guard")
