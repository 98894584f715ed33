"""The bulk write endpoints: ``values/bulk/`` and ``targets/bulk/``.

The answer is an import summary (DHIS2's importSummary, simplified). With a
conflict nothing is written and the status is 409, with the summary and the
error shape in one body; a malformed body is a 400; too many rows a 413.
"""

from dataclasses import asdict

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from indicators.figures.targets import targets_import

from ..figures import ImportSummary, figures_import
from ..models import Source, StampKind
from .exceptions import error_body
from .params import boolean_param
from .parsers import DecimalJSONParser
from .permissions import CanWriteTargets, CanWriteValues
from .preconditions import IF_MATCH, write_if_match
from .rows import rows_from_body
from .schema import DRY_RUN, errors
from .serializers import BulkRequestSerializer, ConflictSummarySerializer, ImportSummarySerializer


def summary_response(summary: ImportSummary) -> Response:
    body = {
        "status": summary.status,
        "dry_run": summary.dry_run,
        "created": summary.created,
        "updated": summary.updated,
        "deleted": summary.deleted,
        "unchanged": summary.unchanged,
        "conflicts": [asdict(conflict) for conflict in summary.conflicts],
        "warnings": [asdict(warning) for warning in summary.warnings],
    }
    if not summary.conflicts:
        return Response(body)
    message = _("有 %(n)s 处冲突，未写入任何数据。") % {"n": len(summary.conflicts)}
    body.update(error_body(409, "conflict", message))
    return Response(body, status=status.HTTP_409_CONFLICT)


def bulk_schema(summary: str, description: str):
    return extend_schema(
        summary=summary,
        description=description,
        parameters=[DRY_RUN, IF_MATCH],
        request=BulkRequestSerializer,
        responses={
            200: ImportSummarySerializer,
            409: OpenApiResponse(ConflictSummarySerializer, description="有冲突，未写入"),
            **errors(400, 401, 403, 412, 413, 415, 429),
        },
    )


BULK = {
    "detail": False,
    "methods": ["post"],
    "url_path": "bulk",
    "parser_classes": [DecimalJSONParser],
    "renderer_classes": [JSONRenderer],
    "pagination_class": None,
    "filterset_class": None,
    "params": ("dry_run",),
}


class ValueBulkMixin:
    @bulk_schema(
        "批量写入数字",
        "与填报表单相同的校验、权限、锁定和合理性规则（同一个写入服务）；value 为 null 表示删除。"
        "全部成功才写入（一处冲突则全部不写）。"
        "已审核锁定、已提交、不在本人权限内的镇均为冲突。"
        "每行可带 version（读取时该镇该年度的报表版本）：其间有人修改则为 stale 冲突，"
        "并列出修改了什么。合理性规则的提醒在 warnings 中，不阻止写入。一次最多 10,000 个。",
    )
    @action(**BULK, permission_classes=[IsAuthenticated, CanWriteValues])
    def bulk(self, request):
        dry_run = boolean_param(request, "dry_run")
        rows = rows_from_body(request.data)
        with write_if_match(request, StampKind.VALUES, (row.region for row in rows)):
            summary = figures_import(
                rows=rows, user=request.user, source=Source.API, dry_run=dry_run
            )
        return summary_response(summary)


class TargetBulkMixin:
    @bulk_schema(
        "批量写入目标",
        "形式与批量写入数字相同；区划可以是镇或县。只有县级审核人员（本县）和管理员可以设定。",
    )
    @action(**BULK, permission_classes=[IsAuthenticated, CanWriteTargets])
    def bulk(self, request):
        dry_run = boolean_param(request, "dry_run")
        rows = rows_from_body(request.data)
        with write_if_match(request, StampKind.TARGETS, (row.region for row in rows)):
            summary = targets_import(rows=rows, user=request.user, dry_run=dry_run)
        return summary_response(summary)
