"""``aggregates/``: a region's figure per indicator and year from its towns' figures."""

from django import forms
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from indicators.accounts import access
from indicators.derived.summaries import SUMMARY_LEVELS
from indicators.reads.aggregates import aggregate_values, summary_aggregates

from ..audit.events import export_recorded
from ..models import FIRST_YEAR, LAST_YEAR, DataValue, Indicator, Region, StampKind
from .caching import list_etag, list_stamps, mark, not_modified, visibility_scope
from .filters import CodeListField, RegionCodeField
from .lists import ApiViewMixin
from .params import CODES, REGION, StrictIntegerField
from .renderers import csv_stream
from .schema import YEAR_MAX, YEAR_MIN, list_schema
from .serializers import AggregateSerializer


class AggregateQuery(forms.Form):
    """The parameters of ``aggregates/``. Indicator codes are checked against the ones the
    caller may read in that region: a hidden code is answered as an unknown one."""

    region = RegionCodeField()
    indicator = forms.CharField(required=False, strip=False)
    year_min = StrictIntegerField(required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR)
    year_max = StrictIntegerField(required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR)

    def __init__(self, *args, user, **kwargs):
        self.user = user
        self.visible: list[Indicator] = []
        super().__init__(*args, **kwargs)

    def clean_region(self):
        if self.cleaned_data.get("region") is None:
            raise forms.ValidationError(_("缺少参数 region（区划代码）。"))
        return self.cleaned_data["region"]

    def clean_indicator(self):
        """The codes asked for, checked against the indicators the caller may read there,
        which are read once (one query) and kept for :meth:`indicators`."""
        region = self.cleaned_data.get("region")
        if region is None:
            return None
        self.visible = list(access.visible_indicators(self.user, region))
        raw = self.data.get("indicator")
        if raw is None:
            return None
        field = CodeListField(model=Indicator)
        field.known = {indicator.code for indicator in self.visible}
        return field.clean(raw)

    def indicators(self) -> list[Indicator]:
        codes = self.cleaned_data.get("indicator")
        if not codes:
            return self.visible
        return [indicator for indicator in self.visible if indicator.code in codes]


def summary_mode(user, region: Region) -> bool | None:
    """Whether the region summaries answer for this caller: True when the caller reads
    the region's approved figures only, False when every figure, None when neither
    (a town, or a region holding the caller's own subtree and more: the figures then
    mix both, and only a GROUP BY over them answers)."""
    if region.level not in SUMMARY_LEVELS:
        return None
    if access.is_admin(user):
        return False
    own = access.own_region(user)
    if own is None:
        return True
    if own.contains(region):
        return False
    return None if region.contains(own) else True


def aggregates_of(user, query: AggregateQuery) -> list:
    """The aggregates the query asks for: from the summaries where they answer."""
    region = query.cleaned_data["region"]
    first, last = query.cleaned_data.get("year_min"), query.cleaned_data.get("year_max")
    indicators = query.indicators()
    approved_only = summary_mode(user, region)
    if approved_only is not None:
        return summary_aggregates(
            region=region,
            indicators=indicators,
            approved_only=approved_only,
            first_year=first,
            last_year=last,
        )
    values = access.visible_values(user, DataValue.objects.all())
    return aggregate_values(
        values, region=region, indicators=indicators, first_year=first, last_year=last
    )


def answer_items(indicators: list[Indicator], aggregates) -> list[dict]:
    by_code = {indicator.code: indicator for indicator in indicators}
    return [
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
        for item in aggregates
    ]


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
                pattern=REGION,
                description="12 位区划代码（县或镇）；未知的代码返回 400。",
                examples=[OpenApiExample("演示县", value="999901000000")],
            ),
            OpenApiParameter(
                "indicator",
                str,
                pattern=CODES,
                description="指标代码，英文逗号分隔；省略为全部；未知的代码返回 400。",
            ),
            YEAR_MIN,
            YEAR_MAX,
        ],
    )
)
class AggregateViewSet(ApiViewMixin, viewsets.GenericViewSet):
    serializer_class = AggregateSerializer
    pagination_class = None
    filter_backends: list = []
    csv_name = "aggregates"
    stamp_kind = StampKind.VALUES
    params = tuple(AggregateQuery.base_fields)

    def list(self, request):
        # The province's data stamp, not COUNT and MAX over the region's figures.
        stamps = list_stamps(request, self.stamp_kind)
        etag = list_etag(request, self.stamp_kind, stamps, visibility_scope(request.user))
        query = AggregateQuery(request.query_params, user=request.user)
        if not query.is_valid():
            raise ValidationError(query.errors)
        unchanged = not_modified(request, etag, stamps.changed_at)
        if unchanged is not None:
            return unchanged
        items = answer_items(query.indicators(), aggregates_of(request.user, query))
        if not self.wants_csv():
            return mark(Response(items), etag, stamps.changed_at)
        export_recorded(request, what=self.csv_name, fmt="csv", rows=len(items))
        response = self.csv_response_from(items)
        return mark(response, etag, stamps.changed_at)

    def csv_response_from(self, items):
        header = list(AggregateSerializer().fields)
        return csv_stream(header, ([item[key] for key in header] for item in items), self.csv_name)
