"""Read endpoints. Views parse the request, ask a queryset or a service, and answer."""

from django.db.models import Count, Max
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.renderers import JSONRenderer

from .. import access
from ..models import DataValue, Region, Section
from .bulk import TargetBulkMixin, ValueBulkMixin
from .caching import Stamp, body_etag, mark, not_modified, stamp_etag
from .filters import IndicatorFilter, RegionFilter, SectionFilter, TargetFilter, ValueFilter
from .pagination import ApiPagination
from .renderers import CSVRenderer, csv_stream
from .schema import READ_ERRORS, list_schema
from .serializers import (
    IndicatorSerializer,
    RegionSerializer,
    SectionSerializer,
    TargetSerializer,
    ValueSerializer,
)


class ApiViewMixin:
    renderer_classes = [JSONRenderer, CSVRenderer]
    csv_name = "export"

    def handle_exception(self, exc):
        # Errors are JSON even when CSV was asked for, or when negotiation itself failed.
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return super().handle_exception(exc)

    def csv_header(self) -> list[str]:
        return list(self.get_serializer_class()().fields)

    def csv_rows(self, queryset):
        serializer = self.get_serializer_class()
        for item in queryset.iterator(chunk_size=2000):
            yield list(serializer(item).data.values())

    def csv_response(self, queryset):
        return csv_stream(self.csv_header(), self.csv_rows(queryset), self.csv_name)

    def wants_csv(self) -> bool:
        return self.request.accepted_renderer.format == "csv"


class CatalogueViewMixin(ApiViewMixin):
    """Small lists: a JSON body's hash is its ETag; CSV streams without one."""

    def list(self, request, *args, **kwargs):
        if self.wants_csv():
            return self.csv_response(self.filter_queryset(self.get_queryset()))
        return super().list(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        return body_etag(request, response)


class DataListMixin(ApiViewMixin):
    """Lists of figures: one aggregate query for ETag, Last-Modified and the count."""

    pagination_class = ApiPagination
    stamp_times: tuple[str, ...] = ("updated_at",)

    def stamp(self, queryset) -> Stamp:
        times = {f"t{i}": Max(field) for i, field in enumerate(self.stamp_times)}
        row = queryset.order_by().aggregate(count=Count("pk"), **times)
        latest = [row[key] for key in times if row[key] is not None]
        return Stamp(row["count"], max(latest) if latest else None)

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        stamp = self.stamp(queryset)
        etag = stamp_etag(request, stamp)
        unchanged = not_modified(request, etag, stamp.last_modified)
        if unchanged is not None:
            return unchanged
        if self.wants_csv():
            response = self.csv_response(queryset)
        else:
            page = self.paginator.paginate_queryset(queryset, request, self, count=stamp.count)
            data = self.get_serializer(page, many=True).data
            response = self.paginator.get_paginated_response(data)
        return mark(response, etag, stamp.last_modified)


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
class IndicatorViewSet(CatalogueViewMixin, viewsets.ReadOnlyModelViewSet):
    """Indicators in report order; anonymous callers see the public ones."""

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
    ),
)
class ValueViewSet(ValueBulkMixin, DataListMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = ValueSerializer
    filterset_class = ValueFilter
    stamp_times = ("updated_at", "report__updated_at")
    csv_name = "values"

    def get_queryset(self):
        queryset = DataValue.objects.select_related("report__region", "indicator")
        return access.visible_values(self.request.user, queryset).order_by(
            "report__region_id", "report__year", "indicator__section__number", "indicator__order"
        )

    def csv_rows(self, queryset):
        for value in queryset.iterator(chunk_size=2000):
            indicator, report = value.indicator, value.report
            yield [
                indicator.code,
                indicator.name,
                report.region_id,
                report.region.name,
                report.year,
                indicator.format_value(value.value),
                indicator.unit,
                report.status,
                report.version,
                timezone.localtime(value.updated_at).isoformat(),
            ]


@extend_schema_view(list=list_schema(TargetSerializer(many=True), summary="目标"))
class TargetViewSet(TargetBulkMixin, DataListMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = TargetSerializer
    filterset_class = TargetFilter
    csv_name = "targets"

    def get_queryset(self):
        return (
            access.visible_targets(self.request.user)
            .select_related("region", "indicator")
            .order_by("region_id", "year", "indicator__section__number", "indicator__order")
        )
