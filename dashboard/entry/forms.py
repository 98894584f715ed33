from decimal import Decimal

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators.models import DataValue, Indicator
from indicators.services import FigureChange
from indicators.validation import FigureError, clean_figure


def value_name(code: str) -> str:
    return f"value-{code}"


def comment_name(code: str) -> str:
    return f"comment-{code}"


def shown_name(code: str) -> str:
    return f"shown-{code}"


class EntryForm(forms.Form):
    """Every figure of a town's year, validated together: all saved or none.

    Besides the figures, the form carries the report version and the values the
    page showed, so that a save from a stale page is refused and can say what
    someone else changed meanwhile.
    """

    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args, indicators: list[Indicator], saved: set[str] = frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        self.saved = saved  # codes of the figures saved now; clearing one may say why
        self.figures: dict[str, Decimal | None] = {}
        for indicator in indicators:
            code = indicator.code
            self.fields[value_name(code)] = forms.CharField(
                label=indicator.display_name,
                required=False,
                max_length=40,
                widget=forms.TextInput(
                    attrs={"inputmode": "decimal", "autocomplete": "off", "class": "figure"}
                ),
            )
            self.fields[comment_name(code)] = forms.CharField(
                label=gettext_lazy("备注"),
                required=False,
                max_length=500,
                widget=forms.TextInput(attrs={"autocomplete": "off", "class": "comment"}),
            )
            self.fields[shown_name(code)] = forms.CharField(
                required=False, widget=forms.HiddenInput
            )

    @staticmethod
    def initial_for(version: int, indicators: list[Indicator], saved: dict[str, DataValue]):
        initial = {"version": version}
        for indicator in indicators:
            value = saved.get(indicator.code)
            text = indicator.format_value(value.value) if value else ""
            initial[value_name(indicator.code)] = text
            initial[shown_name(indicator.code)] = text
            initial[comment_name(indicator.code)] = value.comment if value else ""
        return initial

    def clean(self):
        cleaned = super().clean()
        for indicator in self.indicators:
            name = value_name(indicator.code)
            if name not in cleaned:  # already refused, e.g. too long
                continue
            try:
                figure = clean_figure(indicator, cleaned[name])
            except FigureError as refused:
                self.add_error(name, refused.message)
                continue
            self.figures[indicator.code] = figure
            comment = cleaned.get(comment_name(indicator.code))
            if figure is None and comment and indicator.code not in self.saved:
                self.add_error(
                    comment_name(indicator.code), _("备注随数字保存：请先填写数字，或清空备注。")
                )
        return cleaned

    def changes(self) -> list[FigureChange]:
        return [
            FigureChange(
                indicator,
                self.figures[indicator.code],
                self.cleaned_data.get(comment_name(indicator.code), ""),
            )
            for indicator in self.indicators
        ]

    def shown(self) -> dict[str, str]:
        """The value of each figure as the page showed it when it was loaded."""
        return {
            indicator.code: (self.data.get(shown_name(indicator.code)) or "")
            for indicator in self.indicators
        }


class TransitionForm(forms.Form):
    """A workflow step from the entry page.

    ``version`` is the report version the page showed: the step applies only to the
    figures and status the user saw (see :func:`indicators.workflow._checked`).
    """

    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    action = forms.ChoiceField(
        choices=[
            ("submit", "submit"),
            ("approve", "approve"),
            ("return", "return"),
            ("reopen", "reopen"),
        ]
    )
    reason = forms.CharField(required=False, max_length=2000, widget=forms.Textarea)
