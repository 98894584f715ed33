from django import forms
from django.utils.translation import gettext, gettext_lazy

from indicators.figures import MAX_COMMENT, FigureRow
from indicators.figures.validation import FigureError, parse_figure
from indicators.models import DataValue, Indicator


def value_name(code: str) -> str:
    return f"value-{code}"


def comment_name(code: str) -> str:
    return f"comment-{code}"


def shown_name(code: str) -> str:
    return f"shown-{code}"


def shown_comment_name(code: str) -> str:
    return f"shown-comment-{code}"


def is_filled(text: str | None) -> bool:
    """Whether a typed text holds a figure: "", "-" and "无" do not; "abc" does (a bad one)."""
    try:
        return parse_figure(text or "") is not None
    except FigureError:
        return True


class EntryForm(forms.Form):
    """Every figure of a town's year as the page shows it, and what the user typed.

    Besides the figures, the form carries the report version and the value and
    comment of each figure as the page showed them (its base). Only the figures the
    user touched are sent to the write service, so a figure somebody else saved
    meanwhile is never overwritten by a stale copy of it. Figures are checked by the
    service, not here: one set of rules for the form, the API and Excel. Only
    :func:`is_filled` reads a typed text, with the service's parser, to list the
    figures left empty before an incomplete report is submitted.
    """

    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args, indicators: list[Indicator], **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        figure = {
            "inputmode": "decimal",
            "autocomplete": "off",
            "class": "figure",
            "enterkeyhint": "next",
            "aria-keyshortcuts": "Alt+Enter",  # opens the row's comment (static/js/entry.js)
        }
        # Tab goes down the figures: a comment is reached by its row's 说明 button
        # (or Alt+Enter in the figure), never by tabbing through every row twice.
        # maxlength is the service's limit; the page counts down to it as one types.
        comment = {
            "autocomplete": "off",
            "class": "comment",
            "tabindex": "-1",
            "maxlength": str(MAX_COMMENT),
        }
        for indicator in indicators:
            code = indicator.code
            self.fields[value_name(code)] = forms.CharField(
                label=indicator.display_name,
                required=False,
                widget=forms.TextInput(attrs=figure),
            )
            self.fields[comment_name(code)] = forms.CharField(
                label=gettext_lazy("备注"),
                required=False,
                widget=forms.TextInput(
                    attrs={
                        **comment,
                        "aria-describedby": f"left-{code}",
                        "aria-label": gettext("%(name)s 的备注") % {"name": indicator.display_name},
                    },
                ),
            )
            self.fields[shown_name(code)] = forms.CharField(
                required=False, widget=forms.HiddenInput
            )
            self.fields[shown_comment_name(code)] = forms.CharField(
                required=False, widget=forms.HiddenInput
            )

    @staticmethod
    def initial_for(version: int, indicators: list[Indicator], saved: dict[str, DataValue]):
        initial = {"version": version}
        for indicator in indicators:
            code, value = indicator.code, saved.get(indicator.code)
            text = indicator.format_value(value.value) if value else ""
            comment = value.comment if value else ""
            initial[value_name(code)] = initial[shown_name(code)] = text
            initial[comment_name(code)] = initial[shown_comment_name(code)] = comment
        return initial

    def typed(self, code: str) -> tuple[str, str]:
        return (
            self.cleaned_data.get(value_name(code), ""),
            self.cleaned_data.get(comment_name(code), ""),
        )

    def base(self, code: str) -> tuple[str, str]:
        return (
            self.cleaned_data.get(shown_name(code), ""),
            self.cleaned_data.get(shown_comment_name(code), ""),
        )

    def touched(self) -> list[str]:
        """Codes of the figures whose text or comment differs from what the page showed.

        The text, not the figure: the browser sends an untouched field back as it was
        shown. A figure retyped the same in another way ("1,234.5" for "1234.50") is
        sent too, and the service finds it unchanged.
        """
        codes = []
        for indicator in self.indicators:
            (value, comment), (shown, shown_comment) = (
                self.typed(indicator.code),
                self.base(indicator.code),
            )
            if value.strip() != shown.strip() or comment != shown_comment:
                codes.append(indicator.code)
        return codes

    def missing(self) -> list[Indicator]:
        """The indicators left without a figure, in report order, as the form holds them."""
        return [
            indicator
            for indicator in self.indicators
            if not is_filled(self.cleaned_data.get(value_name(indicator.code)))
        ]

    def rows(self, town: str, year: int) -> list[FigureRow]:
        """The touched figures as rows for the write service, each with its base (the
        figure and comment the page showed): the service writes a figure only if
        nobody changed it since, and refuses it as ``stale`` otherwise. Figures others
        changed and this user did not touch are not sent, so they stay as saved."""
        return [
            FigureRow(code, town, year, *self.typed(code), base=self.base(code))
            for code in self.touched()
        ]


class TransitionForm(forms.Form):
    """A workflow step from the entry page.

    ``version`` is the report version the page showed: the step applies only to the
    figures and status the user saw (see :func:`indicators.workflow.transitions._checked`).
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
