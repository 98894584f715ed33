"""The clean-up after an archive goes by time and by the archive: only the oldest
entries, older than the retention, that a checksummed archive holds as stored.

Run on PostgreSQL too: DATABASE_URL=postgres://postgres@127.0.0.1:5432/indicators_audit
"""

import gzip
import hashlib
import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from indicators.audit.models import Action, AuditEvent


def _dated(days_ago: int, name: str) -> AuditEvent:
    event = AuditEvent(
        action=Action.LOGIN,
        username=name,
        created_at=timezone.now() - timedelta(days=days_ago),
        details={"name": name},
    )
    event.save()
    return event


def archive(tmp_path, days: int = 200):
    out = tmp_path / "audit.jsonl.gz"
    before = (timezone.localdate() - timedelta(days=days)).isoformat()
    call_command("audit_archive", before=before, out=str(out), stdout=io.StringIO())
    return out


def purge(path) -> str:
    printed = io.StringIO()
    call_command("audit_purge", str(path), stdout=printed)
    return printed.getvalue()


def names() -> list[str]:
    return list(
        AuditEvent.objects.exclude(action=Action.AUDIT_PURGED)
        .order_by("id")
        .values_list("username", flat=True)
    )


def test_a_back_dated_entry_and_the_young_entries_before_it_are_never_removed(db, tmp_path):
    for name in ("old1", "old2", "old3"):
        _dated(400, name)
    _dated(10, "young1")
    _dated(10, "young2")
    _dated(400, "backdated")  # written after young ones, its time set 400 days back
    path = archive(tmp_path)
    printed = purge(path)
    assert names() == ["young1", "young2", "backdated"]
    assert "已清理 3 条" in printed
    assert "另有 1 条记录保留" in printed


def test_the_trail_still_verifies_after_a_clean_up(db, tmp_path):
    for name in ("old1", "old2"):
        _dated(400, name)
    _dated(1, "young")
    old_last = AuditEvent.objects.get(username="old2")
    purge(archive(tmp_path))
    cleaned = AuditEvent.objects.get(action=Action.AUDIT_PURGED)
    assert cleaned.details["removed"] == 2
    assert cleaned.details["last_hash"] == old_last.row_hash
    out = io.StringIO()
    call_command("audit_verify", stdout=out)
    assert "审计链完整：共 2 条" in out.getvalue()


def test_an_archive_whose_checksum_fails_removes_nothing(db, tmp_path):
    _dated(400, "old")
    path = archive(tmp_path)
    path.write_bytes(path.read_bytes() + b"\0")
    with pytest.raises(CommandError, match="SHA-256"):
        purge(path)
    assert names() == ["old"]


def test_an_entry_that_differs_from_its_archived_copy_stays(db, tmp_path):
    _dated(400, "old1")
    _dated(400, "old2")
    path = archive(tmp_path)
    # A forged archive: the second line altered, the checksum made to match.
    lines = gzip.decompress(path.read_bytes()).decode().splitlines()
    lines[1] = lines[1].replace('"old2"', '"forged"')
    path.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode()))
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    path.with_name(path.name + ".sha256").write_text(f"{digest}  {path.name}\n")
    assert "已清理 1 条" in purge(path)
    assert names() == ["old2"]


def test_entries_younger_than_the_retention_are_never_removed(db, tmp_path, settings):
    _dated(200, "old")
    path = archive(tmp_path, days=190)
    settings.AUDIT_RETENTION_DAYS = 365  # raised since the archive was made
    assert "没有可清理的记录" in purge(path)
    assert names() == ["old"]


def test_an_entry_edited_in_the_database_stops_the_clean_up_with_nothing_removed(db, tmp_path):
    from .test_audit_chain import guard_off

    first = _dated(400, "old1")
    _dated(400, "old2")
    with guard_off() as cursor:
        cursor.execute("UPDATE audit_auditevent SET username = 'forged' WHERE id = %s", [first.pk])
    path = archive(tmp_path)  # the archive holds the edited row as stored
    with pytest.raises(CommandError, match=f"第 {first.pk} 条记录的哈希链断开"):
        purge(path)
    assert names() == ["forged", "old2"]
