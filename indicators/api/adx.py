"""``adx/``: figures as an ADX message (GET) and an ADX message written (POST).

Export reads what the caller may read (access.visible_values); import goes through
figures_import with source ADX and answers the bulk endpoints' import summary. The
mapping to DHIS2 identifiers is data (indicators.exchange.adx.mapping).
"""

from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from indicators.catalogue.years import current_year

from ..audit.events import export_recorded
from ..exchange.adx import (
    CONTENT_TYPE,
    AdxInvalid,
    Mapping,
    adx_figures,
    adx_import,
    message_write,
)
from ..figures import TooManyRows
from ..models import FIRST_YEAR, Region
from .bulk import summary_response
from .exceptions import error_body
from .params import BOOLEANS, REGION, integer_param, matches, unknown_params
from .permissions import CanWriteValues
from .schema import errors
from .serializers import ConflictSummarySerializer, ImportSummarySerializer

#: What an import may send as Content-Type: ADX's own, or plain XML.
ACCEPTED_TYPES = (CONTENT_TYPE, "application/xml", "text/xml")
SAMPLE = """<?xml version="1.0" encoding="UTF-8"?>
<adx xmlns="urn:ihe:qrph:adx:2015" exported="2026-03-01T08:00:00+08:00">
  <group orgUnit="330102001000" period="2025-01-01/P1Y" dataSet="TOWN_INDICATORS">
    <dataValue dataElement="gdp" value="123.4"/>
  </group>
</adx>"""


class AdxRenderer(BaseRenderer):
    media_type = CONTENT_TYPE
    format = "adx"
    charset = "utf-8"
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


class NotAdx(exceptions.UnsupportedMediaType):
    """A subclass, so that the error handler keeps this message, not the JSON one."""


def _region(request) -> Region:
    code = request.query_params.get("region")
    if code is None or not matches(REGION, code):
        raise exceptions.ValidationError({"region": [_("应为 12 位区划代码。")]})
    region = Region.objects.filter(pk=code).first()
    if region is None:
        raise exceptions.ValidationError(
            {"region": [_("未知的区划代码：%(code)s。") % {"code": code}]}
        )
    return region


def _dry_run(request) -> bool:
    raw = request.query_params.get("dry_run")
    if raw not in BOOLEANS:
        message = _("请给出 dry_run=true（只校验）或 dry_run=false（写入）；先用 true 预演。")
        raise exceptions.ValidationError({"dry_run": [message]})
    return BOOLEANS[raw]


REGION_PARAM = OpenApiParameter(
    "region", str, required=True, pattern=REGION, description="区划的 12 位代码：一个镇，或其下各镇"
)
YEAR_PARAM = OpenApiParameter(
    "year",
    {"type": "integer", "minimum": FIRST_YEAR, "maximum": current_year()},
    required=True,
    description="年度；ADX 期间写作 2025-01-01/P1Y",
)
DRY_RUN_PARAM = OpenApiParameter(
    "dry_run",
    OpenApiTypes.BOOL,
    required=True,
    description="必填。true：只校验，返回导入摘要，不写入；false：写入。其他值返回 400。",
)


class AdxView(APIView):
    renderer_classes = [AdxRenderer, JSONRenderer]

    def get_permissions(self):
        if self.request.method == "POST":
            return [IsAuthenticated(), CanWriteValues()]
        return super().get_permissions()

    def perform_content_negotiation(self, request, force=False):
        # The import answers an import summary in JSON, whatever the Accept header says.
        if request.method == "POST":
            return JSONRenderer(), JSONRenderer.media_type
        return super().perform_content_negotiation(request, force)

    def handle_exception(self, exc):
        # Errors are JSON even when an ADX message was asked for.
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return super().handle_exception(exc)

    @extend_schema(
        summary="导出 ADX 报文",
        description=(
            "某区划（一个镇或其下各镇）某年的数字，写成 IHE ADX 报文（DHIS2 的 ADX 导入可读）："
            "每个镇一年一个 group，期间为 2025-01-01/P1Y；数据元素、组织机构和数据集按 ADX "
            "对照表换成 DHIS2 标识，没有对照的用本系统代码（DHIS2 导入时用 idScheme=CODE）。"
            "与其他读取相同的可见范围：未登录只能读到公开部分的已审核数字。"
        ),
        parameters=[REGION_PARAM, YEAR_PARAM],
        responses={
            (200, CONTENT_TYPE): OpenApiResponse(
                OpenApiTypes.STR,
                description="ADX 报文（附件）",
                examples=[OpenApiExample("一个镇一年", value=SAMPLE)],
            ),
            **errors(400, 401, 429),
        },
    )
    def get(self, request):
        unknown_params(request, {"region", "year"})
        region = _region(request)
        year = integer_param(request, "year", minimum=FIRST_YEAR, maximum=current_year())
        if year is None:
            raise exceptions.ValidationError({"year": [_("请给出年度，如 year=2025。")]})
        figures = adx_figures(request.user, region, year)
        body = message_write(figures, Mapping.load(), timezone.now())
        export_recorded(request, what=f"adx-{region.code}-{year}", fmt="adx", rows=len(figures))
        response = HttpResponse(body, content_type=f"{CONTENT_TYPE}; charset=utf-8")
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=f"adx-{region.code}-{year}.xml"
        )
        return response

    @extend_schema(
        summary="导入 ADX 报文",
        description=(
            "读入 ADX 报文（Content-Type: application/adx+xml），经与填报表单相同的写入服务写入，"
            "来源记为 ADX：同样的校验、权限、锁定、重复检查和冲突代码，全部成功才写入。"
            "dry_run 必填，先用 true 预演。不在对照表中的数据元素或组织机构为 unknown_indicator "
            "或 unknown_region 冲突（409）；不是整年的期间、格式错误、含 DOCTYPE（外部实体）的报文"
            "返回 400（code 为 invalid_adx，details.problems 列出行号和问题），不写入任何数据。"
            "ADX 不能删除数字：value 不能为空。"
        ),
        parameters=[DRY_RUN_PARAM],
        request={CONTENT_TYPE: OpenApiTypes.STR},
        examples=[OpenApiExample("一个数字", value=SAMPLE, request_only=True)],
        responses={
            200: ImportSummarySerializer,
            409: OpenApiResponse(ConflictSummarySerializer, description="有冲突，未写入"),
            **errors(400, 401, 403, 413, 415, 429),
        },
    )
    def post(self, request):
        unknown_params(request, {"dry_run"})
        dry_run = _dry_run(request)
        if request.content_type.split(";")[0].strip().lower() not in ACCEPTED_TYPES:
            raise NotAdx(
                request.content_type,
                _("请求内容须为 ADX 报文（Content-Type: application/adx+xml）。"),
            )
        try:
            summary = adx_import(body=request.body, user=request.user, dry_run=dry_run)
        except AdxInvalid as invalid:
            problems = [{"line": line, "message": message} for line, message in invalid.problems]
            message = _("ADX 报文有误，未写入任何数据：%(first)s") % {
                "first": problems[0]["message"]
            }
            body = error_body(400, "invalid_adx", message, {"problems": problems})
            return Response(body, status=status.HTTP_400_BAD_REQUEST)
        except TooManyRows as refused:
            body = error_body(413, refused.code, refused.message)
            return Response(body, status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
        return summary_response(summary)
