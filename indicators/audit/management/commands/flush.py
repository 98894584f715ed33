"""Django's ``flush``, able to empty the audit table on SQLite too.

On PostgreSQL flush is a TRUNCATE, which the audit triggers allow (row triggers do
not fire on it); on SQLite it is a DELETE, which they refuse unless it runs inside
:func:`~indicators.audit.guard.purge_allowed`. Tests that use transactions flush the
database after each test. Like TRUNCATE, this empties the whole database; it is never
run on a production database.
"""

from django.core.management.commands import flush

from ...guard import purge_allowed


class Command(flush.Command):
    def handle(self, **options):
        with purge_allowed():
            return super().handle(**options)
