"""Reading a bulk body into rows. The shape of a row is the domain's
(:mod:`indicators.figures.rows`); here only the body's envelope and its limits."""

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError

from ..figures import MAX_IMPORT_ROWS, FigureRow, item_problems, row_from_item
from .exceptions import PayloadTooLarge

MAX_REPORTED_ERRORS = 50


def rows_from_body(data) -> list[FigureRow]:
    """``{"values": [...]}`` as rows; a malformed body is a 400 naming the bad items."""
    if not isinstance(data, dict) or not isinstance(data.get("values"), list):
        raise ValidationError({"values": [_('请求体应为 {"values": [...]}。')]})
    extra = sorted(map(str, set(data) - {"values"}))
    if extra:
        raise ValidationError({"_": [_("未知的字段：%(keys)s。") % {"keys": ", ".join(extra)}]})
    items = data["values"]
    if len(items) > MAX_IMPORT_ROWS:
        raise PayloadTooLarge(
            _("一次最多提交 %(max)s 个数字，本次有 %(n)s 个，请分批提交。")
            % {"max": MAX_IMPORT_ROWS, "n": len(items)}
        )
    errors = {}
    for index, item in enumerate(items):
        problems = item_problems(item)
        if problems:
            errors[str(index)] = problems
            if len(errors) >= MAX_REPORTED_ERRORS:
                break
    if errors:
        raise ValidationError({"values": errors})
    return [row_from_item(item) for item in items]
