"""On PostgreSQL the application's role owns no table: it reads and appends the audit
trail, and nothing else it tries can empty, change or unguard it. ``check --deploy``
says when the role could.

Run on PostgreSQL: DATABASE_URL=postgres://postgres@127.0.0.1:5432/indicators_audit
"""

import uuid

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from indicators.audit.checks import audit_table_guarded
from indicators.audit.events import audit_record
from indicators.audit.models import Action, AuditEvent
from indicators.audit.roles import as_owner, grant_app_role

pytestmark = pytest.mark.postgresql


def execute(sql: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def new_role() -> str:
    # Roles are shared by every database of the server: a name no other run uses.
    # CREATE ROLE is transactional: the test's rollback removes it.
    name = f"audit_test_{uuid.uuid4().hex[:12]}"
    execute(f"CREATE ROLE {name} NOLOGIN")
    return name


@pytest.fixture
def app_role(db) -> str:
    """A role as docs/deploy.md sets up, with the grants `migrate` gives it, switched to."""
    audit_record(action=Action.LOGIN, username="before")
    role = new_role()
    grant_app_role(role)
    execute(f"SET LOCAL ROLE {role}")
    return role


@pytest.mark.parametrize(
    "statement",
    [
        "TRUNCATE audit_auditevent",
        "ALTER TABLE audit_auditevent DISABLE TRIGGER audit_auditevent_append_only",
        "ALTER TABLE audit_auditevent DISABLE TRIGGER ALL",
        "UPDATE audit_auditevent SET username = 'someone else'",
        "DELETE FROM audit_auditevent",
        "DROP TABLE audit_auditevent",
    ],
    ids=["truncate", "disable-trigger", "disable-all-triggers", "update", "delete", "drop"],
)
def test_the_application_role_cannot_empty_change_or_unguard_the_trail(app_role, statement):
    with (
        pytest.raises(DatabaseError, match=r"permission denied|must be owner"),
        transaction.atomic(),
    ):
        execute(statement)
    assert AuditEvent.objects.filter(username="before").exists()


def test_the_application_role_reads_and_appends_entries(app_role):
    entry = audit_record(action=Action.LOGOUT, username="after")
    assert list(AuditEvent.objects.order_by("id").values_list("username", flat=True)) == [
        "before",
        "after",
    ]
    assert entry.prev_hash == AuditEvent.objects.get(username="before").row_hash


def test_flush_as_the_application_role_leaves_the_trail(app_role):
    with pytest.raises(CommandError, match="couldn't be flushed"):
        call_command("flush", interactive=False, verbosity=0)
    assert AuditEvent.objects.filter(username="before").exists()


def test_the_deploy_check_is_quiet_for_the_application_role(app_role):
    assert audit_table_guarded(databases=["default"]) == []


def test_the_deploy_check_warns_when_the_role_owns_the_audit_table(db):
    role = new_role()
    execute(f"ALTER TABLE audit_auditevent OWNER TO {role}")
    execute(f"SET LOCAL ROLE {role}")
    warnings = audit_table_guarded(databases=["default"])
    assert [w.id for w in warnings] == ["audit.W002"]
    assert role in warnings[0].msg and "audit_auditevent" in warnings[0].msg


def test_the_deploy_check_warns_for_a_superuser(db):
    # The test suite itself connects as the server's superuser.
    assert [w.id for w in audit_table_guarded(databases=["default"])] == ["audit.W001"]


def test_the_deploy_check_warns_when_the_role_may_still_delete(db):
    role = new_role()
    grant_app_role(role)
    execute(f"GRANT DELETE, TRUNCATE ON audit_auditevent TO {role}")
    execute(f"SET LOCAL ROLE {role}")
    warnings = audit_table_guarded(databases=["default"])
    assert [w.id for w in warnings] == ["audit.W003"]
    assert "DELETE、TRUNCATE" in warnings[0].msg


@pytest.mark.django_db(transaction=True)
def test_migrate_and_the_clean_up_connect_as_the_owner_of_the_same_database(settings):
    # Only who connects changes; the database stays the application's.
    settings.DATABASE_OWNER_URL = "postgres://owner:secret@db.example:6543/elsewhere"
    app = dict(connection.settings_dict)
    with as_owner() as app_role:
        assert app_role == app["USER"]
        swapped = connection.settings_dict
        assert (swapped["USER"], swapped["PASSWORD"], swapped["HOST"], swapped["PORT"]) == (
            "owner",
            "secret",
            "db.example",
            6543,
        )
        assert swapped["NAME"] == app["NAME"]
    assert connection.settings_dict == app
