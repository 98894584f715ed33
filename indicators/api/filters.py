"""Query filters. Codes name things; an unknown code is a 400 that says which, not an empty list.

A code the caller may not see (a non-public indicator or section, for an anonymous
caller) is answered exactly as an unknown one: the answer must not tell that it exists.
"""

from datetime import UTC

import django_filters
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _
from django_filters.fields import ChoiceField, IsoDateTimeField
from drf_spectacular.utils import extend_schema_field

from indicators.accounts import access

from ..models import (
    FIRST_YEAR,
    LAST_YEAR,
    DataValue,
    Indicator,
    Level,
    Region,
    Section,
    Status,
    Target,
)
from .params import CODES, REGION, REGIONS, StrictIntegerField, check_pattern, refuse_blank


class CodeListField(forms.CharField):
    """One code or several separated by commas; every one must exist."""

    def __init__(self, *, model, pattern: str = CODES, **kwargs):
        self.model = model
        self.pattern = pattern
        # The codes this caller may name; CodesFilter narrows it per request.
        self.queryset = model.objects.all()
        # Or the codes themselves, when the caller has read them already: no query.
        self.known: set[str] | None = None
        super().__init__(**kwargs)

    def clean(self, value):
        if value is None:
            return None
        check_pattern(value, self.pattern, _("应为代码，多个代码用英文逗号分隔，如 a,b。"))
        codes = list(dict.fromkeys(value.split(",")))
        if len(codes) > 200:
            raise forms.ValidationError(_("一次最多 200 个代码。"))
        found = self.known
        if found is None:
            found = set(self.queryset.filter(pk__in=codes).values_list("pk", flat=True))
        unknown = [code for code in codes if code not in found]
        if unknown:
            # Params, not %-formatting: django-filter formats the message again.
            raise forms.ValidationError(
                _("未知的代码：%(codes)s。"), params={"codes": ", ".join(unknown)}
            )
        return codes


class RegionCodeField(forms.CharField):
    def clean(self, value):
        if value is None:
            return None
        check_pattern(value, REGION, _("区划代码应为 12 位数字。"))
        region = Region.objects.filter(pk=value).first()
        if region is None:
            raise forms.ValidationError(_("未知的区划代码：%(code)s。"), params={"code": value})
        return region


def visible_indicators(user):
    return access.visible_indicators(user)


def visible_sections(user):
    return Section.objects.filter(code__in=access.visible_indicators(user).values("section_id"))


@extend_schema_field(
    {
        "type": "string",
        "pattern": CODES,
        "description": "一个或多个代码，英文逗号分隔；未知的代码返回 400。",
    }
)
class CodesFilter(django_filters.Filter):
    """``visible(user)``, when given, is the queryset of codes the caller may name."""

    field_class = CodeListField

    def __init__(self, *args, visible=None, **kwargs):
        self.visible = visible
        super().__init__(*args, **kwargs)

    @property
    def field(self):
        field = super().field
        if self.visible is not None:
            request = getattr(self.parent, "request", None)
            field.queryset = self.visible(getattr(request, "user", None) or AnonymousUser())
        return field

    def filter(self, queryset, value):
        if not value:
            return queryset
        return queryset.filter(**{f"{self.field_name}__in": value})


@extend_schema_field(
    {
        "type": "string",
        "pattern": REGIONS,
        "description": "一个或多个 12 位区划代码，英文逗号分隔；未知的代码返回 400。",
    }
)
class RegionCodesFilter(CodesFilter):
    pass


@extend_schema_field(
    {
        "type": "string",
        "pattern": REGION,
        "example": "999901000000",
        "description": "12 位区划代码，包括其全部下级（县包括其下各镇）；未知的代码返回 400。",
    }
)
class SubtreeFilter(django_filters.Filter):
    """A region and everything below it: a county includes its towns (a code range)."""

    field_class = RegionCodeField

    def filter(self, queryset, value):
        if value is None:
            return queryset
        low, high = value.bounds
        return queryset.filter(**{f"{self.field_name}__gte": low, f"{self.field_name}__lte": high})


@extend_schema_field(
    {"type": "integer", "minimum": FIRST_YEAR, "maximum": LAST_YEAR, "description": "年度"}
)
class YearFilter(django_filters.NumberFilter):
    field_class = StrictIntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", FIRST_YEAR)
        kwargs.setdefault("max_value", LAST_YEAR)
        super().__init__(*args, **kwargs)


class MomentField(IsoDateTimeField):
    """An ISO time that the database can compare: years 1900 to 9998 in UTC."""

    def clean(self, value):
        if value is None:
            return None
        refuse_blank(value)
        moment = super().clean(value)
        try:
            utc = moment.astimezone(UTC)
        except (OverflowError, ValueError):
            utc = None
        if utc is None or not 1900 <= utc.year <= 9998:
            raise forms.ValidationError(_("时间超出范围。"))
        return utc


@extend_schema_field(
    {
        "type": "string",
        "format": "date-time",
        "description": (
            "ISO 8601 时间（1900～9998 年），如 2024-05-01T08:00:00+08:00；此后有变化的行"
        ),
    }
)
class UpdatedSinceFilter(django_filters.IsoDateTimeFilter):
    """Rows changed at or after a time: the figure, or (for values) its report's status."""

    field_class = MomentField

    def filter(self, queryset, value):
        if value is None:
            return queryset
        if queryset.model is DataValue:
            return queryset.changed_since(value)
        return queryset.filter(updated_at__gte=value)


class StrictChoiceField(ChoiceField):
    def clean(self, value):
        if value is None:
            return None
        refuse_blank(value)
        return super().clean(value)


class StrictChoiceFilter(django_filters.ChoiceFilter):
    """One of the choices; a given but blank parameter is refused, not read as absent."""

    field_class = StrictChoiceField


class SectionFilter(django_filters.FilterSet):
    class Meta:
        model = Section
        fields: list[str] = []


class IndicatorFilter(django_filters.FilterSet):
    section = CodesFilter(
        field_name="section_id",
        model=Section,
        visible=visible_sections,
        help_text="报告部分代码，可逗号分隔",
    )

    class Meta:
        model = Indicator
        fields: list[str] = []


class RegionFilter(django_filters.FilterSet):
    level = StrictChoiceFilter(choices=Level.choices)
    parent = RegionCodesFilter(
        field_name="parent_id", model=Region, pattern=REGIONS, help_text="上级区划代码，可逗号分隔"
    )
    within = SubtreeFilter(field_name="code", help_text="该区划及其全部下级")

    class Meta:
        model = Region
        fields: list[str] = []


class ValueFilter(django_filters.FilterSet):
    indicator = CodesFilter(
        field_name="indicator_id",
        model=Indicator,
        visible=visible_indicators,
        help_text="指标代码，可逗号分隔",
    )
    section = CodesFilter(
        field_name="indicator__section_id",
        model=Section,
        visible=visible_sections,
        help_text="报告部分代码，可逗号分隔",
    )
    region = SubtreeFilter(field_name="report__region_id", help_text="区划代码；县包括其下各镇")
    year = YearFilter(field_name="report__year")
    year_min = YearFilter(field_name="report__year", lookup_expr="gte")
    year_max = YearFilter(field_name="report__year", lookup_expr="lte")
    status = StrictChoiceFilter(field_name="report__status", choices=Status.choices)
    updated_since = UpdatedSinceFilter(help_text="ISO 时间；数字或其审核状态在此后有变化")

    class Meta:
        model = DataValue
        fields: list[str] = []


class TargetFilter(django_filters.FilterSet):
    indicator = CodesFilter(
        field_name="indicator_id",
        model=Indicator,
        visible=visible_indicators,
        help_text="指标代码，可逗号分隔",
    )
    section = CodesFilter(
        field_name="indicator__section_id",
        model=Section,
        visible=visible_sections,
        help_text="报告部分代码，可逗号分隔",
    )
    region = SubtreeFilter(field_name="region_id", help_text="区划代码；县包括其下各镇")
    year = YearFilter(field_name="year")
    year_min = YearFilter(field_name="year", lookup_expr="gte")
    year_max = YearFilter(field_name="year", lookup_expr="lte")
    updated_since = UpdatedSinceFilter(help_text="ISO 时间；此后有变化的目标")

    class Meta:
        model = Target
        fields: list[str] = []
