"""What a query parameter may hold: one pattern each, read by the server and printed in
the OpenAPI schema, so that the two cannot disagree.

A parameter that is given must hold a value: ``?section=`` or ``?section=%0D%0A`` is a
400, never read as "no filter". Patterns are matched as JSON Schema (ECMA 262) reads
``^…$``, the whole value: Python's ``$`` would also allow a final newline.
"""

import re

from django import forms
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError

#: Indicator and section codes are slugs (SlugField); several are separated by commas.
CODE = r"[-A-Za-z0-9_]+"
CODES = rf"^{CODE}(,{CODE})*$"
#: A 12-digit statistical division code; ASCII digits only (\d would take any script's).
REGION = r"^[0-9]{12}$"
REGIONS = r"^[0-9]{12}(,[0-9]{12})*$"
#: What an integer parameter looks like on the wire: no sign, spaces, decimals or
#: full-width digits (int() would read "２０２４" and " 2024.0 ").
INTEGER = re.compile(r"-?[0-9]{1,100}")
BOOLEANS = {"true": True, "false": False}


def blank(value) -> bool:
    return not isinstance(value, str) or not value.strip()


def refuse_blank(value) -> None:
    """A parameter that is present must say something."""
    if blank(value):
        raise forms.ValidationError(_("参数不能为空；不需要时请省略该参数。"))


def matches(pattern: str, value: str) -> bool:
    return re.fullmatch(pattern.removeprefix("^").removesuffix("$"), value) is not None


def check_pattern(value: str, pattern: str, message: str) -> None:
    refuse_blank(value)
    if not matches(pattern, value):
        raise forms.ValidationError(message)


class StrictIntegerField(forms.IntegerField):
    """An integer written as digits; a given but blank parameter is refused."""

    def clean(self, value):
        if value is None:
            return None
        refuse_blank(value)
        if not INTEGER.fullmatch(value):
            raise forms.ValidationError(_("应为整数，如 2024。"))
        return super().clean(value)


class StrictChoiceField(forms.ChoiceField):
    def clean(self, value):
        if value is None:
            return None
        refuse_blank(value)
        return super().clean(value)


def boolean_param(request, name: str) -> bool:
    """``true`` or ``false``, nothing else; absent is false."""
    raw = request.query_params.get(name)
    if raw is None:
        return False
    if raw not in BOOLEANS:
        raise ValidationError({name: [_("应为 true 或 false。")]})
    return BOOLEANS[raw]


def integer_param(request, name: str, *, minimum: int, maximum: int | None = None) -> int | None:
    """An integer parameter of a view (not of a FilterSet); absent is None."""
    raw = request.query_params.get(name)
    if raw is None:
        return None
    if maximum is None:
        message = _("应为不小于 %(min)s 的整数。") % {"min": minimum}
    else:
        message = _("应为 %(min)s～%(max)s 的整数。") % {"min": minimum, "max": maximum}
    if not INTEGER.fullmatch(raw):
        raise ValidationError({name: [message]})
    number = int(raw)
    if number < minimum or (maximum is not None and number > maximum):
        raise ValidationError({name: [message]})
    return number


def unknown_params(request, known: set[str]) -> None:
    """A misspelt parameter (``?yaer=2024``) is a 400, not a silently wider answer."""
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        raise ValidationError(
            {unknown[0]: [_("不认识的参数：%(names)s。") % {"names": ", ".join(unknown)}]}
        )
