"""The county progress page: where each town's figures for a year stand."""

from dataclasses import dataclass
from datetime import datetime

from indicators.figures.rules import NO_FIGURES, check_figures, figures_by_report, load_rules
from indicators.models import DataValue, Indicator, Region, Report, Status


@dataclass(frozen=True)
class TownProgress:
    town: Region
    report: Report | None
    status: str
    filled: int
    total: int
    open_warnings: int
    last_change: datetime | None
    last_changed_by: str


def county_progress(county: Region, year: int, towns: list[Region]) -> list[TownProgress]:
    """One row per town, in four queries whatever the number of towns; ``total`` is
    what the catalogue asks of that town that year (its scope, not retired)."""
    reports = {
        report.region_id: report for report in Report.objects.for_progress_page(county, year)
    }
    in_use = list(Indicator.objects.in_use_in(year).select_related("scope"))
    grouped = figures_by_report(DataValue.objects.for_rules(county, [year - 1, year]))
    rules = load_rules(in_use)
    rows = []
    for town in towns:
        report = reports.get(town.code)
        current = grouped.get((town.code, year), NO_FIGURES)
        previous = grouped.get((town.code, year - 1), NO_FIGURES)
        findings = check_figures(
            current.values, previous.values, current.comments, current.outdated, rules=rules
        )
        last_change = None
        if report is not None:
            candidates = [report.updated_at, report.last_value_change]
            last_change = max(moment for moment in candidates if moment is not None)
        rows.append(
            TownProgress(
                town=town,
                report=report,
                status=report.status if report else Status.DRAFT,
                filled=report.filled if report else 0,
                total=sum(indicator.applies_to(town, year) for indicator in in_use),
                open_warnings=sum(finding.is_open for finding in findings),
                last_change=last_change,
                last_changed_by=(
                    (report.last_changed_by or report.last_changed_by_username or "")
                    if report
                    else ""
                ),
            )
        )
    return rows
