from django import forms
from django.utils.translation import gettext_lazy as _

from indicators.catalogue.years import current_year
from indicators.models import FIRST_YEAR
from indicators.reports.editing import MAX_REASON, MAX_TEXT


def preview_year() -> int:
    """The year a preview shows first: the last whole year, the one being reported on."""
    return max(FIRST_YEAR, current_year() - 1)


def asked_year(raw) -> int:
    """The year a link asks for (?year=, from the report of that year), or the default."""
    if isinstance(raw, str) and raw.isascii() and raw.isdigit():
        year = int(raw)
        if FIRST_YEAR <= year <= current_year():
            return year
    return preview_year()


def _years() -> list[tuple[int, str]]:
    return [(year, str(year)) for year in range(current_year(), FIRST_YEAR - 1, -1)]


class TemplateForm(forms.Form):
    """The editor: the part's text, the preview's year, and the reason for a save.

    The reason is checked by the save itself (``template_save``), so that 预览 works
    without one.
    """

    text = forms.CharField(
        label=_("模板全文"),
        max_length=MAX_TEXT,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 28, "cols": 72, "spellcheck": "false"}),
    )
    year = forms.TypedChoiceField(label=_("预览年度"), coerce=int, choices=_years)
    reason = forms.CharField(
        label=_("修改原因"),
        max_length=MAX_REASON,
        required=False,
        widget=forms.TextInput(attrs={"size": 40}),
    )


class RestoreForm(forms.Form):
    reason = forms.CharField(label=_("恢复原因"), max_length=MAX_REASON)
