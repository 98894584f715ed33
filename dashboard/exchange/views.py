"""The ADX mapping page for the 管理员: rows to edit, CSV out, CSV in with a preview."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from indicators.accounts import access
from indicators.exchange.adx import MappingRefused, mapping_delete, mapping_save
from indicators.exchange.adx.mapping import DEFAULT_DATASET
from indicators.exchange.adx.mapping_csv import (
    MappingFileError,
    mapping_csv,
    mapping_import,
    mapping_plan,
)
from indicators.exchange.reads import mappings_in_order

from ..roles import role_required
from .forms import MappingConfirmForm, MappingFileForm, MappingRowForm

admin_only = role_required(access.is_admin, gettext_lazy("只有管理员可以维护 ADX 对照表。"))


def _page(request, *, form=None, file_form=None, status=200):
    context = {
        "rows": mappings_in_order(),
        "form": form or MappingRowForm(),
        "file_form": file_form or MappingFileForm(),
        "default_dataset": DEFAULT_DATASET,
    }
    return render(request, "exchange/adx_mapping.html", context, status=status)


@admin_only
def mapping(request):
    if request.method != "POST":
        return _page(request)
    form = MappingRowForm(request.POST)
    if not form.is_valid():
        return _page(request, form=form, status=400)
    data = form.cleaned_data
    try:
        mapping_save(
            kind=data["kind"],
            code=data["code"],
            dhis2_id=data["dhis2_id"],
            combo=data["category_option_combo"],
            user=request.user,
        )
    except MappingRefused as refused:
        form.add_error(None, refused.message)
        return _page(request, form=form, status=400)
    messages.success(request, _("已保存对照。"))
    return redirect("exchange:adx_mapping")


@require_POST
@admin_only
def delete(request, pk: int):
    if mapping_delete(pk=pk, user=request.user):
        messages.success(request, _("已删除对照，该代码恢复使用本系统代码。"))
    return redirect("exchange:adx_mapping")


@require_GET
@admin_only
def download(request):
    response = HttpResponse(mapping_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename="adx-mapping.csv"
    )
    return response


@require_POST
@admin_only
def upload(request):
    """The file's preview; nothing is saved until the confirmation."""
    file_form = MappingFileForm(request.POST, request.FILES)
    if not file_form.is_valid():
        return _page(request, file_form=file_form, status=400)
    data = file_form.cleaned_data["file"]
    try:
        plan = mapping_plan(data)
    except MappingFileError as error:
        file_form.add_error("file", error.errors)
        return _page(request, file_form=file_form, status=400)
    confirm = MappingConfirmForm(initial={"content": data.decode("utf-8-sig")})
    context = {"plan": plan, "confirm": confirm}
    return render(request, "exchange/adx_preview.html", context, status=400 if plan.errors else 200)


@require_POST
@admin_only
def confirm(request):
    form = MappingConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("预览已失效，请重新上传文件。"))
        return redirect("exchange:adx_mapping")
    try:
        plan = mapping_import(form.cleaned_data["content"].encode(), user=request.user)
    except MappingFileError as error:
        for problem in error.errors[:20]:
            messages.error(request, problem)
        return redirect("exchange:adx_mapping")
    message = _("已导入：新增 %(created)s 行，修改 %(updated)s 行，未变 %(unchanged)s 行。")
    counts = {key: plan.count(key) for key in ("created", "updated", "unchanged")}
    messages.success(request, message % counts)
    return redirect("exchange:adx_mapping")
