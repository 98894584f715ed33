"""What the API answers. Everything is addressed by code; figures are strings with the
indicator's decimals ("1234.50"), never floats, so the digits stored are the digits returned."""

from django.core.validators import RegexValidator
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..figures.rows import MAX_CODE, MAX_COMMENT
from ..models import Aggregation, Indicator, Level, Region, Section, Status, ValueType

FIGURE_FORMAT = {"type": "string", "pattern": r"^\d+(\.\d+)?$", "example": "1234.50"}


class SectionSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="short_name")

    class Meta:
        model = Section
        fields = ["code", "number", "name", "heading", "title_en", "is_public"]


class IndicatorSerializer(serializers.ModelSerializer):
    section = serializers.CharField(source="section_id")
    value_type = serializers.ChoiceField(choices=ValueType.choices)
    aggregation = serializers.ChoiceField(choices=Aggregation.choices)
    min_value = serializers.SerializerMethodField()
    max_value = serializers.SerializerMethodField()
    scope = serializers.CharField(
        source="scope_id",
        allow_null=True,
        help_text="适用范围：省、市或县的区划代码；null 表示全部地区。",
    )
    active_from = serializers.IntegerField(
        allow_null=True,
        help_text="从该年起填报：以前年份不要求这项指标；null 表示各年都填报。",
    )
    retired_from = serializers.IntegerField(
        allow_null=True, help_text="停用年份：从该年起不再填报；null 表示在用。"
    )

    class Meta:
        model = Indicator
        fields = [
            "code",
            "section",
            "order",
            "name",
            "name_en",
            "unit",
            "value_type",
            "decimals",
            "min_value",
            "max_value",
            "higher_is_better",
            "aggregation",
            "is_public",
            "scope",
            "active_from",
            "retired_from",
        ]

    @extend_schema_field(FIGURE_FORMAT)
    def get_min_value(self, indicator: Indicator) -> str:
        return indicator.format_value(indicator.min_value)

    @extend_schema_field(FIGURE_FORMAT)
    def get_max_value(self, indicator: Indicator) -> str:
        return indicator.format_value(indicator.max_value)


class RegionSerializer(serializers.ModelSerializer):
    level = serializers.ChoiceField(choices=Level.choices)
    parent = serializers.CharField(source="parent_id", allow_null=True)

    class Meta:
        model = Region
        fields = ["code", "name", "name_en", "level", "parent"]


class ValueSerializer(serializers.Serializer):
    """A figure of a town for a year. Built from a DataValue with report, region and indicator."""

    indicator = serializers.CharField(source="indicator_id")
    indicator_name = serializers.CharField(source="indicator.name")
    region = serializers.CharField(source="report.region_id")
    region_name = serializers.CharField(source="report.region.name")
    year = serializers.IntegerField(source="report.year")
    value = serializers.SerializerMethodField()
    unit = serializers.CharField(source="indicator.unit")
    status = serializers.ChoiceField(source="report.status", choices=Status.choices)
    version = serializers.IntegerField(
        source="report.version",
        help_text="该镇该年度报表的版本；批量写入时带上它，其间有人修改就不会被覆盖。",
    )
    updated_at = serializers.DateTimeField()

    @extend_schema_field(FIGURE_FORMAT)
    def get_value(self, value) -> str:
        return value.indicator.format_value(value.value)


class TargetSerializer(serializers.Serializer):
    indicator = serializers.CharField(source="indicator_id")
    indicator_name = serializers.CharField(source="indicator.name")
    region = serializers.CharField(source="region_id")
    region_name = serializers.CharField(source="region.name")
    year = serializers.IntegerField()
    value = serializers.SerializerMethodField()
    unit = serializers.CharField(source="indicator.unit")
    comment = serializers.CharField()
    updated_at = serializers.DateTimeField()

    @extend_schema_field(FIGURE_FORMAT)
    def get_value(self, target) -> str:
        return target.indicator.format_value(target.value)


class AggregateSerializer(serializers.Serializer):
    indicator = serializers.CharField()
    region = serializers.CharField()
    year = serializers.IntegerField()
    value = serializers.CharField(
        allow_null=True, help_text="按指标汇总方式算出的数字；无镇填报或不汇总时为 null。"
    )
    unit = serializers.CharField()
    aggregation = serializers.ChoiceField(choices=Aggregation.choices)
    towns = serializers.IntegerField(help_text="有数字的镇数。")
    approved = serializers.IntegerField(help_text="其中已审核的镇数。")


# Bulk writes: these describe the body for the schema; the view checks it by hand
# because 10,000 rows through DRF fields take seconds.


#: Text without NUL (PostgreSQL cannot store it); a code also holds something besides
#: what str.strip() removes. The spaces are spelt out: JSON Schema's \s (ECMA) is not
#: Python's (it takes U+FEFF, leaves U+001C-U+001F and U+0085).
SPACES = (
    r"\t\n\u000b\u000c\r\u001c-\u0020\u0085\u00a0\u1680"
    r"\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
)
NO_NUL = RegexValidator(r"^[^\u0000]*$")
NOT_BLANK = RegexValidator(rf"^[^\u0000]*[^\u0000{SPACES}][^\u0000]*$")


@extend_schema_field(
    {
        "oneOf": [
            {"type": "string", "pattern": NO_NUL.regex.pattern, "example": "1,234.5"},
            {"type": "number"},
        ],
        "nullable": True,
        "description": "数字或文本（与填报表单相同的规则）；null 表示删除该数字。",
    }
)
class FigureField(serializers.Field):
    pass


@extend_schema_field(
    {
        "type": "string",
        "maxLength": MAX_COMMENT,
        "pattern": NO_NUL.regex.pattern,
        "nullable": True,
        "description": "省略或 null 时保留原备注；空文本清除备注。",
    }
)
class CommentField(serializers.Field):
    pass


class BulkRowSerializer(serializers.Serializer):
    indicator = serializers.CharField(max_length=MAX_CODE, validators=[NOT_BLANK])
    region = serializers.CharField(
        max_length=MAX_CODE,
        validators=[NOT_BLANK],
        help_text="镇的 12 位区划代码（目标可为县）；未知的代码是 unknown_region 冲突。",
    )
    year = serializers.IntegerField(help_text="年度；超出范围是 year_out_of_range 冲突。")
    value = FigureField()
    comment = CommentField(required=False)
    version = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=0,
        help_text=(
            "读取时该镇该年度的报表版本（values 列表的 version）；其间有人修改则为 stale 冲突。"
        ),
    )


class BulkRequestSerializer(serializers.Serializer):
    values = BulkRowSerializer(many=True, max_length=10_000)


class ConflictSerializer(serializers.Serializer):
    index = serializers.IntegerField(help_text="在 values 中的位置，从 0 开始。")
    indicator = serializers.CharField()
    region = serializers.CharField()
    year = serializers.IntegerField()
    code = serializers.CharField(help_text="稳定的冲突代码，如 locked、forbidden、out_of_bounds。")
    message = serializers.CharField()
    details = serializers.JSONField(
        allow_null=True,
        help_text="stale 时为 {version, read_version, changed: [{indicator, value, comment, "
        "changed_by, changed_at}]}；其他冲突为 null。",
    )


class WarningSerializer(serializers.Serializer):
    index = serializers.IntegerField(
        allow_null=True, help_text="设置该数字的行；规则指向本次未提交的数字时为 null。"
    )
    indicator = serializers.CharField()
    region = serializers.CharField()
    year = serializers.IntegerField()
    rule = serializers.CharField(help_text="规则代码，见 /rules/。")
    message = serializers.CharField()
    blocks_submit = serializers.BooleanField(help_text="未加备注说明前不能提交审核。")


class ImportSummarySerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["ok", "conflict"])
    dry_run = serializers.BooleanField()
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    deleted = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    conflicts = ConflictSerializer(many=True)
    warnings = WarningSerializer(many=True)


class ErrorDetailSerializer(serializers.Serializer):
    status = serializers.IntegerField()
    code = serializers.CharField()
    message = serializers.CharField()
    details = serializers.JSONField(allow_null=True)


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()


class ConflictSummarySerializer(ImportSummarySerializer):
    """A 409: the import summary, with the error shape every error has."""

    error = ErrorDetailSerializer()
