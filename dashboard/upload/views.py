"""Excel and CSV upload: read the file, preview every row, confirm to write them all."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from indicators.excel.batches import batch_confirm, batch_create, batch_preview
from indicators.excel.reader import UploadError, read_upload
from indicators.models import ImportBatch

from .forms import UploadForm
from .preview import KINDS, SHOWN_PER_KIND, preview_rows


def _too_big(request) -> bool:
    """Refuse an oversized body before Django spools it to disk."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    return length > settings.EXCEL_UPLOAD_MAX_BYTES + 64 * 1024  # room for the form's fields


@login_required
def upload(request):
    limit_mb = settings.EXCEL_UPLOAD_MAX_BYTES // (1024 * 1024)
    if request.method == "POST" and _too_big(request):
        form = UploadForm()
        form.add_error(None, _("文件太大，上限为 %(limit)s MB。请分开上传。") % {"limit": limit_mb})
        context = {"form": form, "form_limit_mb": limit_mb, "recent": []}
        return render(request, "upload/upload.html", context, status=413)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        try:
            read = read_upload(file.name, file.read())
        except UploadError as refused:
            form.add_error("file", refused.message)
        else:
            if not read.rows and not read.problems:
                form.add_error(
                    "file", _("文件里没有需要导入的数字：所有行都与模板下载时相同，或者是空行。")
                )
            else:
                batch = batch_create(upload=read, user=request.user, file_name=file.name)
                return redirect("upload:preview", batch=batch.pk)
    status = 400 if form.errors else 200
    recent = ImportBatch.objects.filter(user=request.user).only(
        "id", "file_name", "state", "created_at", "written"
    )[:5]
    context = {"form": form, "recent": recent, "form_limit_mb": limit_mb}
    return render(request, "upload/upload.html", context, status=status)


def _batch(request, batch) -> ImportBatch:
    # Only its uploader sees a batch: another user's file is "not found", not "forbidden".
    return get_object_or_404(ImportBatch, pk=batch, user=request.user)


@login_required
def preview(request, batch):
    batch = _batch(request, batch)
    summary = batch_preview(batch=batch, user=request.user)
    grouped = preview_rows(batch, summary)
    counts = {kind: len(rows) for kind, rows in grouped.items()}
    context = {
        "batch": batch,
        "summary": summary,
        "counts": counts,
        "groups": [(kind, grouped[kind][:SHOWN_PER_KIND]) for kind in KINDS if grouped[kind]],
        "shown_per_kind": SHOWN_PER_KIND,
        "can_confirm": batch.state == ImportBatch.State.PREVIEWED
        and not counts["error"]
        and summary.changed,
    }
    return render(request, "upload/preview.html", context)


@require_POST
@login_required
def confirm(request, batch):
    batch = _batch(request, batch)
    if batch.state == ImportBatch.State.WRITTEN:
        messages.info(request, _("这个文件已经导入过了。"))
        return redirect("upload:preview", batch=batch.pk)
    summary = batch_confirm(batch=batch, user=request.user)
    if summary.conflicts:
        messages.error(
            request,
            _(
                "没有导入：预览之后，数据有了变化（或出现了问题），下面是按现在的数据重新检查的结果。"
            ),
        )
    elif not summary.changed:
        messages.info(request, _("没有需要导入的改动。"))
    # Written: the preview page itself now says when and what, from the batch.
    return redirect("upload:preview", batch=batch.pk)
