"""``reports/{region}/{year}/parse/``: the figures a past report states, written nowhere.

A program sends a town's old report (multipart ``file``: .docx or .txt in UTF-8 or
GBK) or its text (JSON ``{"text": …}``) and gets each figure found with the sentence
it came from; it commits them through ``values/bulk/``, as it chooses.
"""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from indicators.accounts import access

from ..excel.reader import UploadError
from ..models import Level
from ..reports.parsing import report_parse
from ..reports.parsing.commit import figure_json
from ..reports.parsing.text import MAX_BYTES, MAX_CHARS, too_large
from .exceptions import error_body
from .parsers import DecimalJSONParser
from .reports import REGION_PATH, YEAR_PATH, report_region, report_year
from .schema import errors

# Room for the multipart boundaries and headers around the file.
OVERHEAD = 64 * 1024


class ParsedFigureSerializer(serializers.Serializer):
    indicator = serializers.CharField(help_text="指标代码")
    value = serializers.CharField(help_text="数字，已换算为指标的单位（如 1.2亿元 → 12000 万元）")
    unit = serializers.CharField(help_text="指标单位")
    sentence = serializers.CharField(help_text="数字所在的句子")
    start = serializers.IntegerField(help_text="数字（连同单位）在 sentence 中的起点，从 0 计")
    end = serializers.IntegerField(help_text="终点（不含）")


class ParsedReportSerializer(serializers.Serializer):
    figures = ParsedFigureSerializer(many=True)
    not_found = serializers.ListField(
        child=serializers.CharField(), help_text="没有找到、或没有把握的指标代码"
    )
    year = serializers.IntegerField(allow_null=True, help_text="正文中写明的年度；没有时为 null")


def _refused(refused: UploadError) -> Response:
    return Response(error_body(400, refused.code, refused.message), status=400)


@extend_schema(
    summary="读取历年报告中的数字（不写入）",
    description=(
        "上传一份镇的历年工作报告（multipart 字段 `file`：.docx，或 UTF-8 / GBK 编码的 .txt），"
        '或用 JSON `{"text": "…"}` 发送正文。按指标目录中的报告原文查找每个数字，'
        "也识别中文数字、全角数字、千位分隔符、万/亿换算和“余”。没有把握的数字列在 "
        "`not_found` 中，绝不猜测。本接口不写入任何数据；确认后请用 `values/bulk/` 提交。"
        f"文件不超过 {MAX_BYTES // (1024 * 1024)} MB。"
    ),
    parameters=[REGION_PATH, YEAR_PATH],
    request={
        "multipart/form-data": inline_serializer(
            "ParseFile", {"file": serializers.FileField(help_text=".docx 或 .txt")}
        ),
        "application/json": inline_serializer(
            "ParseText", {"text": serializers.CharField(help_text="报告正文")}
        ),
    },
    responses={
        200: OpenApiResponse(ParsedReportSerializer, description="找到的数字"),
        **errors(400, 401, 403, 404, 429),
    },
)
class ParseView(APIView):
    permission_classes = [IsAuthenticated]
    parser_classes = [MultiPartParser, DecimalJSONParser]

    def post(self, request, region: str, year: int):
        town = report_region(region)
        report_year(year)
        if town.level != Level.TOWN:
            raise ValidationError({"region": [_("历年报告的数字属于镇：请给出镇的区划代码。")]})
        if not access.covers(request.user, town):
            raise PermissionDenied(_("您无权查看这个镇的数据。"))
        try:
            size = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            size = 0
        if size > MAX_BYTES + OVERHEAD:
            return _refused(too_large(size))  # before the body is read
        try:
            parsed = report_parse(**self._input(request))
        except UploadError as refused:
            return _refused(refused)
        body = {
            "figures": [figure_json(figure) for figure in parsed.figures],
            "not_found": parsed.not_found,
            "year": parsed.year,
        }
        return Response(body)

    def _input(self, request) -> dict:
        upload = request.FILES.get("file") if hasattr(request.data, "getlist") else None
        if upload is not None:
            if upload.size > MAX_BYTES:
                raise UploadError("too_large", too_large(upload.size).message)
            return {"name": upload.name, "data": upload.read()}
        text = request.data.get("text") if isinstance(request.data, dict) else None
        if not isinstance(text, str) or not text.strip():
            raise UploadError(
                "no_input",
                _('请用 multipart 字段 file 上传报告文件，或用 JSON {"text": "…"} 发送正文。'),
            )
        if len(text) > MAX_CHARS:
            raise UploadError("too_long", _("文字太长，不像一份年度工作报告，已拒绝。"))
        if "\x00" in text:
            raise UploadError("invalid", _("正文不能包含空字符（\\u0000）。"))
        return {"text": text}
