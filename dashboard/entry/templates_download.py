"""The Excel fill-in templates: a town's, and a county's with every town the user may see."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from indicators.audit.events import export_recorded
from indicators.excel.template import template_workbook

from ..downloads import XLSX_TYPE
from .addresses import NotFound, answers_not_found
from .page import ended_refusal
from .progress import county_scope
from .views import readable_report


def _xlsx(request, content: bytes, filename: str) -> HttpResponse:
    # A template carries the figures already entered: a download of figures.
    export_recorded(request, what=filename.removesuffix(".xlsx"), fmt="xlsx")
    response = HttpResponse(content, content_type=XLSX_TYPE)
    # An ASCII file name: every browser and mail gateway keeps it intact.
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
@never_cache
@login_required
@answers_not_found
def town_template(request, town: str, year: int):
    """The town's template of the year, for anyone who may read the town's figures."""
    report = readable_report(request, town, year)
    ended = ended_refusal(report)
    if ended is not None:  # no template for a year the town did not exist in
        raise NotFound(ended.message)
    content = template_workbook(towns=[report.region], year=year)
    return _xlsx(request, content, f"template-{report.region.code}-{year}.xlsx")


@require_safe
@never_cache
@login_required
@answers_not_found
def county_template(request):
    """Every town of the county the user may see, as on the progress page."""
    county, towns, year = county_scope(request)
    content = template_workbook(towns=towns, year=year, county=county)
    return _xlsx(request, content, f"template-{county.code}-{year}.xlsx")
