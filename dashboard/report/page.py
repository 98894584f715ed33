"""Where the report page's figures lead: their history, or for a missing figure (XX)
its field in the entry form, for those who may open it."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse

from indicators.accounts import access
from indicators.catalogue.reads import indicators_by_code
from indicators.models import Level
from indicators.reports.document import FigureRun, WorkReport


@dataclass(frozen=True)
class Missing:
    code: str
    name: str
    unit: str
    href: str  # the entry form's field, the indicator page, or the XX in the text


@dataclass(frozen=True)
class Links:
    """Where figures lead, for this user and this report."""

    report: WorkReport
    may_open_entry: bool  # a town report whose entry form the user may open

    def _county(self) -> str:
        region = self.report.region
        return region.code if region.level == Level.COUNTY else region.code[:6].ljust(12, "0")

    def indicator_page(self, code: str) -> str:
        params = {"county": self._county(), "year": self.report.year}
        if self.report.is_county:
            params["view"] = "county"
        else:
            params["town"] = self.report.region.code
        return f"{reverse('dashboard:indicator', args=[code])}?{urlencode(params)}"

    def history(self, code: str) -> str:
        """The value's history: its edits for staff of the town, else its years on the dashboard."""
        if self.may_open_entry:
            url = reverse("entry:history", args=[self.report.region.code, self.report.year])
            return f"{url}?{urlencode({'indicator': code})}"
        return self.indicator_page(code)

    def entry_field(self, code: str) -> str:
        url = reverse("entry:report", args=[self.report.region.code, self.report.year])
        return f"{url}#id_value-{code}"

    def missing(self, code: str) -> str:
        """The entry field for town staff; else the XX in the text."""
        return self.entry_field(code) if self.may_open_entry else f"#fig-{code}"

    def figure(self, run: FigureRun) -> str:
        """A figure's link: its history; a missing one's, its entry field for town staff.

        Others get no link on an XX: it may be a figure hidden from them, whose
        pages would only refuse them.
        """
        if run.missing:
            return self.entry_field(run.code) if self.may_open_entry else ""
        return self.history(run.code)


def links_for(user, report: WorkReport) -> Links:
    return Links(
        report=report,
        may_open_entry=not report.is_county and access.covers(user, report.region),
    )


def missing_list(report: WorkReport, links: Links) -> list[Missing]:
    """The missing figures named as the page's language names them: the report itself
    stays a Chinese document, but this list is page chrome (English unit in English)."""
    runs = report.missing
    shown = indicators_by_code(run.code for run in runs)
    return [
        Missing(
            run.code,
            shown[run.code].display_name if run.code in shown else run.name,
            shown[run.code].display_unit if run.code in shown else run.unit,
            links.missing(run.code),
        )
        for run in runs
    ]
