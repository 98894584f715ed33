"""An uploaded file from preview to confirmation, through the one write path.

The preview is :func:`~indicators.figures.figures_import` with ``dry_run``, kept on
the batch for the page; the confirmation is the same call for real, with the report
versions the last preview saw, so figures that changed after the preview are never
overwritten unseen. Both run in the background worker (:mod:`indicators.jobs`).
"""

from collections.abc import Callable

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from ..figures import FigureRow, ImportSummary, figures_import
from ..models import ImportBatch, Source
from .preview import preview_build
from .reader import Upload


def _text(value) -> str | None:
    return None if value is None else str(value)


def batch_create(*, upload: Upload, user: User, file_name: str) -> ImportBatch:
    """Keep a read file's rows for its preview and confirmation."""
    rows = [
        [
            row.indicator,
            row.region,
            row.year,
            _text(row.value),
            row.comment,
            *((_text(row.base[0]), row.base[1]) if row.base else (None, None)),
            line,
        ]
        for row, line in zip(upload.rows, upload.lines, strict=True)
    ]
    return ImportBatch.objects.create(
        user=user,
        file_name=file_name[:255],
        layout=upload.layout,
        rows=rows,
        problems=[[p.line, p.code, p.message] for p in upload.problems],
        untouched=upload.untouched,
    )


def batch_rows(batch: ImportBatch, *, versions: bool = False) -> list[FigureRow]:
    """The batch's rows; with ``versions``, each carries the version its preview saw."""
    rows = []
    for indicator, region, year, value, comment, base_value, base_comment, _line in batch.rows:
        version = batch.versions.get(f"{region}/{year}", 0) if versions else None
        base = (base_value, base_comment or "") if batch.layout == "template" else None
        rows.append(FigureRow(indicator, region, year, value, comment, version, base))
    return rows


def batch_preview(
    *, batch: ImportBatch, user: User, progress: Callable[[float], None] | None = None
) -> ImportSummary:
    """What confirming would do now; keeps it for the page, with the versions it saw.

    ``progress`` hears 0.8 once the rows are checked; the rest is keeping the result.
    """
    summary = figures_import(rows=batch_rows(batch), user=user, source=Source.IMPORT, dry_run=True)
    if progress is not None:
        progress(0.8)
    batch.versions = {
        f"{town}/{year}": version for (town, year), version in summary.versions.items()
    }
    batch.preview = preview_build(batch, summary)
    batch.checked_at = timezone.now()
    batch.save(update_fields=["versions", "preview", "checked_at"])
    return summary


@transaction.atomic
def batch_confirm(*, batch: ImportBatch, user: User) -> ImportSummary:
    """Write the batch, all or nothing, if nothing changed since its last preview."""
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.state == ImportBatch.State.WRITTEN or batch.problems:
        return ImportSummary()  # written already, or rows that could not be read
    summary = figures_import(rows=batch_rows(batch, versions=True), user=user, source=Source.IMPORT)
    if not summary.conflicts:
        batch.state, batch.written_at = ImportBatch.State.WRITTEN, timezone.now()
        batch.written = {
            "created": summary.created,
            "updated": summary.updated,
            "deleted": summary.deleted,
            "unchanged": summary.unchanged,
        }
        batch.save(update_fields=["state", "written_at", "written"])
    return summary
