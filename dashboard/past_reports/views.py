"""Past reports (历年报告): upload a town's old report, or a county's zip of them; see
each figure found with its sentence; confirm to write them with the source 历年报告.

Reading and writing run in the background worker (:mod:`indicators.jobs`); the job
page (:mod:`dashboard.jobs`) comes back here when the work is done.
"""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from indicators.catalogue.reads import indicator_names
from indicators.jobs import job_start
from indicators.models import Job, PastReport
from indicators.reports.parsing.text import MAX_BYTES, too_large
from indicators.reports.past import bundle_reports, readable_towns, recent_uploads

from .forms import PastReportForm

FORM_OVERHEAD = 64 * 1024


def upload_page(request, form=None, *, status: int = 200, refusal: str = ""):
    towns = readable_towns(request.user)
    context = {
        "form": form or PastReportForm(towns=towns),
        "refusal": refusal,
        "recent": recent_uploads(request.user, 8),
        "limit_mb": MAX_BYTES // (1024 * 1024),
        "has_towns": bool(towns),
    }
    return render(request, "past_reports/upload.html", context, status=status)


@login_required
def upload(request):
    try:
        size = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        size = 0
    if request.method == "POST" and size > MAX_BYTES + FORM_OVERHEAD:
        return upload_page(request, status=413, refusal=too_large(size).message)
    towns = readable_towns(request.user)
    form = PastReportForm(request.POST or None, request.FILES or None, towns=towns)
    if request.method != "POST":
        return upload_page(request, form)
    if not towns:
        return upload_page(request, form, status=403, refusal=_("您的账号没有可以导入的镇。"))
    if not form.is_valid():
        return upload_page(request, form, status=400)
    file = form.cleaned_data["file"]
    if file.size > MAX_BYTES:
        form.add_error("file", too_large(file.size).message)
        return upload_page(request, form, status=400)
    params = {
        "bundle": str(uuid.uuid4()),
        "towns": [town.code for town in towns],
        "town": form.cleaned_data["town"] or None,
        "year": form.cleaned_data["year"],
    }
    job = job_start(
        kind=Job.Kind.REPORT_READ,
        user=request.user,
        file_name=file.name,
        content=file.read(),
        params=params,
    )
    return redirect("jobs:job", job=job.pk)


def _bundle(request, bundle) -> list[PastReport]:
    # Only its uploader sees an upload: another user's is "not found", not "forbidden".
    reports = bundle_reports(request.user, bundle)
    if not reports:
        raise Http404
    return reports


@login_required
def preview(request, bundle):
    reports = _bundle(request, bundle)
    names = indicator_names()
    files = [_file_view(report, names) for report in reports]
    importable = sum(len(report.importable) for report in reports if report.state == "previewed")
    context = {
        "bundle": bundle,
        "files": files,
        "importable": importable,
        "written": any(report.state == PastReport.State.WRITTEN for report in reports),
    }
    return render(request, "past_reports/preview.html", context)


def _file_view(report: PastReport, names: dict) -> dict:
    # One reason for every figure (the report is locked, or outside the user's
    # rights) is said once for the file, not on every line.
    reasons = set(report.refusals.values())
    whole = (
        reasons.pop() if len(reasons) == 1 and len(report.refusals) == len(report.figures) else ""
    )
    figures = []
    for figure in report.figures:
        sentence, start, end = figure["sentence"], figure["start"], figure["end"]
        figures.append(
            {
                **figure,
                "name": names.get(figure["indicator"], figure["indicator"]),
                "before": sentence[:start],
                "figure": sentence[start:end],
                "after": sentence[end:],
                "refusal": "" if whole else report.refusals.get(figure["indicator"], ""),
            }
        )
    return {
        "report": report,
        "figures": figures,
        "not_found": [names.get(code, code) for code in report.not_found],
        "refused": whole,
    }


@require_POST
@login_required
def confirm(request, bundle):
    reports = _bundle(request, bundle)
    if not any(report.importable and report.state == "previewed" for report in reports):
        messages.info(request, _("没有可以导入的数字。"))
        return redirect("past_reports:preview", bundle=bundle)
    job = job_start(
        kind=Job.Kind.REPORT_WRITE,
        user=request.user,
        file_name=reports[0].file_name
        if len(reports) == 1
        else _("%(n)s 个文件") % {"n": len(reports)},
        params={"bundle": str(bundle)},
    )
    return redirect("jobs:job", job=job.pk)
