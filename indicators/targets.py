"""Writes to targets (the annual goals of a town or a county), for the API's ``targets/bulk``.

Targets are checked like figures (:func:`clean_figure`), are all or nothing like a
bulk import of figures, and keep history. Only county officials (in their county)
and administrators set them.
"""

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from . import access
from .bulk import ImportRow, ImportSummary, row_problem, rows_lookup
from .models import FIRST_YEAR, LAST_YEAR, Target
from .validation import FigureError, clean_figure


@transaction.atomic
def targets_save(*, rows: list[ImportRow], user: User, dry_run: bool = False) -> ImportSummary:
    """Set, change or remove (``value=None``) targets, all or nothing, with history."""
    summary = ImportSummary(dry_run=dry_run)
    indicators, regions = rows_lookup(rows)
    existing = {
        (target.indicator_id, target.region_id, target.year): target
        for target in Target.objects.select_for_update().filter(
            indicator_id__in=list(indicators),
            region_id__in=list(regions),
            year__in={row.year for row in rows if FIRST_YEAR <= row.year <= LAST_YEAR},
        )
    }
    created, updated, deleted = [], [], []
    seen: set[tuple[str, str, int]] = set()
    for index, row in enumerate(rows):
        key = (row.indicator, row.region, row.year)
        problem = row_problem(row, indicators, regions)
        if problem is None and not access.can_write_targets(user, regions[row.region]):
            problem = (
                "forbidden",
                _("您无权设定%(region)s的目标。") % {"region": regions[row.region].name},
            )
        if problem is None and key in seen:
            problem = "duplicate", _("同一指标、区划和年度在本次提交中出现了不止一次。")
        if problem is None:
            try:
                value = clean_figure(indicators[row.indicator], row.value)
            except FigureError as error:
                problem = error.code, error.message
        if problem is not None:
            summary.refuse(index, row, problem)
            continue
        seen.add(key)
        current = existing.get(key)
        comment = row.comment if row.comment is not None else (current.comment if current else "")
        if value is None:
            if current is None:
                summary.unchanged += 1
            else:
                deleted.append(current)
        elif current is None:
            created.append(
                Target(
                    indicator=indicators[row.indicator],
                    region=regions[row.region],
                    year=row.year,
                    value=value,
                    comment=comment,
                    changed_by=user,
                )
            )
        elif current.value != value or current.comment != comment:
            current.value, current.comment, current.changed_by = value, comment, user
            current.updated_at = timezone.now()  # bulk_update does not run auto_now
            updated.append(current)
        else:
            summary.unchanged += 1
    summary.created, summary.updated, summary.deleted = len(created), len(updated), len(deleted)
    if summary.conflicts or dry_run:
        return summary

    if created:
        bulk_create_with_history(created, Target, default_user=user)
    if updated:
        fields = ["value", "comment", "changed_by", "updated_at"]
        bulk_update_with_history(updated, Target, fields, default_user=user)
    for target in deleted:
        target.changed_by, target._history_user = user, user
        target.delete()
    return summary
