"""``aggregates/``: a region's figure per indicator and year from its towns' figures."""

from django import forms
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from .. import access
from ..aggregates import aggregate_values
from ..models import FIRST_YEAR, LAST_YEAR, DataValue, Indicator, StampKind
from ..stamps import province_of, stamps_read
from .caching import list_etag, mark, not_modified, visibility_scope
from .filters import CodeListField, RegionCodeField
from .lists import ApiViewMixin
from .renderers import csv_stream
from .schema import list_schema
from .serializers import AggregateSerializer


class AggregateQuery(serializers.Serializer):
    region = serializers.CharField(help_text="区划代码（县或镇）")
    indicator = serializers.CharField(required=False, help_text="指标代码，可逗号分隔；省略为全部")
    year_min = serializers.IntegerField(required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR)
    year_max = serializers.IntegerField(required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR)

    def validate_region(self, code):
        return _form_field(RegionCodeField(), code)

    def validate_indicator(self, codes):
        return _form_field(CodeListField(model=Indicator), codes)


def _form_field(field, raw):
    try:
        return field.clean(raw)
    except forms.ValidationError as error:
        raise serializers.ValidationError(error.messages) from None


@extend_schema_view(
    list=list_schema(
        AggregateSerializer(many=True),
        summary="汇总",
        description=(
            "按各指标的汇总方式（求和、平均、最小、最大）由各镇数字算出区划的数字，"
            "并给出有数字的镇数和其中已审核的镇数。只用调用者能看到的数字。"
        ),
        parameters=[
            OpenApiParameter(
                "region",
                str,
                required=True,
                pattern=r"^[0-9]{12}$",
                description="区划代码（县或镇）",
            ),
            OpenApiParameter("indicator", str, description="指标代码，可逗号分隔；省略为全部"),
            OpenApiParameter("year_min", int),
            OpenApiParameter("year_max", int),
        ],
    )
)
class AggregateViewSet(ApiViewMixin, viewsets.GenericViewSet):
    serializer_class = AggregateSerializer
    pagination_class = None
    filter_backends: list = []
    csv_name = "aggregates"

    def list(self, request):
        query = AggregateQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        region = query.validated_data["region"]
        first, last = query.validated_data.get("year_min"), query.validated_data.get("year_max")
        indicators = access.visible_indicators(request.user, region)
        codes = query.validated_data.get("indicator")
        if codes:
            indicators = indicators.filter(code__in=codes)
        indicators = list(indicators)
        if codes and len(indicators) < len(codes):
            raise serializers.ValidationError({"indicator": [_("有不可见或未知的指标代码。")]})
        values = access.visible_values(request.user, DataValue.objects.all())
        # The province's data stamp, not COUNT and MAX over the region's figures.
        stamps = stamps_read(StampKind.VALUES, [province_of(region.code)])
        etag = list_etag(request, stamps, visibility_scope(request.user))
        unchanged = not_modified(request, etag, stamps.changed_at)
        if unchanged is not None:
            return unchanged
        by_code = {indicator.code: indicator for indicator in indicators}
        items = [
            {
                "indicator": item.indicator,
                "region": item.region,
                "year": item.year,
                "value": by_code[item.indicator].format_value(item.value) or None,
                "unit": by_code[item.indicator].unit,
                "aggregation": by_code[item.indicator].aggregation,
                "towns": item.towns,
                "approved": item.approved,
            }
            for item in aggregate_values(
                values, region=region, indicators=indicators, first_year=first, last_year=last
            )
        ]
        response = self.csv_response_from(items) if self.wants_csv() else Response(items)
        return mark(response, etag, stamps.changed_at)

    def csv_response_from(self, items):
        header = list(AggregateSerializer().fields)
        return csv_stream(header, ([item[key] for key in header] for item in items), self.csv_name)
