"""OpenAPI annotations shared by the views, so that each view says only what is its own."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema

from ..models import FIRST_YEAR, LAST_YEAR
from .renderers import XLSX_TYPE
from .serializers import ErrorSerializer

FORMAT = OpenApiParameter(
    "format",
    OpenApiTypes.STR,
    enum=["json", "csv"],
    description="csv：整个结果（不分页）以 UTF-8 CSV 流式返回，带 BOM 以便 Excel 打开。",
)
FORMAT_WITH_XLSX = OpenApiParameter(
    "format",
    OpenApiTypes.STR,
    enum=["json", "csv", "xlsx"],
    description=(
        "csv：整个结果（不分页）以 UTF-8 CSV 流式返回，带 BOM 以便 Excel 打开。"
        "xlsx：整个结果（不分页）为 Excel 工作簿：第一张表每行一个数字，“宽表”每个区划每年一行、"
        "每个指标一列（表头带单位），“说明”写筛选条件和导出时间；"
        "超过 Excel 一张工作表的上限（1,048,576 行，含表头）时返回 400。"
    ),
)
CURSOR = OpenApiParameter(
    "cursor",
    OpenApiTypes.STR,
    description=(
        "按游标翻页：第一页传空值（?cursor=），之后使用答复中 next 给出的链接；"
        "每页的代价相同，适合逐页读取整个省的数据。previous 为 null。"
        "游标不可修改，无效的游标返回 400。与 page 互斥：两者同时给出返回 400。"
    ),
)
YEAR_MIN = OpenApiParameter(
    "year_min",
    {"type": "integer", "minimum": FIRST_YEAR, "maximum": LAST_YEAR},
    description="起始年度（含）",
)
YEAR_MAX = OpenApiParameter(
    "year_max",
    {"type": "integer", "minimum": FIRST_YEAR, "maximum": LAST_YEAR},
    description="截止年度（含）",
)
ROW_COUNT = OpenApiParameter(
    "X-Row-Count",
    OpenApiTypes.INT,
    location=OpenApiParameter.HEADER,
    response=[200],
    description=(
        "仅 CSV：流中的数据行数（不含表头）。读到的行数少于它，或正文不以换行结尾，"
        "说明传输中断，数据不完整。"
    ),
)
DATA_LIST_PARAMETERS = [CURSOR, ROW_COUNT]
DRY_RUN = OpenApiParameter(
    "dry_run",
    OpenApiTypes.BOOL,
    description=(
        "true：只校验并返回导入摘要，不写入任何数据；false 或省略：写入。"
        "只接受 true 或 false，其他值（包括空值）返回 400。"
    ),
)


def errors(*codes: int) -> dict:
    return {
        (code, "application/json"): OpenApiResponse(ErrorSerializer, description="错误")
        for code in codes
    }


READ_ERRORS = errors(400, 401, 404, 429)
NOT_MODIFIED = {304: OpenApiResponse(description="未修改（If-None-Match 与 ETag 相同）")}


def list_schema(
    serializer, *, summary: str, description: str = "", parameters=(), xlsx: bool = False
) -> dict:
    """A list endpoint: JSON (paginated when the view paginates), CSV, XLSX if it says so,
    ETag, errors."""
    spreadsheet = {}
    if xlsx:
        spreadsheet[(200, XLSX_TYPE)] = OpenApiResponse(
            OpenApiTypes.BINARY, description="XLSX 工作簿（附件 values.xlsx 或 targets.xlsx）"
        )
    return extend_schema(
        summary=summary,
        description=description,
        parameters=[FORMAT_WITH_XLSX if xlsx else FORMAT, *parameters],
        responses={
            (200, "application/json"): serializer,
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="CSV"),
            **spreadsheet,
            **NOT_MODIFIED,
            **READ_ERRORS,
        },
    )


#: Request bodies whose every property the server names: anything else is a 400.
CLOSED_BODIES = ("BulkRequestRequest", "BulkRowRequest")


def closed_bodies(result, generator, request, public):
    """drf-spectacular post-processing hook: the bulk bodies admit no other property,
    as the server refuses them (``additionalProperties: false``)."""
    schemas = result.get("components", {}).get("schemas", {})
    for name in CLOSED_BODIES:
        if name in schemas:
            schemas[name]["additionalProperties"] = False
    return result


#: Writes whose message is the request body: without one there is nothing to import,
#: and the server answers 415 (no Content-Type) or 400, so the schema says it is required.
BODY_REQUIRED = (
    "/api/v1/adx/",
    "/api/v1/sdmx/data/",
    "/api/v1/values/bulk/",
    "/api/v1/targets/bulk/",
)


def required_bodies(result, generator, request, public):
    """drf-spectacular post-processing hook: mark the message bodies of imports required."""
    for path in BODY_REQUIRED:
        body = result.get("paths", {}).get(path, {}).get("post", {}).get("requestBody")
        if body is not None:
            body["required"] = True
    return result
