"""Copy audit entries older than a day to a gzip JSON-lines file with a SHA-256 sidecar.

Nothing is deleted (the table refuses it). Each line keeps the entry's chain hashes;
``manage.py audit_purge`` then removes, as the table's owner, the old entries this
file holds (docs/deploy.md); the file and its checksum are what is kept.
"""

import gzip
import hashlib
import json
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from ...chain import FIELDS
from ...models import AuditEvent, local_midnight


class Command(BaseCommand):
    help = "Write audit entries before a day to FILE.jsonl.gz and FILE.jsonl.gz.sha256."

    def add_arguments(self, parser):
        parser.add_argument(
            "--before", required=True, type=date.fromisoformat, metavar="YYYY-MM-DD"
        )
        parser.add_argument("--out", required=True, type=Path, metavar="FILE.jsonl.gz")

    def handle(self, *, before: date | str, out: Path | str, **options):
        # call_command() passes keyword options without argparse's conversion.
        before = before if isinstance(before, date) else date.fromisoformat(before)
        out = Path(out)
        newest = timezone.localdate() - timedelta(days=settings.AUDIT_RETENTION_DAYS)
        if before > newest:
            raise CommandError(
                f"--before must be {newest} or earlier: entries are kept "
                f"{settings.AUDIT_RETENTION_DAYS} days (AUDIT_RETENTION_DAYS)."
            )
        if not out.name.endswith(".jsonl.gz"):
            raise CommandError("--out must name a .jsonl.gz file.")
        sidecar = out.with_name(out.name + ".sha256")
        if out.exists() or sidecar.exists():
            raise CommandError(
                f"{out} or its checksum exists already; archives are never overwritten."
            )
        entries = (
            AuditEvent.objects.filter(created_at__lt=local_midnight(before))
            .order_by("id")
            .values(*FIELDS)
        )
        count, last_id = 0, None
        # mtime=0 and no file name in the gzip header: the same entries give the same bytes.
        with (
            open(out, "xb") as raw,
            gzip.GzipFile(fileobj=raw, mode="wb", filename="", mtime=0) as gz,
        ):
            for entry in entries.iterator(chunk_size=2000):
                # To the microsecond (DjangoJSONEncoder keeps milliseconds): the time is
                # part of what the entry's hash covers.
                entry["created_at"] = entry["created_at"].isoformat()
                line = json.dumps(entry, cls=DjangoJSONEncoder, ensure_ascii=False, sort_keys=True)
                gz.write(line.encode("utf-8") + b"\n")
                count, last_id = count + 1, entry["id"]
        digest = hashlib.sha256(out.read_bytes()).hexdigest()
        # The format of sha256sum, so that `sha256sum -c FILE.jsonl.gz.sha256` checks it.
        sidecar.write_text(f"{digest}  {out.name}\n", encoding="ascii")
        self.stdout.write(
            f"{count} entries before {before} (last id {last_id}) written to {out}\nsha256 {digest}"
        )
