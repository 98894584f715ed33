"""Read endpoints. Views parse the request, ask a queryset or a service, and answer."""

from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.renderers import JSONRenderer

from indicators.accounts import access

from ..models import DataValue, Region, Section, StampKind, Status
from . import plain
from .bulk import TargetBulkMixin, ValueBulkMixin
from .catalogue import IndicatorWriteMixin
from .filters import IndicatorFilter, RegionFilter, SectionFilter, TargetFilter, ValueFilter
from .lists import CatalogueViewMixin, DataListMixin
from .pagination import ApiPagination
from .renderers import (
    CSVRenderer,
    Figure,
    XLSXRenderer,
)
from .schema import DATA_LIST_PARAMETERS, READ_ERRORS, list_schema
from .serializers import (
    IndicatorSerializer,
    RegionSerializer,
    SectionSerializer,
    TargetSerializer,
    ValueSerializer,
)


def located() -> list[str]:
    """The first columns of every long sheet: what, where, when (translated per request)."""
    return [_("指标代码"), _("指标"), _("单位"), _("区划代码"), _("区划"), _("年度")]


@extend_schema_view(
    list=list_schema(SectionSerializer(many=True), summary="报告部分"),
    retrieve=extend_schema(
        summary="一个报告部分", responses={200: SectionSerializer, **READ_ERRORS}
    ),
)
class SectionViewSet(CatalogueViewMixin, viewsets.ReadOnlyModelViewSet):
    """The five sections of the annual report; anonymous callers see the public ones."""

    serializer_class = SectionSerializer
    filterset_class = SectionFilter
    pagination_class = None
    lookup_field = "code"
    csv_name = "sections"

    def get_queryset(self):
        visible = access.visible_indicators(self.request.user).values("section_id")
        return Section.objects.filter(code__in=visible).order_by("number")


@extend_schema_view(
    list=list_schema(IndicatorSerializer(many=True), summary="指标目录"),
    retrieve=extend_schema(summary="一个指标", responses={200: IndicatorSerializer, **READ_ERRORS}),
)
class IndicatorViewSet(IndicatorWriteMixin, CatalogueViewMixin, viewsets.ReadOnlyModelViewSet):
    """Indicators in report order; anonymous callers see the public ones. A 管理员
    adds, changes and retires them (:mod:`.catalogue`)."""

    serializer_class = IndicatorSerializer
    filterset_class = IndicatorFilter
    pagination_class = None
    lookup_field = "code"
    csv_name = "indicators"

    def get_queryset(self):
        return access.visible_indicators(self.request.user)


@extend_schema_view(
    list=list_schema(RegionSerializer(many=True), summary="行政区划"),
    retrieve=extend_schema(
        summary="一个行政区划", responses={200: RegionSerializer, **READ_ERRORS}
    ),
)
class RegionViewSet(CatalogueViewMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = RegionSerializer
    filterset_class = RegionFilter
    pagination_class = ApiPagination
    lookup_field = "code"
    lookup_value_regex = r"[0-9]{12}"
    csv_name = "regions"
    queryset = Region.objects.order_by("code")


@extend_schema_view(
    list=list_schema(
        ValueSerializer(many=True),
        summary="数字",
        description=(
            "每个镇每年每个指标的数字，按区划、年度、报告顺序稳定排序，分页并给出总数。"
            "未登录只能读到公开部分的已审核数字。未知的代码返回 400。"
        ),
        parameters=DATA_LIST_PARAMETERS,
        xlsx=True,
    ),
)
class ValueViewSet(ValueBulkMixin, DataListMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = ValueSerializer
    filterset_class = ValueFilter
    renderer_classes = [JSONRenderer, CSVRenderer, XLSXRenderer]
    listing = plain.VALUES
    stamp_kind = StampKind.VALUES
    csv_name = "values"
    xlsx_title = gettext_lazy("数字")
    xlsx_widths = (22, 24, 10, 15, 16, 7, 16, 10, 20)

    def get_queryset(self):
        queryset = DataValue.objects.select_related("report__region", "indicator")
        return access.visible_values(self.request.user, queryset).order_by(*plain.VALUES.key_fields)

    def xlsx_header(self) -> list[str]:
        return [*located(), _("数值"), _("状态"), _("修改时间")]

    def xlsx_row(self, value) -> list:
        indicator, report = value.indicator, value.report
        return [
            indicator.code,
            indicator.name,
            indicator.unit,
            report.region_id,
            report.region.name,
            report.year,
            Figure(value.value.quantize(indicator.quantum), indicator.decimals),
            self.status_labels[report.status],
            value.updated_at,
        ]

    def xlsx_wide_header(self) -> list[str]:
        return [*super().xlsx_wide_header(), _("状态")]

    def xlsx_wide_key(self, value) -> tuple:
        report = value.report
        return (
            report.region_id,
            report.region.name,
            report.year,
            self.status_labels[report.status],
        )

    @cached_property
    def status_labels(self) -> dict[str, str]:
        """Status labels translated once: get_status_display() per row is slow."""
        return {value: str(label) for value, label in Status.choices}


@extend_schema_view(
    list=list_schema(
        TargetSerializer(many=True), summary="目标", parameters=DATA_LIST_PARAMETERS, xlsx=True
    )
)
class TargetViewSet(TargetBulkMixin, DataListMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = TargetSerializer
    filterset_class = TargetFilter
    renderer_classes = [JSONRenderer, CSVRenderer, XLSXRenderer]
    listing = plain.TARGETS
    stamp_kind = StampKind.TARGETS
    csv_name = "targets"
    xlsx_title = gettext_lazy("目标")
    xlsx_widths = (22, 24, 10, 15, 16, 7, 16, 30, 20)

    def get_queryset(self):
        return (
            access.visible_targets(self.request.user)
            .select_related("region", "indicator")
            .order_by(*plain.TARGETS.key_fields)
        )

    def xlsx_header(self) -> list[str]:
        return [*located(), _("目标值"), _("备注"), _("修改时间")]

    def xlsx_row(self, target) -> list:
        indicator = target.indicator
        return [
            indicator.code,
            indicator.name,
            indicator.unit,
            target.region_id,
            target.region.name,
            target.year,
            Figure(target.value.quantize(indicator.quantum), indicator.decimals),
            target.comment,
            target.updated_at,
        ]

    def xlsx_wide_key(self, target) -> tuple:
        return (target.region_id, target.region.name, target.year)
