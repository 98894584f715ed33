"""``assessments/{county}/{year}/``: a county's assessment of its towns, JSON or CSV.

The published (frozen) result when there is one; before that, today's result for
whoever covers the county. Town staff see a published result only.
"""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import APIException, NotFound, PermissionDenied
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from ..assessment import access
from ..assessment.services import assessment_standing
from ..audit.events import export_recorded
from ..models import Level, Region
from .params import REGION, unknown_params
from .renderers import CSVRenderer
from .reports import YEAR_PATH
from .schema import errors

CSV_HEADER = ["town", "name", "rank", "total", "grade", "vetoed", "part", "item", "indicator"]
CSV_HEADER += ["method", "weight", "points", "status", "inputs", "text"]


class Conflict(APIException):
    status_code = 409
    default_code = "scheme_unusable"


class AssessmentCSVRenderer(CSVRenderer):
    """One row per town and item; the town's total, rank and grade repeat on each."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if "towns" not in data:
            return super().render(data, accepted_media_type, renderer_context)
        rows = [
            [
                *(town[key] for key in ("code", "name", "rank", "total", "grade", "vetoed")),
                *(item[key] for key in ("part", "name", "indicator", "method", "weight", "points")),
                item["status"],
                "; ".join(f"{key}={value}" for key, value in item["inputs"].items()),
                item["text"],
            ]
            for town in data["towns"]
            for item in town["items"]
        ]
        return super().render([dict(zip(CSV_HEADER, row, strict=True)) for row in rows])


@extend_schema(
    summary="年度考核结果",
    description=(
        "县对各镇的年度综合考核：每个镇的总分、名次、等次，以及每个考核项的得分、"
        "计算说明和所用数字（inputs）。已发布时给出发布时冻结的结果（published=true）；"
        "未发布时只有覆盖全县的用户可看按今天已审核数字试算的结果。"
    ),
    parameters=[
        OpenApiParameter("county", str, OpenApiParameter.PATH, pattern=REGION),
        YEAR_PATH,
        OpenApiParameter("format", OpenApiTypes.STR, enum=["json", "csv"]),
    ],
    responses={
        (200, "application/json"): OpenApiResponse(OpenApiTypes.OBJECT),
        (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR),
        **errors(400, 401, 403, 404, 409),
    },
)
class AssessmentView(APIView):
    renderer_classes = [JSONRenderer, AssessmentCSVRenderer]

    def handle_exception(self, exc):
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return super().handle_exception(exc)

    def get(self, request, county: str, year: int):
        unknown_params(request, {api_settings.URL_FORMAT_OVERRIDE})
        region = Region.objects.filter(pk=county, level=Level.COUNTY).first()
        if region is None:
            raise NotFound(_("未知的县：%(code)s。") % {"code": county})
        if not access.may_see_published(request.user, region):
            raise PermissionDenied(_("您无权查看本县的考核结果。"))
        standing = assessment_standing(region, year)
        if standing.version is None:
            raise NotFound(_("%(year)s 年度还没有考核方案。") % {"year": year})
        if standing.shown is None:
            raise Conflict("；".join(standing.invalid))
        if standing.publication is None and not access.may_see_live(request.user, region):
            raise NotFound(_("%(year)s 年度的考核结果尚未发布。") % {"year": year})
        fmt = request.accepted_renderer.format
        if fmt == "csv":
            export_recorded(request, what=f"assessment-{county}-{year}", fmt=fmt)
        data = {
            **standing.shown,
            "published": standing.publication is not None,
            "pending_differences": len(standing.differences),
        }
        return Response(data)
