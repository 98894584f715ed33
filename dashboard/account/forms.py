from django import forms
from django.utils.translation import gettext_lazy as _


class TokenForm(forms.Form):
    action = forms.ChoiceField(choices=[("issue", "issue"), ("revoke", "revoke")])
    # Which token to revoke: knox's token_key, the first hex digits of the key.
    token_key = forms.RegexField(regex=r"^[0-9a-f]{1,25}$", required=False)


class CodeForm(forms.Form):
    """The 6-digit code an authenticator app shows."""

    otp_token = forms.RegexField(
        label=_("动态验证码"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("请输入验证器应用显示的 6 位数字。")},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": r"\d{6}",
                "maxlength": "6",
                "autofocus": True,
            }
        ),
    )

    def clean_otp_token(self) -> str:
        return self.cleaned_data["otp_token"].strip()


class SignInCodeForm(forms.Form):
    """At sign-in: the 6-digit code, or one of the backup codes given at enrolment."""

    otp_token = forms.RegexField(
        label=_("动态验证码或备用码"),
        regex=r"^\s*(\d{6}|[0-9A-Za-z]{4}-?[0-9A-Za-z]{4}-?[0-9A-Za-z]{4})\s*$",
        error_messages={
            "invalid": _(
                "请输入验证器应用显示的 6 位数字，或一个 12 位备用码（如 ab2c-3def-4ghj）。"
            )
        },
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "maxlength": "14", "autofocus": True}
        ),
    )

    def clean_otp_token(self) -> str:
        return self.cleaned_data["otp_token"].strip()
