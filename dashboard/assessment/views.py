"""The assessment pages: league table (with what-if), a town's breakdown, the scheme,
publishing, and the XLSX and .docx downloads. Short views; the domain does the work."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from indicators.assessment import access
from indicators.assessment.inputs import catalogue_indicators
from indicators.assessment.notice import notice_docx
from indicators.assessment.plain import METHOD_NAMES, result_json
from indicators.assessment.reads import latest_scheme, latest_scheme_year
from indicators.assessment.services import (
    PublishRefused,
    assessment_compute,
    assessment_publish,
    assessment_standing,
    county_label,
    last_year_ranks,
    scheme_save,
)
from indicators.assessment.spec import SchemeInvalid
from indicators.audit.events import export_recorded
from indicators.catalogue.years import current_year
from indicators.divisions.reads import region_coded
from indicators.models import Level, Region
from indicators.reports import DOCX_TYPE

from ..downloads import XLSX_TYPE
from ..errors import found_or_404
from .sheet import league_xlsx
from .tables import league_rows, legend
from .whatif import TRIAL_METHODS, trial_fields, whatif_scheme

MAX_SCHEME_BYTES = 200_000


def county_or_404(code: str) -> Region:
    return found_or_404(region_coded(code, Level.COUNTY))


def forbidden(request, message: str):
    return render(request, "dashboard/problem.html", {"message": message}, status=403)


def _no_scheme(request, county, year):
    context = {"county": county, "year": year, "manage": access.may_manage(request.user, county)}
    return render(request, "assessment/empty.html", context, status=404)


def _without_result(request, county, year, standing):
    """The page to show instead of a result, when there is none; None when there is."""
    if standing.version is None:
        return _no_scheme(request, county, year)
    if standing.shown is None:
        return _unusable(request, county, year, standing)
    return None


def _unusable(request, county, year, standing):
    """A saved scheme that no longer reads (an indicator left the catalogue): say why."""
    message = _("考核方案（第 %(v)s 版）已不能使用：%(why)s。请县级审核人员修改方案。") % {
        "v": standing.version.version,
        "why": "；".join(standing.invalid),
    }
    return render(request, "dashboard/problem.html", {"message": message}, status=409)


@login_required
def index(request):
    """The user's county, at the latest year that has a scheme."""
    county = access.home_county(request.user)
    if county is None:
        return forbidden(request, _("您的账户没有所属的县。"))
    latest = latest_scheme_year(county)
    return redirect("assessment:league", county.code, latest or current_year() - 1)


@login_required
def league(request, county: str, year: int):
    county = county_or_404(county)
    live, manage = (
        access.may_see_live(request.user, county),
        access.may_manage(request.user, county),
    )
    if not access.may_see_published(request.user, county):
        return forbidden(request, _("您无权查看本县的考核结果。"))
    standing = assessment_standing(county, year)
    if (problem := _without_result(request, county, year, standing)) is not None:
        return problem
    if standing.publication is None and not live:
        own = access.own_town(request.user, county)
        return redirect("assessment:town", county.code, year, own)
    data, trial, changes, trial_error = standing.shown, None, [], []
    if manage and request.GET.get("whatif"):
        indicators = catalogue_indicators(county)
        try:
            scheme, changes = whatif_scheme(standing.version.source, request.GET, indicators)
        except SchemeInvalid as invalid:
            scheme, trial_error = None, invalid.messages
        if scheme is not None:
            result = assessment_compute(county, year, scheme, indicators)
            trial = result_json(result, county=county_label(county), version=0)
    before = {town["code"]: town["rank"] for town in data["towns"]}
    context = {
        "county": county,
        "year": year,
        "standing": standing,
        "data": trial or data,
        "rows": league_rows(trial or data, before if trial else last_year_ranks(county, year)),
        "trial": trial,
        "changes": changes,
        "trial_error": trial_error,
        "trial_fields": trial_fields(standing.scheme, request.GET) if manage else [],
        "methods": [(m, METHOD_NAMES[m]) for m in TRIAL_METHODS],
        "legend": legend(),
        "manage": manage,
    }
    return render(request, "assessment/league.html", context)


@login_required
def town(request, county: str, year: int, town: str):
    county = county_or_404(county)
    own = access.own_town(request.user, county)
    if not (access.may_see_live(request.user, county) or own == town):
        return forbidden(request, _("您只能查看本镇的考核得分。"))
    standing = assessment_standing(county, year)
    if (problem := _without_result(request, county, year, standing)) is not None:
        return problem
    data = standing.shown
    row = next((t for t in data["towns"] if t["code"] == town), None)
    if row is None:
        return render(
            request, "dashboard/problem.html", {"message": _("本县没有这个镇。")}, status=404
        )
    context = {
        "county": county,
        "year": year,
        "standing": standing,
        "data": data,
        "town": row,
        "differences": [d for d in standing.differences if d.town == row["name"]],
        "league_visible": standing.publication is not None
        or access.may_see_live(request.user, county),
    }
    return render(request, "assessment/town.html", context)


@login_required
def scheme_toml(request, county: str, year: int):
    """The scheme as TOML: download it, or upload or paste a new version (county
    officials). The form editor (editing.py) saves through the same service."""
    county = county_or_404(county)
    if not access.may_manage(request.user, county):
        return forbidden(request, _("只有县级审核人员可以编辑考核方案。"))
    standing_version = latest_scheme(county, year)
    if request.GET.get("format") == "toml" and standing_version is not None:
        response = HttpResponse(
            standing_version.source, content_type="application/toml; charset=utf-8"
        )
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=f"assessment-{county.code}-{year}.toml"
        )
        return response
    errors, source = [], standing_version.source if standing_version else ""
    if request.method == "POST":
        source, errors = _posted_source(request)
        if not errors:
            try:
                saved = scheme_save(
                    county=county,
                    year=year,
                    source=source,
                    user=request.user,
                    reason=request.POST.get("reason", ""),
                )
            except SchemeInvalid as invalid:
                errors = invalid.messages
            else:
                messages.success(request, _("已保存为第 %(v)s 版。") % {"v": saved.version})
                return redirect("assessment:scheme_toml", county.code, year)
    context = {
        "county": county,
        "year": year,
        "version": standing_version,
        "source": source,
        "errors": errors,
    }
    return render(request, "assessment/scheme.html", context, status=400 if errors else 200)


def _posted_source(request) -> tuple[str, list[str]]:
    upload = request.FILES.get("file")
    if upload is None:
        return request.POST.get("source", ""), []
    if upload.size > MAX_SCHEME_BYTES:
        return "", [_("文件太大：考核方案不超过 200 KB。")]
    try:
        return upload.read().decode("utf-8-sig"), []
    except UnicodeDecodeError:
        return "", [_("文件不是 UTF-8 编码的文本。")]


@login_required
@require_POST
def publish(request, county: str, year: int):
    county = county_or_404(county)
    if not access.may_manage(request.user, county):
        return forbidden(request, _("只有县级审核人员可以发布考核结果。"))
    try:
        published = assessment_publish(
            county=county, year=year, user=request.user, note=request.POST.get("note", "")
        )
    except PublishRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("已发布（第 %(n)s 次）。") % {"n": published.number})
    return redirect("assessment:league", county.code, year)


@login_required
def download(request, county: str, year: int, fmt: str):
    if fmt not in ("xlsx", "docx"):
        raise Http404
    county = county_or_404(county)
    standing = assessment_standing(county, year)
    visible = access.may_see_live(request.user, county) or (
        standing.publication is not None and access.may_see_published(request.user, county)
    )
    if not visible:
        return forbidden(request, _("考核结果发布后才能下载。"))
    if (problem := _without_result(request, county, year, standing)) is not None:
        return problem
    data = standing.shown
    stem = f"assessment-{county.code}-{year}"
    export_recorded(request, what=stem, fmt=fmt, rows=len(data["towns"]))
    if fmt == "xlsx":
        response = HttpResponse(
            league_xlsx(data, last_year_ranks(county, year)), content_type=XLSX_TYPE
        )
    else:
        response = HttpResponse(notice_docx(data), content_type=DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response
