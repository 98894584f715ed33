from django import forms


class TokenForm(forms.Form):
    action = forms.ChoiceField(choices=[("issue", "issue"), ("revoke", "revoke")])
