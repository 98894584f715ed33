"""What the preview page shows: each row of a file as new, changed, unchanged or an error.

The background check builds it once (:func:`preview_build`) and keeps it on the batch
as JSON, so that showing the page reads one row instead of checking 10,000 figures
again.
"""

from dataclasses import asdict, dataclass
from decimal import Decimal

from django.utils import timezone

from ..figures import ImportSummary
from ..models import DataValue, ImportBatch, Indicator, Region

KINDS = ("error", "created", "updated", "deleted", "unchanged")
SHOWN_PER_KIND = 500  # a 10,000-row file is summarised, not drawn in full


@dataclass(frozen=True)
class PreviewRow:
    line: int
    kind: str
    indicator: str
    region: str
    year: object
    old: str  # the figure stored now
    new: str
    comment: str  # the file's comment where the row writes one
    message: str
    changed_by: str = ""  # who set the figure stored now, for a row refused as stale
    changed_at: str = ""


def preview_build(batch: ImportBatch, summary: ImportSummary) -> dict:
    """The check's rows by kind, errors first, each kind cut at SHOWN_PER_KIND, as JSON.

    Two queries for the names, and one more for who changed the figures of the rows
    refused because the figure changed after the file was made.
    """
    indicators = Indicator.objects.in_bulk({row[0] for row in batch.rows})
    regions = Region.objects.in_bulk({row[1] for row in batch.rows})
    outcomes = {outcome.index: outcome for outcome in summary.outcomes}
    conflicts: dict[int, list[str]] = {}
    for conflict in summary.conflicts:
        conflicts.setdefault(conflict.index, []).append(conflict.message)
    stale = {c.index for c in summary.conflicts if c.code == "stale"}
    now = _figures_now([batch.rows[index] for index in stale])
    grouped: dict[str, list[PreviewRow]] = {kind: [] for kind in KINDS}
    for line, _code, message in batch.problems:
        grouped["error"].append(PreviewRow(line, "error", "", "", "", "", "", "", message))
    for index, (code, town, year, value, comment, *_rest, line) in enumerate(batch.rows):
        indicator, region = indicators.get(code), regions.get(town)
        outcome = outcomes.get(index)
        kind = "error" if index in conflicts else (outcome.kind if outcome else "unchanged")
        old, who, when = outcome.old if outcome else None, "", ""
        if index in stale and (code, town, year) in now:
            old, who, when = now[(code, town, year)]
        grouped[kind].append(
            PreviewRow(
                line=line,
                kind=kind,
                indicator=indicator.display_name if indicator else code,
                region=region.name if region else town,
                year=year,
                old=_figure(indicator, old),
                new=_figure(indicator, outcome.new) if outcome else (value or ""),
                comment=comment or "" if kind in ("created", "updated") else "",
                message="；".join(conflicts.get(index, [])),
                changed_by=who,
                changed_at=when,
            )
        )
    grouped["error"].sort(key=lambda row: row.line)
    return {
        "counts": {kind: len(rows) for kind, rows in grouped.items()},
        "changed": summary.changed,
        "warnings": len(summary.warnings),
        "groups": {
            kind: [asdict(row) for row in rows[:SHOWN_PER_KIND]] for kind, rows in grouped.items()
        },
    }


def preview_groups(preview: dict) -> list[tuple[str, list[PreviewRow]]]:
    """The kept preview's rows as the page lists them, kinds in order, empty kinds left out."""
    groups = preview.get("groups", {})
    return [
        (kind, [PreviewRow(**row) for row in groups[kind]]) for kind in KINDS if groups.get(kind)
    ]


def _figures_now(
    rows: list[list],
) -> dict[tuple[str, str, object], tuple[Decimal | None, str, str]]:
    """(indicator, town, year) → (the figure now, who set it, when), from the figures'
    history: one query for all the rows, the latest record of each figure winning."""
    if not rows:
        return {}
    wanted = {(code, town, year) for code, town, year, *_rest in rows}
    records = (
        DataValue.history.filter(
            indicator_id__in={code for code, _t, _y in wanted},
            report__region_id__in={town for _c, town, _y in wanted},
            report__year__in={year for _c, _t, year in wanted if isinstance(year, int)},
        )
        .order_by("history_date", "history_id")
        .values_list(
            "indicator_id",
            "report__region_id",
            "report__year",
            "history_type",
            "value",
            "history_date",
            "history_user__first_name",
            "history_user__username",
        )
    )
    found = {}
    for code, town, year, kind, value, at, first, name in records:
        if (code, town, year) in wanted:
            when = timezone.localtime(at).strftime("%Y-%m-%d %H:%M")
            found[(code, town, year)] = (None if kind == "-" else value, first or name or "", when)
    return found


def _figure(indicator: Indicator | None, value: Decimal | None) -> str:
    if value is None:
        return ""
    return indicator.format_value(value) if indicator else f"{value:f}"
