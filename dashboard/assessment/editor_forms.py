"""The forms of the scheme editor: the scheme, its grade bands, parts and items.

Every value field is text: what was typed comes back as typed, and the numbers are
read by the scheme's own check (indicators.assessment.spec), the same as the TOML
path's, whose messages ``editor.py`` puts back at the fields. Only the editor's own
shapes are checked here: the reason, the bands' ``下限=比例`` notation.
"""

from django import forms
from django.forms import formset_factory
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators.assessment.plain import METHOD_NAMES
from indicators.assessment.spec import METHODS, WEIGHTED
from indicators.audit.reasons import ReasonRefused, reason_clean

REASON_MOST = 500  # characters: what the audit event keeps (scheme_save)

#: The parameters of an item and the methods that read each; the page shows a
#: parameter only for those methods (static/js/assessment_editor.js switches them).
PARAMETERS = {
    "weight": WEIGHTED,
    "cap": ("target",),
    "bands": ("growth",),
    "last_share": ("rank",),
    "threshold": ("threshold",),
    "per_unit": ("deduction", "bonus"),
    "floor": ("deduction",),
    "ceiling": ("bonus",),
    "below": ("veto",),
    "above": ("veto",),
    "reason": ("veto",),
    "lower_is_better": ("target", "growth", "rank", "threshold"),
    "missing": WEIGHTED,
}
MISSING_CHOICES = [
    ("", gettext_lazy("按方案")),
    ("zero", gettext_lazy("记 0 分")),
    ("redistribute", gettext_lazy("不计分，权重分给同部分其他项")),
]


class PlainSelect(forms.Select):
    """A select written in Python, not through a template per option: a scheme has
    some fifteen items, each with a select of every indicator, and Django's option
    templates made that page cost 100 ms more."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = "" if value is None else str(value)

        def options(choices) -> str:
            return format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                (
                    (code, mark_safe(" selected") if str(code) == chosen else "", label)
                    for code, label in choices
                ),
            )

        html = "".join(
            format_html('<optgroup label="{}">{}</optgroup>', code, options(label))
            if isinstance(label, list | tuple)
            else options([(code, label)])
            for code, label in self.choices
        )
        attrs = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        return format_html("<select{}>{}</select>", flatatt(attrs), mark_safe(html))


class PlainInput(forms.TextInput):
    """An input written in Python (see PlainSelect): some 250 on the page."""

    def __init__(self, attrs=None, input_type: str = "text"):
        super().__init__(attrs)
        self.input_type = input_type

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, {**(attrs or {}), "type": self.input_type})
        attrs["name"] = name
        shown = self.format_value(value)
        if shown is not None:
            attrs["value"] = shown
        return format_html("<input{}>", flatatt(attrs))


class PlainCheckbox(forms.CheckboxInput):
    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, {**(attrs or {}), "type": "checkbox", "name": name})
        if self.check_test(value):
            attrs["checked"] = True
        return format_html("<input{}>", flatatt(attrs))


class PlainFormSet(forms.BaseFormSet):
    """Its order and delete fields with the Python-written widgets."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "ORDER" in form.fields:
            form.fields["ORDER"].widget = PlainInput({"size": 3}, input_type="number")
        if "DELETE" in form.fields:
            form.fields["DELETE"].widget = PlainCheckbox()


def _text(label, **kwargs) -> forms.CharField:
    kwargs.setdefault("widget", PlainInput)
    return forms.CharField(label=label, required=False, strip=True, **kwargs)


def _number(label, **kwargs) -> forms.CharField:
    return _text(label, widget=PlainInput({"inputmode": "decimal", "size": 6}), **kwargs)


class SchemeForm(forms.Form):
    title = _text(gettext_lazy("方案名称"), widget=PlainInput(attrs={"size": 40}))
    check_total = forms.BooleanField(
        label=gettext_lazy("权重须合计"),
        required=False,
        widget=PlainCheckbox,
        help_text=gettext_lazy(
            "开启后，各部分权重之和须等于总分，各项权重之和须等于所在部分权重。"
        ),
    )
    total = _number(gettext_lazy("总分"))
    missing = forms.ChoiceField(
        label=gettext_lazy("缺数或未审核的项"),
        choices=[
            ("zero", gettext_lazy("记 0 分")),
            ("redistribute", gettext_lazy("不计分，权重按比例分给同部分其他项")),
        ],
        required=False,
    )
    ties = forms.ChoiceField(
        label=gettext_lazy("总分相同"),
        choices=[
            ("shared", gettext_lazy("并列同一名次（1、2、2、4）")),
            ("code", gettext_lazy("按区划代码先后排名")),
        ],
        required=False,
    )
    notes = _text(gettext_lazy("备注"), widget=forms.Textarea(attrs={"rows": 2, "cols": 60}))
    veto_grade = _text(gettext_lazy("否决时的等次"), widget=PlainInput(attrs={"size": 8}))
    quota_grade = _text(
        gettext_lazy("比例限制的等次"),
        widget=PlainInput(attrs={"size": 8}),
        help_text=gettext_lazy("如“优秀”；留空表示不限比例。"),
    )
    quota_share = _number(gettext_lazy("不超过参评镇的（%）"))
    reason = _text(
        gettext_lazy("修改原因"),
        widget=PlainInput(attrs={"size": 50, "maxlength": REASON_MOST}),
        help_text=gettext_lazy("记入审计日志。"),
    )

    def clean_reason(self) -> str:
        try:
            reason = self.cleaned_data["reason"]
            return reason_clean(reason, most=REASON_MOST, missing=_("请写明修改原因。"))
        except ReasonRefused as refused:
            raise forms.ValidationError(refused.message) from None


class GradeForm(forms.Form):
    grade = _text(gettext_lazy("等次"), widget=PlainInput(attrs={"size": 8}))
    min = _number(gettext_lazy("最低分"))


class PartForm(forms.Form):
    name = _text(gettext_lazy("部分名称"), widget=PlainInput(attrs={"size": 16}))
    weight = _number(gettext_lazy("权重（分）"))


class ItemForm(forms.Form):
    part = forms.IntegerField(widget=PlainInput(input_type="hidden"), min_value=0)
    name = _text(gettext_lazy("考核项名称"), widget=PlainInput(attrs={"size": 24}))
    indicator = _text(gettext_lazy("指标"), widget=PlainSelect)
    method = _text(
        gettext_lazy("计分方法"),
        widget=PlainSelect(
            choices=[(m, METHOD_NAMES[m]) for m in METHODS], attrs={"class": "as-method"}
        ),
    )
    weight = _number(gettext_lazy("权重（分）"))
    cap = _number(gettext_lazy("完成率封顶（%）"))
    bands = _text(
        gettext_lazy("增长分档"),
        widget=PlainInput(attrs={"size": 24}),
        help_text=gettext_lazy("增长率下限=得权重的百分比，逗号分隔，如 8=100, 5=80, 0=60"),
    )
    last_share = _number(gettext_lazy("末名得权重的（%）"))
    threshold = _number(gettext_lazy("门槛值"))
    per_unit = _number(gettext_lazy("每单位分值"))
    floor = _number(gettext_lazy("最低得分"))
    ceiling = _number(gettext_lazy("加分上限"))
    below = _number(gettext_lazy("低于此值否决"))
    above = _number(gettext_lazy("高于此值否决"))
    reason = _text(gettext_lazy("否决事由"), widget=PlainInput(attrs={"size": 20}))
    lower_is_better = forms.BooleanField(
        label=gettext_lazy("越低越好"), required=False, widget=PlainCheckbox
    )
    missing = forms.ChoiceField(
        label=gettext_lazy("缺数时"), choices=MISSING_CHOICES, required=False, widget=PlainSelect
    )

    def __init__(self, *args, indicator_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("（请选择指标）")), *indicator_choices]
        current = self["indicator"].value()
        if current and current not in _codes(choices):
            # A code no longer offered (retired, out of scope, or typed): keep it
            # visible so that the check's message next to it makes sense.
            choices.append((current, _("%(code)s（不可用）") % {"code": current}))
        self.fields["indicator"].widget.choices = choices
        method = self["method"].value()
        if method and method not in METHODS:
            self.fields["method"].widget.choices = [
                *self.fields["method"].widget.choices,
                (method, method),
            ]

    def parameters(self) -> list[tuple]:
        """(bound field, methods that read it, shown now) for each parameter."""
        method = self["method"].value() or ""
        return [
            (self[name], " ".join(methods), method in methods)
            for name, methods in PARAMETERS.items()
        ]


def _codes(choices) -> set[str]:
    codes = set()
    for value, label in choices:
        if isinstance(label, list | tuple):
            codes |= {code for code, _label in label}
        else:
            codes.add(value)
    return codes


GradeFormSet = formset_factory(GradeForm, formset=PlainFormSet, extra=1, can_delete=True)
PartFormSet = formset_factory(
    PartForm, formset=PlainFormSet, extra=0, can_delete=True, can_order=True
)
ItemFormSet = formset_factory(
    ItemForm, formset=PlainFormSet, extra=0, can_delete=True, can_order=True
)
