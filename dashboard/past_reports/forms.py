from django import forms
from django.utils.translation import gettext_lazy

from indicators.catalogue.years import current_year
from indicators.models import FIRST_YEAR


class PastReportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("报告文件"),
        error_messages={
            "required": gettext_lazy("请选择要上传的文件。"),
            "empty": gettext_lazy("文件是空的（0 字节）。"),
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".docx,.txt,.zip"}),
    )
    town = forms.ChoiceField(label=gettext_lazy("镇"), required=False)
    year = forms.TypedChoiceField(
        label=gettext_lazy("年度"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, towns=(), **kwargs):
        super().__init__(*args, **kwargs)
        automatic = ("", gettext_lazy("从文件名或正文识别"))
        self.fields["town"].choices = [automatic] + [(t.code, t.name) for t in towns]
        years = range(current_year(), FIRST_YEAR - 1, -1)
        self.fields["year"].choices = [automatic] + [(y, str(y)) for y in years]
