from django import forms
from django.utils.translation import gettext_lazy as _

from indicators.audit.models import Action


class AuditFilterForm(forms.Form):
    who = forms.CharField(label=_("用户名"), required=False, max_length=150)
    action = forms.ChoiceField(
        label=_("操作"), required=False, choices=[("", _("全部")), *Action.choices]
    )
    since = forms.DateField(label=_("从"), required=False, widget=forms.DateInput({"type": "date"}))
    until = forms.DateField(label=_("到"), required=False, widget=forms.DateInput({"type": "date"}))
    address = forms.GenericIPAddressField(label=_("来源地址"), required=False)

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", _("结束日期不能早于开始日期。"))
        return cleaned
