"""``reports/{region}/{year}/``: the annual work report as JSON, HTML or Word.

The same report as the page at /report/{region}/{year}/, built from the figures the
caller may see: anything else prints XX, like a missing figure.
"""

from django.template.loader import render_to_string
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import APIException, NotFound, ValidationError
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from indicators.catalogue.years import current_year

from ..audit.events import export_recorded
from ..models import FIRST_YEAR, Level, Region
from ..reports import DOCX_TYPE, TemplateError, build_report, report_docx
from ..reports.broken import CODE as BROKEN_CODE
from ..reports.broken import STATUS as BROKEN_STATUS
from ..reports.broken import broken_logged, broken_message
from ..reports.html import page_parts
from ..reports.plain import report_json
from .params import REGION, unknown_params
from .schema import errors


class DocxRenderer(BaseRenderer):
    media_type = DOCX_TYPE
    format = "docx"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


class ReportHTMLRenderer(BaseRenderer):
    """A standalone HTML document with the report's print stylesheet."""

    media_type = "text/html"
    format = "html"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data.encode(self.charset)


# The JSON shape, for the OpenAPI description.
class FigureSerializer(serializers.Serializer):
    indicator = serializers.CharField(help_text="指标代码")
    name = serializers.CharField(help_text="指标名称")
    value = serializers.CharField(
        allow_null=True, help_text="数字（按指标的小数位数）；没有或无权查看时为 null，印作 XX"
    )
    unit = serializers.CharField(help_text="指标单位")
    text = serializers.CharField(help_text="报告中印出的文字：数字或 XX、单位和派生短语")
    approved = serializers.BooleanField(allow_null=True, help_text="是否已审核；没有数字时为 null")
    year_on_year = serializers.CharField(
        allow_null=True, help_text="如“同比增长5.2%”；没有上年数字或上年为 0 时为 null"
    )
    target = serializers.CharField(allow_null=True, help_text="如“完成年度目标的98.0%”")
    towns = serializers.IntegerField(allow_null=True, help_text="县级报告：参与汇总的镇数")
    start = serializers.IntegerField(help_text="在段落 text 中的起始位置（Unicode 字符）")
    end = serializers.IntegerField(help_text="在段落 text 中的结束位置（不含）")


class ParagraphSerializer(serializers.Serializer):
    text = serializers.CharField(help_text="段落文字")
    marked = serializers.CharField(help_text="同一段落，每个数字（或 XX）用【】标出")
    figures = FigureSerializer(many=True)


class PartSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["preamble", "section", "closing"])
    code = serializers.CharField(help_text="报告部分的代码；前言为 preamble，结尾为 closing")
    number = serializers.IntegerField(allow_null=True)
    heading = serializers.CharField(allow_null=True, help_text="带序号的标题，如“一、……”")
    paragraphs = ParagraphSerializer(many=True)


class ReportRegionSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    level = serializers.ChoiceField(choices=[Level.TOWN, Level.COUNTY])


class MissingSerializer(serializers.Serializer):
    indicator = serializers.CharField()
    name = serializers.CharField()
    unit = serializers.CharField()


class WorkReportSerializer(serializers.Serializer):
    region = ReportRegionSerializer()
    year = serializers.IntegerField()
    title = serializers.CharField()
    missing = MissingSerializer(many=True, help_text="报告中印作 XX 的指标，按出现顺序")
    unapproved = serializers.IntegerField(help_text="尚未审核的数字个数")
    sections = PartSerializer(many=True, help_text="前言、各部分、结尾，按报告顺序")


def report_region(code: str) -> Region:
    if not code.isascii() or not code.isdigit() or len(code) != 12:
        raise ValidationError({"region": [_("区划代码应为12位数字。")]})
    region = Region.objects.filter(pk=code).first()
    if region is None:
        raise NotFound(_("未知的区划代码：%(code)s。") % {"code": code})
    if region.level not in (Level.TOWN, Level.COUNTY):
        raise ValidationError({"region": [_("只有镇和县有年度工作报告。")]})
    return region


def report_year(year: int) -> int:
    last = current_year()
    if year > last:
        raise ValidationError({"year": [_("%(year)s 年还没有开始。") % {"year": year}]})
    if year < FIRST_YEAR:
        raise ValidationError({"year": [_("年度不能早于 %(first)s。") % {"first": FIRST_YEAR}]})
    return year


REGION_PATH = OpenApiParameter(
    "region", str, OpenApiParameter.PATH, pattern=REGION, description="镇或县的 12 位区划代码"
)
YEAR_PATH = OpenApiParameter(
    "year",
    # The schema is built when the server starts: its current year.
    {"type": "integer", "minimum": FIRST_YEAR, "maximum": current_year()},
    OpenApiParameter.PATH,
    description="年度，2000 年至今年；尚未开始的年度返回 400",
)


class TemplateConflict(APIException):
    """A template that no longer fits the catalogue: the request is right, the stored
    templates and catalogue disagree (indicators/reports/broken.py)."""

    status_code = BROKEN_STATUS
    default_code = BROKEN_CODE


@extend_schema(
    summary="年度工作报告",
    description=(
        "按参考报告的结构和措辞，用数字写出镇或县某年的年度工作报告。没有数字（或调用者无权查看）"
        "的地方印作 XX。县级报告由各镇数字按各指标的汇总方式算出，与 aggregates/ 一致。"
        "format=json 给出各部分的文字并标出每个数字；html 为可打印的独立网页；"
        "docx 为按 GB/T 9704-2012 排版的 Word 文档。"
    ),
    parameters=[
        REGION_PATH,
        YEAR_PATH,
        OpenApiParameter("format", OpenApiTypes.STR, enum=["json", "html", "docx"]),
    ],
    responses={
        (200, "application/json"): WorkReportSerializer,
        (200, "text/html"): OpenApiResponse(OpenApiTypes.STR, description="可打印的 HTML 文档"),
        (200, DOCX_TYPE): OpenApiResponse(OpenApiTypes.BINARY, description="Word 文档（附件）"),
        **errors(400, 401, 404, 409, 429),
    },
)
class ReportView(APIView):
    renderer_classes = [JSONRenderer, ReportHTMLRenderer, DocxRenderer]

    def handle_exception(self, exc):
        # Errors are JSON even when HTML or Word was asked for.
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return super().handle_exception(exc)

    def get(self, request, region: str, year: int):
        unknown_params(request, {api_settings.URL_FORMAT_OVERRIDE})
        region, year = report_region(region), report_year(year)
        try:
            report = build_report(request.user, region, year)
        except TemplateError as error:
            broken_logged(region, year, error)
            raise TemplateConflict(broken_message(error)) from error
        fmt = request.accepted_renderer.format
        # The report in any format is a document of figures: a download, audited.
        export_recorded(request, what=f"report-{report.region.code}-{year}", fmt=fmt)
        if fmt == "docx":
            response = Response(report_docx(report))
            response["Content-Disposition"] = _attachment(f"{report.title}.docx")
            return response
        if fmt == "html":
            context = {"report": report, "parts": page_parts(report)}
            return Response(render_to_string("report/standalone.html", context, request))
        return Response(report_json(report))


def _attachment(filename: str) -> str:
    return content_disposition_header(as_attachment=True, filename=filename)
