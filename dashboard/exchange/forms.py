from django import forms
from django.utils.translation import gettext_lazy as _

from indicators.exchange.models import MappingKind

MAX_FILE_BYTES = 2 * 1024 * 1024


class MappingRowForm(forms.Form):
    kind = forms.ChoiceField(label=_("类别"), choices=MappingKind.choices)
    code = forms.CharField(
        label=_("本系统代码"), max_length=60, required=False, help_text=_("数据集一行留空")
    )
    dhis2_id = forms.CharField(label=_("DHIS2 标识"), max_length=50)
    category_option_combo = forms.CharField(
        label=_("分类选项组合"), max_length=50, required=False, help_text=_("只用于指标，可空")
    )


class MappingFileForm(forms.Form):
    file = forms.FileField(label=_("CSV 文件"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("文件不能超过 2 MB。"))
        return upload.read()


class MappingConfirmForm(forms.Form):
    """The previewed file, sent back to be applied as it was checked."""

    content = forms.CharField(widget=forms.HiddenInput, strip=False, max_length=MAX_FILE_BYTES)
