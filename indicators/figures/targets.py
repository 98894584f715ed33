"""The write path of targets (a town's or a county's annual goals): the sibling of
:func:`indicators.figures.figures_import`, with the same rows, the same figure checks,
the same refusal codes and summary, all or nothing, with history.

Targets have no review lock. Only county officials (in their county) and
administrators set them, for years up to a few years ahead.
"""

from collections.abc import Iterable
from functools import partial

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from indicators.accounts import access
from indicators.audit.events import targets_recorded
from indicators.catalogue.years import target_years
from indicators.derived.stamps import province_of
from indicators.figures import FigureRow, ImportSummary, Problem, TooManyRows
from indicators.figures.effects import consequences
from indicators.figures.refusals import duplicate, unknown_code, year_problem
from indicators.figures.rows import MAX_IMPORT_ROWS
from indicators.figures.validation import FigureError, clean_figure
from indicators.models import Indicator, Region, StampKind, Target


@transaction.atomic
def targets_import(
    *, rows: Iterable[FigureRow], user: User, dry_run: bool = False
) -> ImportSummary:
    """Set, change or remove (``value=None``) targets, all or nothing, with history."""
    rows = list(rows)
    if len(rows) > MAX_IMPORT_ROWS:
        raise TooManyRows(len(rows))
    summary = ImportSummary(dry_run=dry_run)
    shaped = summary.well_shaped(rows)
    indicators = Indicator.objects.in_bulk({row.indicator for _i, row in shaped})
    regions = Region.objects.in_bulk({row.region for _i, row in shaped})
    existing = {
        (target.indicator_id, target.region_id, target.year): target
        for target in Target.objects.select_for_update().filter(
            indicator_id__in=list(indicators),
            region_id__in=list(regions),
            year__in={row.year for _i, row in shaped},
        )
    }
    years = target_years()
    created, updated, deleted = [], [], []
    seen: set[tuple[str, str, int]] = set()
    for index, row in shaped:
        key = (row.indicator, row.region, row.year)
        indicator, region = indicators.get(row.indicator), regions.get(row.region)
        problem = _problem(user, row, indicator, region, years, key in seen)
        if problem is None:
            try:
                value = clean_figure(indicator, row.value)
            except FigureError as error:
                problem = Problem(error.code, error.message)
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
                    indicator=indicator,
                    region=region,
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
    regions = sorted({target.region_id for target in (*created, *updated, *deleted)})
    consequences(
        kind=StampKind.TARGETS,
        stamped={province_of(code) for code in regions},
        record=partial(targets_recorded, user=user, summary=summary),
    )
    return summary


def _problem(
    user: User,
    row: FigureRow,
    indicator: Indicator | None,
    region: Region | None,
    years: range,
    is_duplicate: bool,
) -> Problem | None:
    """The same codes as figures: unknown codes, the year, rights, duplicates."""
    if indicator is None:
        return unknown_code("indicator", row.indicator)
    if region is None:
        return unknown_code("region", row.region)
    problem = year_problem(row.year, years)
    if problem is not None:
        return problem
    if not access.can_write_targets(user, region):
        return Problem("forbidden", _("您无权设定%(region)s的目标。") % {"region": region.name})
    if is_duplicate:
        return duplicate()
    return None
