"""The page a report shows when a template no longer fits the catalogue (409, never a
500): the file and line to fix, and the template editor for those who may use it."""

from django.shortcuts import render
from django.urls import reverse

from indicators.models import Region
from indicators.reports.broken import STATUS, broken_logged, broken_message, broken_part
from indicators.reports.editing import may_edit_template
from indicators.reports.syntax import TemplateError


def template_problem(request, region: Region, year: int, error: TemplateError):
    broken_logged(region, year, error)
    part = broken_part(error)
    edit_url = None
    if part is not None and may_edit_template(request.user, region):
        edit_url = reverse("report_templates:edit", args=[region.code, part])
    context = {
        "region": region,
        "year": year,
        "message": broken_message(error),
        "edit_url": edit_url,
    }
    return render(request, "report/template_problem.html", context, status=STATUS)
