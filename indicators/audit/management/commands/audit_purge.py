"""``manage.py audit_purge FILE.jsonl.gz``: remove, by time, old entries an archive holds.

Removed are only the oldest entries, in id order, up to the first that is either
younger than ``AUDIT_RETENTION_DAYS`` or not in the archive exactly as stored (same
content, same hashes). A back-dated entry written after a young one therefore stays,
whatever its time says, and the remaining trail still starts a chain: the entry this
command records (``audit_purged``, appended before the removal) keeps the last removed
hash, where ``audit_verify`` starts. The archive's SHA-256 must match its ``.sha256``
file. Runs as the table's owner (``DATABASE_OWNER_URL``), the one role that may switch
the table's trigger off; on SQLite through ``guard.purge_allowed``.
"""

import gzip
import hashlib
import json
from contextlib import closing
from datetime import timedelta
from itertools import chain
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from ...chain import FIELDS, canonical, chain_head, chain_walk
from ...events import audit_record
from ...guard import purge_allowed
from ...models import Action, AuditEvent, local_midnight
from ...roles import AUDIT_TABLE, as_owner

TRIGGER = "audit_auditevent_append_only"


def archive_lines(path: Path) -> tuple[str, dict[int, dict]]:
    """The archive's checksum and its entries by id, once the checksum matches its file."""
    sidecar = path.with_name(path.name + ".sha256")
    if not path.is_file() or not sidecar.is_file():
        raise CommandError(_("找不到归档 %(path)s 或其校验文件 .sha256。") % {"path": path})
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if sidecar.read_text(encoding="ascii").split()[0].lower() != digest:
        raise CommandError(
            _("归档 %(name)s 的 SHA-256 与校验文件不符：不能据此清理。") % {"name": path.name}
        )
    lines = {}
    with gzip.open(path, "rt", encoding="utf-8") as file:
        for text in file:
            line = json.loads(text)
            line["created_at"] = parse_datetime(line["created_at"])
            lines[line["id"]] = line
    return digest, lines


def same(entry: dict, line: dict | None) -> bool:
    return (
        line is not None
        and line.get("prev_hash") == entry["prev_hash"]
        and line.get("row_hash") == entry["row_hash"]
        and canonical(line) == canonical(entry)
    )


class Command(BaseCommand):
    help = "Remove audit entries older than AUDIT_RETENTION_DAYS that FILE.jsonl.gz holds."

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, metavar="FILE.jsonl.gz")

    def handle(self, *args, archive: Path | str, **options):
        archive = Path(archive)
        digest, lines = archive_lines(archive)
        older_than = timezone.localdate() - timedelta(days=settings.AUDIT_RETENTION_DAYS)
        cutoff = local_midnight(older_than)
        with as_owner(), transaction.atomic():
            chain_head(connection.alias)  # the append lock: no entry arrives meanwhile
            count, first, last = self._removable(lines, cutoff)
            if not count:
                self.stdout.write(_("没有可清理的记录。"))
                return
            audit_record(
                action=Action.AUDIT_PURGED,
                details={
                    "archive": archive.name,
                    "sha256": digest,
                    "older_than": older_than.isoformat(),
                    "removed": count,
                    "first_id": first["id"],
                    "last_id": last["id"],
                    "last_hash": last["row_hash"],
                },
            )
            removed = self._delete(last["id"], cutoff)
            if removed != count:
                raise CommandError(_("清理的条数与核对的不符，已全部撤销。"))
        kept = sum(1 for id in lines if id > last["id"])
        self.stdout.write(
            _(
                "已清理 %(count)s 条早于 %(day)s 的审计记录（第 %(first)s 至 %(last)s 条），"
                "均与归档 %(name)s 一致。"
            )
            % {
                "count": removed,
                "day": older_than,
                "first": first["id"],
                "last": last["id"],
                "name": archive.name,
            }
        )
        if kept:
            self.stdout.write(
                _(
                    "归档中另有 %(count)s 条记录保留：它们排在保留期内的记录之后"
                    "（例如时间被改早的记录），只在其前面的记录都过了保留期后才清理。"
                )
                % {"count": kept}
            )

    def _removable(self, lines: dict[int, dict], cutoff) -> tuple[int, dict, dict]:
        """How many of the oldest entries, in id order, are old enough and in the archive
        as stored, and the first and last of them; refuses if one does not chain.

        The oldest entry may chain onto one purged earlier: the walk starts from its
        own predecessor's hash, so only its content and what follows are checked."""
        count, first, last = 0, None, None
        entries = AuditEvent.objects.order_by("id").values(*FIELDS).iterator(chunk_size=2000)
        # Closed here, inside the transaction: on PostgreSQL a server-side cursor left
        # open until after a refusal's rollback would fail to close and mask it.
        with closing(entries):
            oldest = next(entries, None)
            if oldest is None:
                return 0, None, None
            walk = chain_walk(chain([oldest], entries), start=oldest["prev_hash"])
            for entry, problem in walk:
                if entry["created_at"] >= cutoff or not same(entry, lines.get(entry["id"])):
                    break
                if problem is not None:
                    raise CommandError(
                        _("第 %(id)s 条记录的哈希链断开：先运行 audit_verify 查明，不予清理。")
                        % {"id": entry["id"]}
                    )
                count, first, last = count + 1, first or entry, entry
        return count, first, last

    def _delete(self, last_id: int, cutoff) -> int:
        sql = f"DELETE FROM {AUDIT_TABLE} WHERE id <= %s AND created_at < %s"
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # Only the owner may; the ALTERs are part of this transaction.
                try:
                    cursor.execute(f"ALTER TABLE {AUDIT_TABLE} DISABLE TRIGGER {TRIGGER}")
                except DatabaseError as refused:
                    raise CommandError(
                        _("只有审计表的所有者可以清理（设置 DATABASE_OWNER_URL）：%(why)s")
                        % {"why": refused}
                    ) from refused
                cursor.execute(sql, [last_id, cutoff])
                removed = cursor.rowcount
                cursor.execute(f"ALTER TABLE {AUDIT_TABLE} ENABLE TRIGGER {TRIGGER}")
                return removed
            with purge_allowed():
                cursor.execute(sql, [last_id, cutoff])
                return cursor.rowcount
