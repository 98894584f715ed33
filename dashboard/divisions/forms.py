"""The forms of the division pages: each change with its year and required reason."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from indicators.divisions import NewRegion
from indicators.divisions.reads import region_exists
from indicators.divisions.regions_csv import RegionFileError, decode_csv
from indicators.models import Region

MAX_FILE_BYTES = 2 * 1024 * 1024
CODE_ATTRS = {
    "inputmode": "numeric",
    "pattern": "[0-9]{12}",
    "list": "region-codes",
    "class": "code-input",
    "autocomplete": "off",
}
NAME_WIDGET = forms.TextInput(attrs={"class": "name-input"})


def _code_field(label):
    return forms.CharField(
        label=label,
        max_length=12,
        min_length=12,
        widget=forms.TextInput(attrs=CODE_ATTRS),
        error_messages={
            "min_length": _("区划代码应为 12 位数字。"),
            "max_length": _("区划代码应为 12 位数字。"),
        },
    )


class ChangeForm(forms.Form):
    """The fields every change has; the region codes are checked against the area."""

    year = forms.IntegerField(label=_("生效年份"), help_text=_("新的区划从这一年起使用"))
    reason = forms.CharField(
        label=_("调整原因"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("请填写调整原因。")},
    )
    field_order = ["region", "sources", "parent", "code", "name", "name_en", "targets"]

    def __init__(self, *args, area: list[Region], **kwargs):
        super().__init__(*args, **kwargs)
        self.area = {region.code: region for region in area}

    def known(self, code: str) -> Region:
        region = self.area.get(code)
        if region is None:
            raise forms.ValidationError(
                _("区划“%(code)s”不存在或不在您管理的范围内。") % {"code": code}
            )
        return region

    def clean_region(self):
        return self.known(self.cleaned_data["region"])

    def clean_parent(self):
        return self.known(self.cleaned_data["parent"])


class RenameForm(ChangeForm):
    region = _code_field(_("区划代码"))
    name = forms.CharField(label=_("新名称"), max_length=100, widget=NAME_WIDGET)
    name_en = forms.CharField(
        label=_("新英文名称"), max_length=100, required=False, widget=NAME_WIDGET
    )


class MergeForm(ChangeForm):
    sources = forms.CharField(
        label=_("被合并的区划代码"),
        help_text=_("两个或更多，用空格或逗号分隔"),
        widget=forms.TextInput(attrs={"class": "codes-input", "autocomplete": "off"}),
    )
    code = _code_field(_("合并后的区划代码"))
    name = forms.CharField(
        label=_("合并后的名称"),
        max_length=100,
        required=False,
        widget=NAME_WIDGET,
        help_text=_("合并到新代码时填写；并入已有区划时留空"),
    )
    name_en = forms.CharField(
        label=_("合并后的英文名称"),
        max_length=100,
        required=False,
        widget=NAME_WIDGET,
        help_text=_("英文页面显示的名称，可留空"),
    )

    def clean_sources(self):
        codes = [code for code in re.split(r"[\s,，、]+", self.cleaned_data["sources"]) if code]
        return [self.known(code) for code in codes]

    def target(self):
        code = self.cleaned_data["code"]
        if code in self.area or region_exists(code):
            return code
        return NewRegion(code, self.cleaned_data["name"], self.cleaned_data["name_en"])


class SplitForm(ChangeForm):
    region = _code_field(_("被拆分的区划代码"))
    targets = forms.CharField(
        label=_("拆分后的区划"),
        widget=forms.Textarea(attrs={"rows": 4, "class": "targets-input"}),
        help_text=_("每行一个：代码,名称[,英文名称]"),
    )

    def clean_targets(self):
        news = []
        for number, line in enumerate(self.cleaned_data["targets"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [part.strip() for part in re.split(r"[,，\t]", line, maxsplit=2)]
            if len(parts) < 2:
                raise forms.ValidationError(
                    _("第 %(n)s 行应为“代码,名称[,英文名称]”。") % {"n": number}
                )
            news.append(NewRegion(*parts))
        return news


class MoveForm(ChangeForm):
    region = _code_field(_("划转的区划代码"))
    parent = _code_field(_("划入的上级代码"))
    code = _code_field(_("新的区划代码"))
    name = forms.CharField(
        label=_("新名称"),
        max_length=100,
        required=False,
        widget=NAME_WIDGET,
        help_text=_("留空则沿用原名称"),
    )
    name_en = forms.CharField(
        label=_("新英文名称"),
        max_length=100,
        required=False,
        widget=NAME_WIDGET,
        help_text=_("留空则沿用原英文名称"),
    )


class CreateForm(ChangeForm):
    parent = _code_field(_("上级代码"))
    code = _code_field(_("新的区划代码"))
    name = forms.CharField(label=_("名称"), max_length=100, widget=NAME_WIDGET)
    name_en = forms.CharField(
        label=_("英文名称"), max_length=100, required=False, widget=NAME_WIDGET
    )


class RetireForm(ChangeForm):
    region = _code_field(_("撤销的区划代码"))


class CodesFileForm(forms.Form):
    file = forms.FileField(label=_("统计用区划代码 CSV 文件"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("文件不能超过 2 MB。"))
        try:
            return decode_csv(upload.read())
        except RegionFileError as error:
            raise forms.ValidationError(error.errors) from error


class CodesConfirmForm(forms.Form):
    """The previewed file, sent back to be applied as it was checked."""

    content = forms.CharField(widget=forms.HiddenInput, strip=False, max_length=MAX_FILE_BYTES)
    year = forms.IntegerField(label=_("生效年份"))
    reason = forms.CharField(
        label=_("调整原因"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("请填写调整原因。")},
    )
