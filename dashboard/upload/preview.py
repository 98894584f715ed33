"""What the preview page shows: each row of the file as new, changed, unchanged or an error."""

from dataclasses import dataclass
from decimal import Decimal

from indicators.figures import ImportSummary
from indicators.models import ImportBatch, Indicator, Region

KINDS = ("error", "created", "updated", "deleted", "unchanged")
SHOWN_PER_KIND = 500  # a 10,000-row file is summarised, not drawn in full


@dataclass(frozen=True)
class PreviewRow:
    line: int
    kind: str
    indicator: str
    region: str
    year: object
    old: str
    new: str
    comment: str  # the file's comment where the row writes one
    message: str


def preview_rows(batch: ImportBatch, summary: ImportSummary) -> dict[str, list[PreviewRow]]:
    """Rows by kind, errors first, each kind cut at SHOWN_PER_KIND; two queries for names."""
    indicators = Indicator.objects.in_bulk({row[0] for row in batch.rows})
    regions = Region.objects.in_bulk({row[1] for row in batch.rows})
    outcomes = {outcome.index: outcome for outcome in summary.outcomes}
    conflicts: dict[int, list[str]] = {}
    for conflict in summary.conflicts:
        conflicts.setdefault(conflict.index, []).append(conflict.message)
    grouped: dict[str, list[PreviewRow]] = {kind: [] for kind in KINDS}
    for line, _code, message in batch.problems:
        grouped["error"].append(PreviewRow(line, "error", "", "", "", "", "", "", message))
    for index, (code, town, year, value, comment, *_rest, line) in enumerate(batch.rows):
        indicator, region = indicators.get(code), regions.get(town)
        outcome = outcomes.get(index)
        kind = "error" if index in conflicts else (outcome.kind if outcome else "unchanged")
        grouped[kind].append(
            PreviewRow(
                line=line,
                kind=kind,
                indicator=indicator.display_name if indicator else code,
                region=region.name if region else town,
                year=year,
                old=_figure(indicator, outcome.old if outcome else None),
                new=_figure(indicator, outcome.new) if outcome else (value or ""),
                comment=comment or "" if kind in ("created", "updated") else "",
                message="；".join(conflicts.get(index, [])),
            )
        )
    grouped["error"].sort(key=lambda row: row.line)
    return grouped


def _figure(indicator: Indicator | None, value: Decimal | None) -> str:
    if value is None:
        return ""
    return indicator.format_value(value) if indicator else f"{value:f}"
