"""The audit trail's hash chain: an edit, a deletion or a reordering is found and named,
on SQLite as on PostgreSQL; two writers never chain onto the same entry.

Run on PostgreSQL too: DATABASE_URL=postgres://postgres@127.0.0.1:5432/indicators_audit
"""

import io
import threading
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from importlib import import_module
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import OperationalError, connection, models, transaction

from indicators.audit.events import audit_record
from indicators.audit.guard import purge_allowed
from indicators.audit.models import Action, AuditEvent

initial = import_module("indicators.audit.migrations.0001_initial")
hash_chain = import_module("indicators.audit.migrations.0002_hash_chain")


def record(username: str, **details) -> AuditEvent:
    return audit_record(action=Action.LOGIN, username=username, details=details)


@pytest.fixture
def entries(db) -> list[AuditEvent]:
    return [record(name, n=n) for n, name in enumerate(["zhao", "qian", "sun", "li"])]


def verify(*args: str) -> str:
    out = io.StringIO()
    call_command("audit_verify", *args, stdout=out)
    return out.getvalue()


@contextmanager
def guard_off():
    """Raw SQL past the append-only triggers, as someone with the file or the owner's
    password could."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "ALTER TABLE audit_auditevent DISABLE TRIGGER audit_auditevent_append_only"
            )
            yield cursor
            cursor.execute(
                "ALTER TABLE audit_auditevent ENABLE TRIGGER audit_auditevent_append_only"
            )
        else:
            cursor.execute("DROP TRIGGER audit_auditevent_no_update")
            with purge_allowed():
                yield cursor
            for statement in initial.SQLITE_TRIGGERS[:1]:
                cursor.execute(statement)


def test_each_entry_chains_onto_the_one_before(entries):
    assert entries[0].prev_hash == ""
    assert [e.prev_hash for e in entries[1:]] == [e.row_hash for e in entries[:-1]]
    assert all(len(e.row_hash) == 64 for e in entries)


def test_an_intact_chain_verifies_and_prints_its_head(entries):
    printed = verify()
    assert f"审计链完整：共 4 条记录（第 {entries[0].pk} 至 {entries[-1].pk} 条）" in printed
    assert entries[-1].row_hash in printed


def test_an_edited_entry_is_named(entries):
    with guard_off() as cursor:
        cursor.execute(
            "UPDATE audit_auditevent SET username = 'someone' WHERE id = %s", [entries[1].pk]
        )
    with pytest.raises(CommandError, match=f"第 {entries[1].pk} 条记录处断开.*被改动过"):
        verify()


def test_an_edited_detail_is_found_however_the_json_is_spelled(entries):
    with guard_off() as cursor:
        cursor.execute(
            "UPDATE audit_auditevent SET details = %s WHERE id = %s", ['{"n": 9}', entries[2].pk]
        )
    with pytest.raises(CommandError, match=f"第 {entries[2].pk} 条"):
        verify()


def test_a_deleted_entry_breaks_the_chain_at_the_next_one(entries):
    with guard_off() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [entries[1].pk])
    with pytest.raises(CommandError, match=f"第 {entries[2].pk} 条记录处断开.*删除"):
        verify()


def test_a_deleted_first_entry_is_found(entries):
    with guard_off() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [entries[0].pk])
    with pytest.raises(CommandError, match=f"第 {entries[1].pk} 条.*现存的第一条"):
        verify()


def test_a_reordered_entry_is_found(entries):
    # Two entries swap places: every column but the id, hashes included.
    columns = "username, details, prev_hash, row_hash"
    a, b = entries[1].pk, entries[2].pk
    with guard_off() as cursor:
        cursor.execute(f"SELECT {columns} FROM audit_auditevent WHERE id = %s", [a])
        first = cursor.fetchone()
        cursor.execute(f"SELECT {columns} FROM audit_auditevent WHERE id = %s", [b])
        second = cursor.fetchone()
        for row, pk in ((second, a), (first, b)):
            cursor.execute(
                "UPDATE audit_auditevent SET username = %s, details = %s, prev_hash = %s,"
                " row_hash = %s WHERE id = %s",
                [*row, pk],
            )
    with pytest.raises(CommandError, match=f"第 {a} 条记录处断开.*调换"):
        verify()


def test_details_and_addresses_hash_the_same_after_the_database_round_trip(db):
    audit_record(
        action=Action.EXPORT,
        username="wang",
        details={
            "figure": Decimal("12.3400"),
            "day": date(2025, 3, 1),
            "nested": {"b": [1, 2.5, None], "a": "镇"},
            "big": 1e16,
            "flag": True,
        },
    )
    AuditEvent(action=Action.LOGIN, username="v6", address="2001:DB8:0:0:0:0:0:1").save()
    AuditEvent(action=Action.LOGIN, username="mapped", address="::ffff:10.0.0.1").save()
    assert "共 3 条" in verify()


def test_a_chain_rewritten_after_a_noted_hash_no_longer_holds_it(entries):
    noted = entries[-1].row_hash
    assert "审计链完整" in verify("--expect", noted)
    with pytest.raises(CommandError, match="没有哈希"):
        verify("--expect", "0" * 64)


def test_entries_created_in_bulk_chain_in_order(entries):
    AuditEvent.objects.bulk_create(AuditEvent(action=Action.LOGIN, username=n) for n in "abc")
    added = list(AuditEvent.objects.filter(username__in="abc").order_by("id"))
    assert added[0].prev_hash == entries[-1].row_hash
    assert "共 7 条" in verify()


def test_the_migration_gives_existing_entries_their_hashes(db):
    # Entries written before the chain existed: no hashes (saved past AuditEvent.save).
    for name in ("old1", "old2", "old3"):
        models.Model.save(AuditEvent(action=Action.LOGIN, username=name), force_insert=True)
    with pytest.raises(CommandError):
        verify()
    hash_chain.fill_hashes(apps, SimpleNamespace(connection=connection))
    if connection.vendor == "sqlite":  # the migration's next step, after the rebuild
        with connection.cursor() as cursor:
            for statement in hash_chain.SQLITE_TRIGGERS:
                cursor.execute(statement)
    assert "共 3 条" in verify()
    with pytest.raises(Exception, match="append-only"), transaction.atomic():
        AuditEvent.objects.update(username="x")  # the guard is back


# --- two writers


def _second_writer(timeout_sql: str) -> dict:
    """Append one entry from another connection, giving up after a short lock wait."""
    outcome = {}

    def write():
        try:
            with connection.cursor() as cursor:
                cursor.execute(timeout_sql)
            with transaction.atomic():
                outcome["entry"] = record("second")
        except OperationalError as refused:
            outcome["refused"] = str(refused)
        finally:
            connection.close()

    thread = threading.Thread(target=write)
    thread.start()
    thread.join()
    return outcome


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_on_postgresql_a_second_writer_waits_until_the_first_commits():
    with transaction.atomic():
        first = record("first")
        waiting = _second_writer("SET lock_timeout = '200ms'")
    assert "lock timeout" in waiting["refused"]
    second = _second_writer("SET lock_timeout = '5s'")["entry"]
    assert second.prev_hash == first.row_hash
    assert second.pk > first.pk
    assert "共 2 条" in verify()


@pytest.mark.sqlite
@pytest.mark.django_db(transaction=True)
def test_on_sqlite_a_second_writer_cannot_start_while_the_first_is_open():
    with transaction.atomic():
        first = record("first")
        waiting = _second_writer("PRAGMA busy_timeout = 200")
    assert "locked" in waiting["refused"]
    second = _second_writer("PRAGMA busy_timeout = 5000")["entry"]
    assert second.prev_hash == first.row_hash
    assert "共 2 条" in verify()
