"""Excel and CSV upload: read the file, preview every row, confirm to write them all.

Reading and checking a file, and writing it, run in the background worker
(:mod:`indicators.jobs`); these views start the job and send the browser to its
progress page (:mod:`dashboard.jobs`), which comes back to the preview when it is done.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from indicators.excel.preview import SHOWN_PER_KIND, preview_groups
from indicators.excel.reader import too_large_message
from indicators.jobs import job_start
from indicators.jobs.reads import batch_of, recent_batches
from indicators.models import ImportBatch, Job

from ..errors import found_or_404
from .forms import UploadForm

# Room for the form's other fields and the multipart boundaries around the file.
FORM_OVERHEAD = 64 * 1024


def _body_size(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def upload_page(request, form: UploadForm, status: int = 200, refusal: str = ""):
    """The upload form with the user's recent files, and why the last file was refused.

    Shared with the job page of an upload the worker refused.
    """
    context = {
        "form": form,
        "recent": recent_batches(request.user, 5),
        "form_limit_mb": settings.EXCEL_UPLOAD_MAX_BYTES // (1024 * 1024),
        "refusal": refusal,
    }
    return render(request, "upload/upload.html", context, status=status)


@login_required
def upload(request):
    if (
        request.method == "POST"
        and _body_size(request) > settings.EXCEL_UPLOAD_MAX_BYTES + FORM_OVERHEAD
    ):
        # Refused before Django spools the body to disk: the body's size stands for the file's.
        refusal = too_large_message(_body_size(request))
        return upload_page(request, UploadForm(), status=413, refusal=refusal)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        if file.size > settings.EXCEL_UPLOAD_MAX_BYTES:
            form.add_error("file", too_large_message(file.size))
        else:
            job = job_start(
                kind=Job.Kind.UPLOAD, user=request.user, file_name=file.name, content=file.read()
            )
            return redirect("jobs:job", job=job.pk)
    return upload_page(request, form, status=400 if form.errors else 200)


def _batch(request, batch) -> ImportBatch:
    # Only its uploader sees a batch: another user's file is "not found", not "forbidden".
    return found_or_404(batch_of(request.user, batch))


@login_required
def preview(request, batch):
    """The last check of the file, as the background worker kept it: no check here."""
    batch = _batch(request, batch)
    kept = batch.preview or {}
    counts = kept.get("counts", {})
    context = {
        "batch": batch,
        "checked": bool(kept),
        "counts": counts,
        "changed": kept.get("changed", 0),
        "warnings": kept.get("warnings", 0),
        "groups": preview_groups(kept),
        "shown_per_kind": SHOWN_PER_KIND,
        "can_confirm": batch.state == ImportBatch.State.PREVIEWED
        and bool(kept)
        and not counts.get("error")
        and kept.get("changed", 0) > 0,
    }
    return render(request, "upload/preview.html", context)


@require_POST
@login_required
def confirm(request, batch):
    batch = _batch(request, batch)
    if batch.state == ImportBatch.State.WRITTEN:
        messages.info(request, _("这个文件已经导入过了。"))
        return redirect("upload:preview", batch=batch.pk)
    job = job_start(kind=Job.Kind.WRITE, user=request.user, file_name=batch.file_name, batch=batch)
    return redirect("jobs:job", job=job.pk)


@require_POST
@login_required
def check(request, batch):
    """Check the file again against the figures as they are now."""
    batch = _batch(request, batch)
    job = job_start(kind=Job.Kind.CHECK, user=request.user, file_name=batch.file_name, batch=batch)
    return redirect("jobs:job", job=job.pk)
