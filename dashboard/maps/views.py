"""The map page, and the boundary upload of the 管理员 (preview, then confirmation)."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from indicators.accounts import access
from indicators.maps.reading import BoundaryFileError
from indicators.maps.selectors import staged_upload
from indicators.maps.services import boundaries_apply, boundaries_plan, boundaries_stage

from ..errors import found_or_404
from ..filters import dashboard_page, parse_filters
from ..roles import role_required
from .forms import BoundaryFileForm
from .page import map_page


@dashboard_page
def map_view(request):
    filters = parse_filters(request)
    context = {"filters": filters, **map_page(request.user, filters, request.GET)}
    context["may_upload"] = access.is_admin(request.user)
    if request.GET.get("format") == "json":
        # The figure alone, for the overview and the 大屏, which draw it beside their own
        # charts without adding this page's reads to theirs.
        chart = context["chart"]
        body = chart.json if chart else "null"
        return HttpResponse(body, content_type="application/json; charset=utf-8")
    return render(request, "maps/map.html", context)


# Lazily translated: the message is read when a refusal is rendered, in its language.
admin_only = role_required(access.is_admin, gettext_lazy("只有管理员可以上传边界。"))


@admin_only
def upload(request):
    if request.method != "POST":
        return render(request, "maps/upload.html", {"form": BoundaryFileForm()})
    form = BoundaryFileForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "maps/upload.html", {"form": form}, status=400)
    data = form.cleaned_data
    try:
        plan = boundaries_plan(data=data["file"].read(), level=data["level"], user=request.user)
    except BoundaryFileError as error:
        form.add_error("file", error.message)
        return render(request, "maps/upload.html", {"form": form}, status=400)
    staged = None
    if not plan.errors:
        staged = boundaries_stage(
            plan=plan,
            user=request.user,
            filename=data["file"].name,
            valid_from=data["valid_from"],
            valid_to=data["valid_to"],
        )
    context = {"plan": plan, "staged": staged, "form": form}
    return render(request, "maps/preview.html", context, status=400 if plan.errors else 200)


@require_POST
@admin_only
def confirm(request, pk: int):
    staged = found_or_404(staged_upload(pk, request.user))
    try:
        count = boundaries_apply(upload=staged, user=request.user)
    except BoundaryFileError as error:
        messages.error(request, error.message)
        return redirect("maps:upload")
    messages.success(request, _("已导入 %(count)s 个区划的边界。") % {"count": count})
    return redirect("maps:upload")
