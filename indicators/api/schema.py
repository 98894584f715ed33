"""OpenAPI annotations shared by the views, so that each view says only what is its own."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema

from .serializers import ErrorSerializer

FORMAT = OpenApiParameter(
    "format",
    OpenApiTypes.STR,
    enum=["json", "csv"],
    description="csv：整个结果（不分页）以 UTF-8 CSV 流式返回，带 BOM 以便 Excel 打开。",
)
DRY_RUN = OpenApiParameter(
    "dry_run",
    OpenApiTypes.BOOL,
    description="true：只校验并返回导入摘要，不写入任何数据。",
)


def errors(*codes: int) -> dict:
    return {
        (code, "application/json"): OpenApiResponse(ErrorSerializer, description="错误")
        for code in codes
    }


READ_ERRORS = errors(400, 401, 404, 429)
NOT_MODIFIED = {304: OpenApiResponse(description="未修改（If-None-Match 与 ETag 相同）")}


def list_schema(serializer, *, summary: str, description: str = "", parameters=()) -> dict:
    """A list endpoint: JSON (paginated when the view paginates) or CSV, ETag, errors."""
    return extend_schema(
        summary=summary,
        description=description,
        parameters=[FORMAT, *parameters],
        responses={
            (200, "application/json"): serializer,
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="CSV"),
            **NOT_MODIFIED,
            **READ_ERRORS,
        },
    )
