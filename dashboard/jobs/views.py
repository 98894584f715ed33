"""A background job's page: its progress while it runs, then its result or why it failed.

The page polls :func:`job_status` from static/js/jobs.js (no inline script: the CSP
forbids it); without JavaScript it reloads itself every few seconds. Only the user
who started a job sees it, its status and its file: anyone else gets "not found".
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from indicators.audit.events import export_recorded
from indicators.jobs import job_start
from indicators.jobs.reads import job_file_of, job_of, job_status_of
from indicators.models import Job

from ..downloads import XLSX_TYPE
from ..entry.addresses import answers_not_found
from ..entry.progress import county_scope
from ..errors import found_or_404
from ..past_reports.views import upload_page as past_reports_page
from ..upload.forms import UploadForm
from ..upload.views import upload_page

IMPORTS = (Job.Kind.UPLOAD, Job.Kind.CHECK, Job.Kind.WRITE)
POLL_SECONDS = 3  # the page reloads itself this often without JavaScript


def _outcome_message(request, job: Job) -> None:
    """What a finished write did, said once on the preview page it leads to."""
    if job.outcome == "conflicts":
        messages.error(
            request,
            _(
                "没有导入：预览之后，数据有了变化（或出现了问题），下面是按现在的数据重新检查的结果。"
            ),
        )
    elif job.outcome == "unchanged":
        messages.info(request, _("没有需要导入的改动。"))
    elif job.outcome == "already":
        messages.info(request, _("这个文件已经导入过了。"))


@require_safe
@never_cache
@login_required
def job(request, job):
    job = found_or_404(job_of(request.user, job))
    job.show_stalled_as_failed()
    if job.state == Job.State.DONE and job.kind in IMPORTS:
        if job.kind == Job.Kind.WRITE:
            _outcome_message(request, job)
        return redirect("upload:preview", batch=job.batch_id)
    if job.kind in (Job.Kind.REPORT_READ, Job.Kind.REPORT_WRITE) and job.finished:
        return _past_reports_done(request, job)
    if job.state == Job.State.FAILED and job.kind == Job.Kind.UPLOAD:
        return upload_page(request, UploadForm(), status=_refusal_status(job), refusal=job.error)
    return _job_page(request, job)


def _refusal_status(job: Job) -> int:
    """The form again after a failed read: 400 for a refused file, 200 when our work
    failed or stalled (the file may well be fine)."""
    return 200 if job.error_code in ("failed", "stalled") else 400


def _job_page(request, job: Job):
    return render(request, "jobs/job.html", {"job": job, "poll_seconds": POLL_SECONDS})


def _past_reports_done(request, job: Job):
    """A past report read: its preview, or the form with why the file was refused;
    written: the preview with what the write did."""
    if job.state == Job.State.FAILED and job.kind == Job.Kind.REPORT_READ:
        return past_reports_page(request, status=_refusal_status(job), refusal=job.error)
    if job.state == Job.State.FAILED:
        return _job_page(request, job)
    if job.kind == Job.Kind.REPORT_WRITE:
        if job.outcome == "written":
            messages.success(request, _("已导入，来源记为“历年报告”。"))
        else:
            _outcome_message(request, job)
    return redirect("past_reports:preview", bundle=job.params["bundle"])


@require_safe
@never_cache
def job_status(request, job):
    """{"state", "percent", "error"} for the page's script; JSON errors for programs."""
    if not request.user.is_authenticated:
        return JsonResponse({"detail": _("请先登录。")}, status=401)
    found = job_status_of(request.user, job)
    if found is None:
        return JsonResponse({"detail": _("找不到这个任务。")}, status=404)
    found.show_stalled_as_failed()
    status = {"state": found.state, "percent": found.percent, "error": found.error}
    return JsonResponse({**status, "url": reverse("jobs:job", kwargs={"job": job})})


@require_safe
@never_cache
@login_required
def job_file(request, job):
    """The file an export made, for the user who asked for it."""
    job = found_or_404(job_file_of(request.user, job))
    response = HttpResponse(bytes(job.content), content_type=XLSX_TYPE)
    # An ASCII file name: every browser and mail gateway keeps it intact.
    response["Content-Disposition"] = f'attachment; filename="{job.file_name}"'
    return response


@require_POST
@login_required
@answers_not_found
def county_template(request):
    """Start the county's Excel template, of the towns the user may see (?county=&year=)."""
    county, towns, year = county_scope(request)
    # A template carries the figures already entered: a download of figures, recorded
    # here, where the request (who, from where) is known.
    export_recorded(request, what=f"template-{county.code}-{year}", fmt="xlsx")
    job = job_start(
        kind=Job.Kind.COUNTY_TEMPLATE,
        user=request.user,
        file_name=f"template-{county.code}-{year}.xlsx",
        params={"county": county.code, "towns": [town.code for town in towns], "year": year},
    )
    return redirect("jobs:job", job=job.pk)
