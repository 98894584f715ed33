"""The catalogue's forms. They read what was typed; every rule about it is the
editing service's (indicators.catalogue.editing), whose refusals land on these fields."""

from decimal import Decimal

from django import forms
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators.catalogue import years
from indicators.catalogue.fields import CODE, INDICATOR_FIELDS, RULE_FIELDS
from indicators.catalogue.reads import indicators_in_order, scope_regions, sections_in_order
from indicators.models import (
    DECIMAL_PLACES,
    FIRST_YEAR,
    LAST_YEAR,
    MAX_DIGITS,
    Aggregation,
    Indicator,
    Region,
    RuleKind,
    Section,
    ValueType,
)
from indicators.support.decimals import plain

REASON_HELP = gettext_lazy("每次修改都生成一个新的目录版本，原因记入版本和审计记录。")


class ReasonForm(forms.Form):
    """Every change of the catalogue says why."""

    reason = forms.CharField(
        label=gettext_lazy("修改原因"),
        max_length=1000,
        help_text=REASON_HELP,
        error_messages={"required": gettext_lazy("请填写修改原因。")},
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def _choice(choices, *, label, blank=None) -> forms.ChoiceField:
    options = ([("", blank)] if blank is not None else []) + list(choices)
    return forms.ChoiceField(label=label, choices=options)


class SectionChoice(forms.ModelChoiceField):
    def label_from_instance(self, section: Section) -> str:
        return f"{section.number}. {section.display_name}"


class RegionChoice(forms.ModelChoiceField):
    def label_from_instance(self, region: Region) -> str:
        return _("%(name)s（%(level)s）") % {
            "name": region.name,
            "level": region.get_level_display(),
        }


class IndicatorChoice(forms.ModelChoiceField):
    def label_from_instance(self, indicator: Indicator) -> str:
        return _("%(name)s（%(unit)s）") % {
            "name": indicator.display_name,
            "unit": indicator.display_unit,
        }


def _formatted(text, **params) -> str:
    """``text % params`` in the language of the request that shows it, not the import's."""
    return _lazy_format(text, params)


_lazy_format = lazy(lambda text, params: str(text) % {k: str(v) for k, v in params.items()}, str)

YEARS_MESSAGE = gettext_lazy("年份应为 %(first)s～%(last)s 之间的整数。")
CODE_MESSAGE = gettext_lazy(
    "代码只能用英文字母、数字、下划线（_）和连字符（-），以字母或数字开头，如 farmland_built。"
)


class CodeField(forms.CharField):
    """A code as the editing service takes it (indicators.catalogue.fields.CODE), with
    the same rule in our own words."""

    default_validators = [RegexValidator(rf"\A{CODE.pattern}\Z", CODE_MESSAGE, "invalid")]


class PlainDecimalField(forms.DecimalField):
    """A number shown as people write it: 100000, not 1E+5 or 100000.0000; too many
    digits get one sentence naming the field and the limit."""

    def __init__(self, *, label, max_digits=None, decimal_places=None, **kwargs):
        messages = {
            "required": _formatted(gettext_lazy("请填写%(field)s。"), field=label),
            "invalid": _formatted(gettext_lazy("%(field)s应为数字。"), field=label),
        }
        if max_digits is not None:
            limit = _formatted(
                gettext_lazy("%(field)s最多 %(digits)s 位数字（含 %(places)s 位小数）。"),
                field=label,
                digits=max_digits,
                places=decimal_places,
            )
            messages |= {"max_digits": limit, "max_whole_digits": limit}
            messages["max_decimal_places"] = _formatted(
                gettext_lazy("%(field)s最多 %(places)s 位小数。"),
                field=label,
                places=decimal_places,
            )
        messages |= kwargs.pop("error_messages", {})
        super().__init__(
            label=label,
            max_digits=max_digits,
            decimal_places=decimal_places,
            error_messages=messages,
            **kwargs,
        )

    def prepare_value(self, value):
        if isinstance(value, Decimal) and value.is_finite():
            return plain(value)
        return super().prepare_value(value)


# 越高越好: yes, no, or neither (the model's null).
DIRECTION_CHOICES = [
    ("", gettext_lazy("无好坏方向")),
    ("true", gettext_lazy("越高越好")),
    ("false", gettext_lazy("越低越好")),
]
DIRECTION_VALUES = {"": None, "true": True, "false": False}


def form_names(fields: tuple[str, ...], leave_out: tuple[str, ...] = ()) -> list[str]:
    """The catalogue's fields, in its order, as a form names them (``section``, not
    ``section_id``): the forms ask them in the order the service and TOML file use."""
    return [name.removesuffix("_id") for name in fields if name not in leave_out]


#: Catalogue fields the indicator form does not ask: its place in the section, its last year.
NOT_ASKED = ("order", "retired_from")


class IndicatorForm(ReasonForm):
    code = CodeField(
        label=gettext_lazy("代码"),
        max_length=60,
        help_text=gettext_lazy(
            "英文字母、数字、下划线和连字符，以字母或数字开头，如 farmland_built；"
            "有数字后不能再改。"
        ),
    )
    section = SectionChoice(
        label=gettext_lazy("报告部分"),
        queryset=sections_in_order(),
        to_field_name="code",
    )
    name = forms.CharField(label=gettext_lazy("名称"), max_length=100)
    name_en = forms.CharField(label=gettext_lazy("英文名称"), max_length=150)
    unit = forms.CharField(
        label=gettext_lazy("单位"),
        max_length=20,
        help_text=gettext_lazy("与报告原文完全一致，如“万吨／年”。"),
    )
    unit_en = forms.CharField(label=gettext_lazy("英文单位"), max_length=40, required=False)
    value_type = _choice(ValueType.choices, label=gettext_lazy("数值类型"))
    decimals = forms.IntegerField(label=gettext_lazy("小数位数"), min_value=0, initial=0)
    min_value = PlainDecimalField(
        label=gettext_lazy("合理下限"),
        max_digits=MAX_DIGITS,
        decimal_places=DECIMAL_PLACES,
        initial=0,
    )
    max_value = PlainDecimalField(
        label=gettext_lazy("合理上限"), max_digits=MAX_DIGITS, decimal_places=DECIMAL_PLACES
    )
    higher_is_better = forms.ChoiceField(
        label=gettext_lazy("越高越好"), choices=DIRECTION_CHOICES, required=False
    )
    aggregation = _choice(Aggregation.choices, label=gettext_lazy("汇总方式"))
    is_public = forms.BooleanField(label=gettext_lazy("对公众公开"), required=False, initial=True)
    source_sentence = forms.CharField(
        label=gettext_lazy("报告原文"),
        required=False,
        help_text=gettext_lazy("报告中写这个数字的句子，如“建成高标准农田1.2万亩”。"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    scope = RegionChoice(
        label=gettext_lazy("适用范围"),
        queryset=scope_regions(),
        required=False,
        empty_label=gettext_lazy("全部地区"),
        help_text=gettext_lazy("选择一个县（或市、省）时，只有它下属的镇填报和显示这项指标。"),
    )
    active_from = forms.IntegerField(
        label=gettext_lazy("从某年起填报"),
        required=False,
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        error_messages={
            "invalid": gettext_lazy("请填写年份，如 2026；留空表示各年都填报。"),
            "min_value": _formatted(YEARS_MESSAGE, first=FIRST_YEAR, last=LAST_YEAR),
            "max_value": _formatted(YEARS_MESSAGE, first=FIRST_YEAR, last=LAST_YEAR),
        },
        help_text=gettext_lazy(
            "以前年份的填报表、模板和报告不要求这项指标，不算缺数；留空表示各年都填报。"
        ),
    )
    # Only on an indicator with figures, and only for a unit change.
    conversion = PlainDecimalField(
        label=gettext_lazy("换算系数"),
        required=False,
        help_text=gettext_lazy(
            "只在修改单位时填写：新数字 = 原数字 × 换算系数。例如万元改为亿元填 0.0001，"
            "吨改为万吨填 0.0001，亩改为万亩填 0.0001。已有数字按系数换算并保留修改记录。"
        ),
    )
    # Shown once the service has listed the figures that new bounds would exclude.
    confirm_outside = forms.BooleanField(
        label=gettext_lazy("我已核对上述数字：它们保持不变，标记为待复核"),
        required=False,
    )

    field_order = [
        *form_names(INDICATOR_FIELDS, leave_out=NOT_ASKED),
        "conversion",
        "confirm_outside",
        "reason",
    ]

    def __init__(self, *args, indicator: Indicator | None = None, has_figures=False, **kwargs):
        if indicator is not None and "initial" not in kwargs:
            kwargs["initial"] = indicator_initial(indicator)
        if indicator is None:
            # A new indicator is reported from this year on unless the 管理员 says otherwise.
            kwargs["initial"] = {"active_from": years.current_year(), **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.has_figures = has_figures
        if indicator is not None and has_figures:
            # The code is fixed once the indicator has figures: shown, never sent.
            self.fields["code"].disabled = True
            self.fields["code"].help_text = gettext_lazy("已有数字，代码不能再改。")
        if not has_figures:
            del self.fields["conversion"]

    def service_fields(self) -> dict:
        """The model's field names and values, as the editing service takes them."""
        data = self.cleaned_data
        fields = {
            "section_id": data["section"].code,
            "name": data["name"],
            "name_en": data["name_en"],
            "unit": data["unit"],
            "unit_en": data["unit_en"],
            "value_type": data["value_type"],
            "decimals": data["decimals"],
            "min_value": data["min_value"],
            "max_value": data["max_value"],
            "higher_is_better": DIRECTION_VALUES[data["higher_is_better"]],
            "aggregation": data["aggregation"],
            "is_public": data["is_public"],
            "source_sentence": data["source_sentence"],
            "scope_id": data["scope"].code if data["scope"] else None,
            "active_from": data["active_from"],
        }
        if self.indicator is None or data["code"] != self.indicator.code:
            fields["code"] = data["code"]
        return fields


def indicator_initial(indicator: Indicator) -> dict:
    direction = {None: "", True: "true", False: "false"}[indicator.higher_is_better]
    return {
        "code": indicator.code,
        "section": indicator.section_id,
        "name": indicator.name,
        "name_en": indicator.name_en,
        "unit": indicator.unit,
        "unit_en": indicator.unit_en,
        "value_type": indicator.value_type,
        "decimals": indicator.decimals,
        "min_value": indicator.min_value,
        "max_value": indicator.max_value,
        "higher_is_better": direction,
        "aggregation": indicator.aggregation,
        "is_public": indicator.is_public,
        "source_sentence": indicator.source_sentence,
        "scope": indicator.scope_id,
        "active_from": indicator.active_from,
    }


class RetireForm(ReasonForm):
    from_year = forms.IntegerField(
        label=gettext_lazy("停用年份"),
        min_value=1900,
        max_value=2100,
        help_text=gettext_lazy("从该年起不再填报；以前年份的数字、图表和报告保持不变。"),
    )


class SectionForm(ReasonForm):
    code = CodeField(label=gettext_lazy("代码"), max_length=40)
    number = forms.IntegerField(label=gettext_lazy("序号"), min_value=1, max_value=32767)
    short_name = forms.CharField(label=gettext_lazy("简称"), max_length=40)
    heading = forms.CharField(label=gettext_lazy("报告标题"), max_length=200)
    title_en = forms.CharField(label=gettext_lazy("英文标题"), max_length=200)
    heading_en = forms.CharField(label=gettext_lazy("英文报告标题"), max_length=200, required=False)
    is_public = forms.BooleanField(
        label=gettext_lazy("对公众公开"),
        required=False,
        initial=True,
        help_text=gettext_lazy("关闭后，未登录访客看不到本部分的数字。"),
    )

    field_order = [
        "code",
        "number",
        "short_name",
        "heading",
        "title_en",
        "heading_en",
        "is_public",
        "reason",
    ]
    FIELDS = ("code", "number", "short_name", "heading", "title_en", "heading_en", "is_public")

    def __init__(self, *args, section: Section | None = None, **kwargs):
        if section is not None and "initial" not in kwargs:
            kwargs["initial"] = {name: getattr(section, name) for name in self.FIELDS}
        super().__init__(*args, **kwargs)
        self.section = section
        if section is not None:
            self.fields["code"].disabled = True

    def service_fields(self) -> dict:
        fields = {name: self.cleaned_data[name] for name in self.FIELDS}
        if self.section is not None:
            del fields["code"]
        return fields


class RuleForm(ReasonForm):
    code = CodeField(label=gettext_lazy("代码"), max_length=60)
    kind = _choice(RuleKind.choices, label=gettext_lazy("规则类型"))
    indicator = IndicatorChoice(
        label=gettext_lazy("指标"),
        queryset=indicators_in_order(),
        required=False,
        empty_label=gettext_lazy("全部指标"),
        help_text=gettext_lazy("“比上年变化不超过”可以不选，表示适用于全部指标。"),
    )
    other = IndicatorChoice(
        label=gettext_lazy("比较指标"),
        queryset=indicators_in_order(),
        required=False,
        empty_label="—",
        help_text=gettext_lazy("“不应高于”：上面的指标不应高于这项指标。"),
    )
    limit_percent = PlainDecimalField(
        label=gettext_lazy("变化幅度（%）"),
        required=False,
        max_digits=7,
        decimal_places=2,
        help_text=gettext_lazy("“比上年变化不超过”：变化超过这个百分比时需要在备注中说明。"),
    )
    title = forms.CharField(label=gettext_lazy("规则名称"), max_length=100)
    explanation = forms.CharField(
        label=gettext_lazy("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    title_en = forms.CharField(label=gettext_lazy("英文名称"), max_length=150, required=False)
    explanation_en = forms.CharField(
        label=gettext_lazy("英文说明"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    blocks_submit = forms.BooleanField(
        label=gettext_lazy("未说明不能提交"),
        required=False,
        help_text=gettext_lazy("开启后，警告未在备注中说明时不能提交审核。"),
    )
    order = forms.IntegerField(label=gettext_lazy("顺序"), min_value=0, initial=0, required=False)

    field_order = [*form_names(RULE_FIELDS), "reason"]
    # The rule's fields the form passes as they are: not the code, the indicators or the order.
    FIELDS = tuple(form_names(RULE_FIELDS, leave_out=("code", "indicator_id", "other_id", "order")))

    def __init__(self, *args, rule=None, **kwargs):
        if rule is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                **{name: getattr(rule, name) for name in self.FIELDS},
                "code": rule.code,
                "indicator": rule.indicator_id,
                "other": rule.other_id,
                "order": rule.order,
            }
        super().__init__(*args, **kwargs)
        self.rule = rule
        if rule is not None:
            self.fields["code"].disabled = True

    def service_fields(self) -> dict:
        data = self.cleaned_data
        return {
            **{name: data[name] for name in self.FIELDS},
            "indicator_id": data["indicator"].code if data["indicator"] else None,
            "other_id": data["other"].code if data["other"] else None,
            "order": data["order"] or 0,
        }


MAX_TOML_BYTES = 1024 * 1024


class ImportForm(forms.Form):
    """A catalogue in the TOML format of the export: a file, or pasted text."""

    file = forms.FileField(
        label=gettext_lazy("TOML 文件"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".toml,text/plain"}),
    )
    text = forms.CharField(
        label=gettext_lazy("或粘贴 TOML 文本"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 12, "class": "toml-source"}),
    )

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload is not None:
            if upload.size > MAX_TOML_BYTES:
                raise forms.ValidationError(gettext_lazy("文件太大：目录文件最大 1 MB。"))
            try:
                data["text"] = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                raise forms.ValidationError(
                    gettext_lazy("文件不是 UTF-8 编码的文本，请用导出的 TOML 文件。")
                ) from None
        if not (data.get("text") or "").strip():
            raise forms.ValidationError(gettext_lazy("请选择 TOML 文件，或粘贴 TOML 文本。"))
        return data


class ImportConfirmForm(ReasonForm):
    """The previewed text comes back with the reason; the service reads it again."""

    text = forms.CharField(strip=False, widget=forms.HiddenInput, max_length=MAX_TOML_BYTES)


class VersionChoice(forms.ModelChoiceField):
    def label_from_instance(self, version) -> str:
        when = timezone.localtime(version.created_at).strftime("%Y-%m-%d %H:%M")
        return f"v{version.pk} · {when} · {shown_user(version)}"


def shown_user(version) -> str:
    """Who made a version, named as other history pages name people."""
    user = version.user
    return (user.first_name or user.username) if user else (version.username or "—")


class CompareForm(forms.Form):
    old = VersionChoice(label=gettext_lazy("较早版本"), queryset=None, empty_label=None)
    new = VersionChoice(label=gettext_lazy("较新版本"), queryset=None, empty_label=None)

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old"].queryset = versions
        self.fields["new"].queryset = versions
        self.fields["old"].error_messages["invalid_choice"] = gettext_lazy("没有这个版本。")
        self.fields["new"].error_messages["invalid_choice"] = gettext_lazy("没有这个版本。")
