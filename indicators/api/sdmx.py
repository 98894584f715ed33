"""``sdmx/``: the product's figures in SDMX 2.1 (structures, data out, data in).

Thin views over :mod:`indicators.exchange.sdmx`: reads ask
:func:`indicators.accounts.access.visible_values` through its query, writes go through
:func:`indicators.figures.figures_import` with source SDMX. SDMX-CSV of a whole
query streams through PostgreSQL's COPY, as the values list's CSV does.
"""

from django.db import connection
from django.db.models import F, TextField, Value
from django.db.models.functions import NullIf
from django.http import HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from indicators.accounts import access

from ..audit.events import export_recorded
from ..exchange.sdmx import model
from ..exchange.sdmx.errors import SdmxError
from ..exchange.sdmx.importing import sdmx_import
from ..exchange.sdmx.labels import code_names
from ..exchange.sdmx.query import COLUMNS, flow_check, observations, query_parse
from ..exchange.sdmx.structure import structure_message, structure_select
from ..exchange.sdmx.writers import CSV_HEADER, csv_line, sdmx_csv, sdmx_json, sdmx_ml
from ..figures import TooManyRows
from . import csvcopy
from .bulk import summary_response
from .exceptions import error_body
from .lists import ROW_COUNT
from .params import boolean_param, unknown_params
from .permissions import CanWriteValues
from .schema import DRY_RUN, errors
from .serializers import ConflictSummarySerializer, ImportSummarySerializer

FORMATS = tuple(model.MEDIA)
# Accept header media types (without parameters) → format; SDMX-ML when any will do.
ACCEPTED = {
    "application/vnd.sdmx.structurespecificdata+xml": "sdmx-ml",
    "application/xml": "sdmx-ml",
    "text/xml": "sdmx-ml",
    "*/*": "sdmx-ml",
    "application/*": "sdmx-ml",
    "application/vnd.sdmx.data+json": "sdmx-json",
    "application/json": "sdmx-json",
    "application/vnd.sdmx.data+csv": "sdmx-csv",
    "text/csv": "sdmx-csv",
}
# What a write may send as Content-Type.
READABLE = {
    "application/vnd.sdmx.data+csv": "sdmx-csv",
    "text/csv": "sdmx-csv",
    "application/vnd.sdmx.structurespecificdata+xml": "sdmx-ml",
    "application/xml": "sdmx-ml",
    "text/xml": "sdmx-ml",
}


class JsonErrors(BaseContentNegotiation):
    """The views choose the SDMX format themselves; DRF renders only JSON errors."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


def refused(error: SdmxError) -> exceptions.APIException:
    problem = exceptions.APIException(error.message, error.code)
    problem.status_code = error.status
    return problem


def data_format(request) -> str:
    wanted = request.query_params.get("format")
    if wanted is not None:
        if wanted not in FORMATS:
            message = _("format 应为 %(formats)s 之一。") % {"formats": ", ".join(FORMATS)}
            raise refused(SdmxError("invalid", message))
        return wanted
    header = request.headers.get("Accept", "") or "*/*"
    for item in header.split(","):
        kind = item.split(";")[0].strip().lower()
        if kind in ACCEPTED:
            return ACCEPTED[kind]
    message = _("不支持请求的格式；可用 SDMX-ML、SDMX-JSON 或 SDMX-CSV（也可用 format=）。")
    raise exceptions.NotAcceptable(message)


class SdmxView(APIView):
    renderer_classes = [JSONRenderer]
    content_negotiation_class = JsonErrors
    params: set[str] = set()

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        unknown_params(request, self.params)

    def handle_exception(self, exc):
        if isinstance(exc, SdmxError):
            exc = refused(exc)
        return super().handle_exception(exc)


STRUCTURE_PATH = [
    OpenApiParameter(name, OpenApiTypes.STR, OpenApiParameter.PATH, description=text)
    for name, text in (
        ("resource", "dataflow、datastructure、codelist、conceptscheme 或 structure（全部）"),
        ("agency", "机构：TOWNDASH 或 all"),
        ("resource_id", "结构的 id 或 all，如 TOWN_FIGURES、CL_REGION"),
        ("version", "版本：1.0、latest 或 all"),
    )
]


@extend_schema(
    summary="SDMX 结构",
    description=(
        "SDMX-ML 2.1 结构消息：数据流 TOWN_FIGURES、数据结构定义 DSD_TOWN_FIGURES、概念、"
        "代码表 CL_REGION（12 位区划代码，中英文名称）、CL_INDICATOR、CL_UNIT、CL_OBS_STATUS。"
        "随指标目录变化；匿名调用者只看到公开指标。references=children|descendants|all 时"
        "一并返回引用的结构。"
    ),
    parameters=[
        *STRUCTURE_PATH,
        OpenApiParameter("references", OpenApiTypes.STR, enum=["none", "children", "all"]),
    ],
    responses={
        (200, model.STRUCTURE_MEDIA): OpenApiResponse(OpenApiTypes.BINARY, description="结构"),
        **errors(400, 404, 429),
    },
)
class StructureView(SdmxView):
    params = {"references"}

    def get(self, request, resource, agency="all", resource_id="all", version="latest"):
        references = request.query_params.get("references", "none")
        chosen = structure_select(resource, agency, resource_id, version, references)
        body = structure_message(request.user, chosen)
        return HttpResponse(body, content_type=model.STRUCTURE_MEDIA)


@extend_schema(exclude=True)
class StructureAliasView(StructureView):
    """SDMX REST 1.x (2.1) paths, without ``structure/``, as SDMX 2.1 clients ask."""


@extend_schema(
    summary="SDMX 数据",
    description=(
        "键按 SDMX REST 约定：REGION.INDICATOR，+ 表示或，留空表示全部；区划代码包括其全部下级。"
        "startPeriod、endPeriod 为年度。格式由 Accept 或 format= 决定："
        "SDMX-ML 2.1 structure-specific（默认）、SDMX-JSON 1.0、SDMX-CSV 2.0。"
        "可见范围与 /api/v1/values/ 相同；X-Row-Count 为观测值个数，SDMX-CSV 每行以 CRLF 结尾。"
    ),
    parameters=[
        OpenApiParameter(
            "flow", OpenApiTypes.STR, OpenApiParameter.PATH, description="TOWN_FIGURES"
        ),
        OpenApiParameter(
            "key",
            OpenApiTypes.STR,
            OpenApiParameter.PATH,
            description="REGION.INDICATOR，如 999901000000.raw_coal_output+gdp；all 为全部",
        ),
        OpenApiParameter("startPeriod", OpenApiTypes.STR, pattern=r"^[0-9]{4}$"),
        OpenApiParameter("endPeriod", OpenApiTypes.STR, pattern=r"^[0-9]{4}$"),
        OpenApiParameter("format", OpenApiTypes.STR, enum=list(FORMATS)),
        OpenApiParameter("dimensionAtObservation", OpenApiTypes.STR, enum=["AllDimensions"]),
    ],
    responses={
        **{
            (200, media.split(";")[0]): OpenApiResponse(OpenApiTypes.BINARY, description=fmt)
            for fmt, media in model.MEDIA.items()
        },
        **errors(400, 401, 404, 406, 429),
    },
)
class DataView(SdmxView):
    params = {"startPeriod", "endPeriod", "format", "dimensionAtObservation"}

    def get(self, request, flow, key="all", provider=None):
        flow_check(flow)
        if request.query_params.get("dimensionAtObservation", "AllDimensions") != "AllDimensions":
            message = _("dimensionAtObservation 只支持 AllDimensions（每个观测值独立）。")
            raise refused(SdmxError("invalid", message))
        fmt = data_format(request)
        user = request.user
        query = query_parse(
            user,
            key,
            request.query_params.get("startPeriod"),
            request.query_params.get("endPeriod"),
        )
        indicators = list(access.visible_indicators(user))
        queryset = observations(user, query, indicators)
        count = queryset.count()
        export_recorded(request, what="sdmx", fmt=fmt, rows=count)
        if fmt == "sdmx-csv" and connection.vendor == "postgresql":
            blocks = copy_blocks(queryset)
        else:
            rows = queryset.values_list(*COLUMNS).iterator(chunk_size=2000)
            if fmt == "sdmx-csv":
                blocks = sdmx_csv(rows)
            elif fmt == "sdmx-json":
                blocks = sdmx_json(rows, code_names(indicators))
            else:
                blocks = sdmx_ml(rows)
        response = StreamingHttpResponse(blocks, content_type=model.MEDIA[fmt])
        response[ROW_COUNT] = str(count)
        response["Vary"] = "Accept, Cookie, Authorization"
        return response


@extend_schema(exclude=True)
class DataAliasView(DataView):
    """The same query without a key, or with a provider (ignored): REST's shorter and
    longer forms."""


def copy_blocks(queryset):
    """SDMX-CSV by COPY: the bytes of :func:`sdmx_csv`, formatted by the server."""
    cells = {
        "c0": Value("dataflow"),
        "c1": Value(model.FLOW_REF),
        "c2": Value("I"),
        "c3": F("report__region_id"),
        "c4": F("indicator_id"),
        "c5": F("report__year"),
        "c6": csvcopy.figure_text(F("value"), F("indicator__decimals")),
        "c7": F("unit_code"),
        "c8": F("obs_status"),
        # COPY writes NULL as nothing and '' as "": Python's csv writes '' as nothing.
        "c9": NullIf(F("shown_comment"), Value(""), output_field=TextField()),
    }
    first = csv_line(CSV_HEADER).encode()
    return csvcopy.copy_csv(queryset.annotate(**cells), list(cells), first)


@extend_schema(
    summary="写入 SDMX 数据消息",
    description=(
        "请求体为 SDMX-CSV（Content-Type: application/vnd.sdmx.data+csv 或 text/csv）或 "
        "SDMX-ML 2.1 structure-specific 数据消息（application/xml）。与批量写入数字相同的写入服务、"
        "校验和冲突代码，来源记为 SDMX；全部成功才写入。dry_run=true 只校验。"
    ),
    parameters=[DRY_RUN],
    request={
        "application/vnd.sdmx.data+csv": OpenApiTypes.BINARY,
        "application/xml": OpenApiTypes.BINARY,
    },
    responses={
        200: ImportSummarySerializer,
        409: OpenApiResponse(ConflictSummarySerializer, description="有冲突，未写入"),
        **errors(400, 401, 403, 404, 413, 415, 429),
    },
)
class ImportView(SdmxView):
    permission_classes = [IsAuthenticated, CanWriteValues]
    params = {"dry_run"}
    parser_classes = []

    def post(self, request):
        dry_run = boolean_param(request, "dry_run")
        kind = (request.content_type or "").split(";")[0].strip().lower()
        if kind not in READABLE:
            message = _("请求内容须为 SDMX-CSV（text/csv）或 SDMX-ML（application/xml）。")
            raise exceptions.UnsupportedMediaType(kind, message)
        try:
            summary = sdmx_import(
                data=request.body, fmt=READABLE[kind], user=request.user, dry_run=dry_run
            )
        except SdmxError as error:
            body = error_body(error.status, error.code, error.message, error.details)
            return Response(body, status=error.status)
        except TooManyRows as too_many:
            body = error_body(413, too_many.code, too_many.message)
            return Response(body, status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
        return summary_response(summary)
