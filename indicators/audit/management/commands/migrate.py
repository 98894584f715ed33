"""Django's ``migrate``, run as the tables' owner when ``DATABASE_OWNER_URL`` is set.

The application's own role (``DATABASE_URL``) then owns nothing and, after the
migrations, is granted what it needs and no more: SELECT and INSERT on the audit
table (``indicators/audit/roles.py``). Without ``DATABASE_OWNER_URL`` this is Django's
``migrate`` as it is.
"""

from django.core.management.commands import migrate

from ...roles import as_owner, grant_app_role


class Command(migrate.Command):
    def handle(self, *args, **options):
        using = options["database"]
        with as_owner(using) as app_role:
            result = super().handle(*args, **options)
            if app_role:
                grant_app_role(app_role, using)
                if options["verbosity"] >= 1:
                    self.stdout.write(
                        f"Granted {app_role}: read and write, audit table append-only."
                    )
        return result
