"""Changing the catalogue through the API, for a 管理员's token or session: add and change
indicators, retire and restore them; read the catalogue's versions, compare two, and
export the whole catalogue as TOML.

Every write goes through the editing service (indicators.catalogue.editing), with the
pages' checks and messages. Its refusals are JSON errors with the field they belong to:
``{"error": {"status": 400, "code", "message", "field", "details"}}`` (403 for
``forbidden``, 404 for an unknown code).
"""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from indicators.accounts import access

from ..catalogue import editing
from ..models import Aggregation, CatalogueVersion, Indicator, ValueType
from .exceptions import error_body
from .pagination import ApiPagination
from .params import integer_param, unknown_params
from .schema import errors
from .serializers import ErrorDetailSerializer, IndicatorSerializer

#: Keys of a write's body that are not the indicator's fields.
OPTIONS = ("reason", "conversion", "confirm_outside")


class CanEditCatalogue(BasePermission):
    message = _("您的角色不能修改指标目录，只有管理员可以。")

    def has_permission(self, request, view) -> bool:
        return access.may_edit_catalogue(request.user)


EDITORS = [IsAuthenticated, CanEditCatalogue]


def refusal_response(refusal: editing.CatalogueRefused) -> Response:
    code = {"forbidden": 403, "unknown": 404}.get(refusal.code, 400)
    body = error_body(code, refusal.code, refusal.message, refusal.details or None)
    body["error"]["field"] = refusal.field
    return Response(body, status=code)


def _body(request) -> dict:
    if not isinstance(request.data, dict):
        raise ValidationError({"_": [_("请求内容应为 JSON 对象。")]})
    return dict(request.data)


def _confirmed(body: dict) -> bool:
    confirm = body.pop("confirm_outside", False)
    if not isinstance(confirm, bool):
        raise ValidationError({"confirm_outside": [_("应为 true 或 false。")]})
    return confirm


# --- the schema's shapes


class CatalogueErrorDetailSerializer(ErrorDetailSerializer):
    field = serializers.CharField(
        allow_null=True, required=False, help_text="出错的字段，如 unit、min_value。"
    )


class CatalogueErrorSerializer(serializers.Serializer):
    error = CatalogueErrorDetailSerializer()


def refusals(*codes: int) -> dict:
    return {
        (code, "application/json"): OpenApiResponse(
            CatalogueErrorSerializer, description="拒绝修改（未作任何修改）"
        )
        for code in codes
    }


class IndicatorWriteSerializer(serializers.Serializer):
    """The fields to change of an indicator (PATCH: only those given)."""

    code = serializers.SlugField(max_length=60, required=False, help_text="有数字后不能再改。")
    section = serializers.CharField(required=False)
    order = serializers.IntegerField(required=False, min_value=1)
    name = serializers.CharField(required=False, max_length=100)
    name_en = serializers.CharField(required=False, max_length=150, allow_blank=True)
    unit = serializers.CharField(required=False, max_length=20)
    unit_en = serializers.CharField(required=False, max_length=40, allow_blank=True)
    value_type = serializers.ChoiceField(choices=ValueType.choices, required=False)
    decimals = serializers.IntegerField(required=False, min_value=0, max_value=4)
    min_value = serializers.CharField(required=False, help_text='数字或文本，如 "0"。')
    max_value = serializers.CharField(required=False, help_text='数字或文本，如 "100000"。')
    higher_is_better = serializers.BooleanField(required=False, allow_null=True)
    aggregation = serializers.ChoiceField(choices=Aggregation.choices, required=False)
    is_public = serializers.BooleanField(required=False)
    source_sentence = serializers.CharField(required=False, allow_blank=True)
    scope = serializers.CharField(
        required=False, allow_null=True, help_text="省、市或县的 12 位区划代码；null 表示全部地区。"
    )
    active_from = serializers.IntegerField(
        required=False,
        allow_null=True,
        help_text="从该年起填报，以前年份不要求这项指标；null 表示各年都填报。"
        "新增时省略即为当年。不能晚于已有数字的年份。",
    )
    reason = serializers.CharField(help_text="修改原因（必填），记入目录版本和审计记录。")
    conversion = serializers.CharField(
        required=False,
        help_text="修改有数字的指标的单位时必填：新数字 = 原数字 × 换算系数（万元→亿元：0.0001）。",
    )
    confirm_outside = serializers.BooleanField(
        required=False, help_text="收窄合理范围而已有数字落在范围外时，确认保存（数字不变）。"
    )


#: What a new indicator must give (the editing service's required fields); the rest
#: have defaults: order last in its section, 0 decimals, lower bound 0, public,
#: reported from this year on.
CREATE_REQUIRED = ("code", "section", "name", "unit", "value_type", "aggregation", "max_value")


class IndicatorCreateSerializer(IndicatorWriteSerializer):
    """A new indicator."""

    def get_fields(self):
        fields = super().get_fields()
        for name in CREATE_REQUIRED:
            fields[name].required = True
        del fields["conversion"], fields["confirm_outside"]
        return fields


class RetireSerializer(serializers.Serializer):
    from_year = serializers.IntegerField(
        allow_null=True, help_text="从该年起停用；null 表示恢复。以前年份的数字不变。"
    )
    reason = serializers.CharField()


class VersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = CatalogueVersion
        fields = ["id", "created_at", "username", "reason"]


class VersionDetailSerializer(serializers.ModelSerializer):
    changes = serializers.JSONField(
        help_text="本版本的修改：[{action, kind, code, name, fields}]。"
    )

    class Meta:
        model = CatalogueVersion
        fields = ["id", "created_at", "username", "reason", "changes", "snapshot"]


class CatalogueChangeSerializer(serializers.Serializer):
    indicator = IndicatorSerializer()
    version = VersionSerializer()


class DiffFieldSerializer(serializers.Serializer):
    field = serializers.CharField()
    label = serializers.CharField()
    before = serializers.CharField()
    after = serializers.CharField()


class DiffEntrySerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["section", "indicator", "rule"])
    code = serializers.CharField()
    name = serializers.CharField()
    fields = DiffFieldSerializer(many=True)
    note = serializers.CharField()


class DiffSerializer(serializers.Serializer):
    added = DiffEntrySerializer(many=True)
    removed = DiffEntrySerializer(many=True)
    changed = DiffEntrySerializer(many=True)


# --- writes, mixed into IndicatorViewSet

WRITE_ERRORS = {**refusals(400, 403, 404), **errors(401, 415, 429)}


WRITES = ("create", "partial_update", "retire")


class IndicatorWriteMixin:
    def get_renderers(self):
        # A write answers JSON, refusals included, whatever format the URL asks for.
        if getattr(self, "action", None) in WRITES:
            return [JSONRenderer()]
        return super().get_renderers()

    def _changed(self, version, code: str, status_code: int = 200) -> Response:
        indicator = Indicator.objects.select_related("section").get(code=code)
        body = {
            "indicator": IndicatorSerializer(indicator).data,
            "version": VersionSerializer(version).data,
        }
        return Response(body, status=status_code)

    @extend_schema(
        summary="新增指标",
        description="只有管理员可以。与目录页面相同的校验和提示；每次修改生成一个目录版本并记入审计。",
        request=IndicatorCreateSerializer,
        responses={201: CatalogueChangeSerializer, **WRITE_ERRORS},
    )
    def create(self, request, *args, **kwargs):
        body = _body(request)
        reason = body.pop("reason", None)
        try:
            version = editing.indicator_add(user=request.user, fields=body, reason=reason)
        except editing.CatalogueRefused as refusal:
            return refusal_response(refusal)
        return self._changed(version, body["code"].strip(), status.HTTP_201_CREATED)

    @extend_schema(
        summary="修改指标",
        description=(
            "只给出要修改的字段。已有数字的指标：代码不能改；改单位须给出 conversion（换算"
            "经同一写入服务，保留历史；已提交或已审核报表中的数字不能换算）；收窄合理范围使已有"
            "数字落在范围外时须 confirm_outside=true（数字不变，标记待复核）。"
        ),
        request=IndicatorWriteSerializer,
        responses={200: CatalogueChangeSerializer, **WRITE_ERRORS},
    )
    def partial_update(self, request, *args, **kwargs):
        indicator = self.get_object()
        body = _body(request)
        reason = body.pop("reason", None)
        conversion = body.pop("conversion", None)
        confirm = _confirmed(body)
        try:
            version = editing.indicator_change(
                user=request.user,
                code=indicator.code,
                fields=body,
                reason=reason,
                conversion=conversion,
                confirm_outside=confirm,
            )
        except editing.CatalogueRefused as refusal:
            return refusal_response(refusal)
        code = body["code"].strip() if isinstance(body.get("code"), str) else indicator.code
        return self._changed(version, code)

    @extend_schema(
        summary="停用或恢复指标",
        description="从 from_year 起不再出现在填报表和模板中；以前年份的数字、图表和报告不变。"
        "from_year 为 null 时恢复。",
        request=RetireSerializer,
        responses={200: CatalogueChangeSerializer, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="retire", pagination_class=None)
    def retire(self, request, *args, **kwargs):
        indicator = self.get_object()
        body = _body(request)
        if "from_year" not in body:
            raise ValidationError({"from_year": [_("请给出停用年份；恢复时写 null。")]})
        try:
            version = editing.indicator_retire(
                user=request.user,
                code=indicator.code,
                from_year=body.get("from_year"),
                reason=body.get("reason"),
            )
        except editing.CatalogueRefused as refusal:
            return refusal_response(refusal)
        return self._changed(version, indicator.code)

    def get_permissions(self):
        if self.action in WRITES:
            return [permission() for permission in EDITORS]
        return super().get_permissions()


# --- versions, their differences, the TOML


class QuestionFirst:
    """A malformed question is a 400 whoever asks: the parameters are checked before
    the caller's rights (as on the public lists), which they reveal nothing about."""

    params: tuple[str, ...] = ()

    def initial(self, request, *args, **kwargs):
        method = request.method.lower()
        if method in self.http_method_names and hasattr(self, method):
            # Another method is a 405, whatever the question (dispatch answers it).
            unknown_params(request, set(self.params))
            self.params_check(request)
        super().initial(request, *args, **kwargs)

    def params_check(self, request) -> None:
        pass


@extend_schema(
    summary="指标目录版本",
    description="每次修改目录生成一个版本：时间、修改人、原因和修改内容；最新的在前。只有管理员可以读取。",
    responses={200: VersionSerializer(many=True), **errors(400, 401, 403, 404, 429)},
)
class CatalogueVersionViewSet(
    QuestionFirst, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    permission_classes = EDITORS
    params = ("page", "page_size")
    pagination_class = ApiPagination
    renderer_classes = [JSONRenderer]
    queryset = CatalogueVersion.objects.order_by("-pk")
    lookup_value_regex = r"[0-9]{1,18}"

    def params_check(self, request) -> None:
        self.paginator.get_page_number(request)
        self.paginator.get_page_size(request)

    def get_serializer_class(self):
        return VersionDetailSerializer if self.action == "retrieve" else VersionSerializer

    @extend_schema(
        summary="一个目录版本",
        description="修改内容（changes）和修改后的整个目录（snapshot，TOML 格式）。",
        responses={200: VersionDetailSerializer, **errors(401, 403, 404, 429)},
    )
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)


VERSION_NUMBER = {"type": "integer", "minimum": 1}
VERSION_FROM = OpenApiParameter("from", VERSION_NUMBER, required=True, description="较早的版本号")
VERSION_TO = OpenApiParameter("to", VERSION_NUMBER, required=True, description="较新的版本号")


class CatalogueDiffView(QuestionFirst, APIView):
    permission_classes = EDITORS
    renderer_classes = [JSONRenderer]
    params = ("from", "to")

    def params_check(self, request) -> None:
        self.numbers = {}
        for name in self.params:
            self.numbers[name] = integer_param(request, name, minimum=1)
            if self.numbers[name] is None:
                raise ValidationError({name: [_("请给出版本号。")]})

    @extend_schema(
        summary="比较两个目录版本",
        description="新增、删除和修改的报告部分、指标和规则，修改的逐字段列出前后的值。",
        parameters=[VERSION_FROM, VERSION_TO],
        responses={200: DiffSerializer, **errors(400, 401, 403, 404, 429)},
    )
    def get(self, request):
        old = get_object_or_404(CatalogueVersion, pk=self.numbers["from"])
        new = get_object_or_404(CatalogueVersion, pk=self.numbers["to"])
        return Response(editing.versions_diff(old, new).as_body())


class TomlRenderer(BaseRenderer):
    media_type = "application/toml"
    format = "toml"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data.encode("utf-8") if isinstance(data, str) else b""


class CatalogueTomlView(APIView):
    permission_classes = EDITORS
    renderer_classes = [TomlRenderer, JSONRenderer]

    @extend_schema(
        summary="导出整个指标目录（TOML）",
        description="与仓库中 catalogue.toml 相同的格式，另有 scope、retired_from 和 [[rules]]。",
        responses={
            (200, "application/toml"): OpenApiResponse(OpenApiTypes.STR, description="TOML"),
            **errors(400, 401, 403, 406, 429),
        },
    )
    def get(self, request):
        response = HttpResponse(
            editing.catalogue_toml(), content_type="application/toml; charset=utf-8"
        )
        response["Content-Disposition"] = 'attachment; filename="catalogue.toml"'
        return response

    def handle_exception(self, exc):
        # Errors are JSON, whatever format was asked for.
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return super().handle_exception(exc)
