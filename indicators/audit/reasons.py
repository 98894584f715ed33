"""The reason a change gives, which the audit trail records with it."""

from django.utils.translation import gettext as _

MOST = 1000  # characters


class ReasonRefused(ValueError):
    """No reason, or one that cannot be kept: ``code`` is "reason_required" or
    "bad_value", ``message`` says why in Chinese."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def reason_clean(raw, *, most: int = MOST, missing: str = "") -> str:
    """The reason trimmed; refused when empty (with ``missing``, else "请填写修改原因。"),
    with a NUL character, or longer than ``most`` characters."""
    text = raw.strip() if isinstance(raw, str) else ""
    if not text:
        raise ReasonRefused("reason_required", missing or _("请填写修改原因。"))
    if "\x00" in text:
        raise ReasonRefused("bad_value", _("修改原因不能包含空字符。"))
    if len(text) > most:
        raise ReasonRefused("bad_value", _("修改原因最多 %(most)s 个字。") % {"most": most})
    return text
