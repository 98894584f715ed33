"""Reading a bulk body into rows: its shape only. What the rows mean is the services' job."""

from decimal import Decimal

from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError

from ..bulk import MAX_IMPORT_ROWS, ImportRow
from .exceptions import PayloadTooLarge

MAX_COMMENT = 500
MAX_REPORTED_ERRORS = 50
TRUE, FALSE = {"true", "1", "yes"}, {"false", "0", "no", ""}


def dry_run_param(request) -> bool:
    raw = request.query_params.get("dry_run", "").strip().lower()
    if raw in TRUE:
        return True
    if raw in FALSE:
        return False
    raise ValidationError({"dry_run": [_("应为 true 或 false。")]})


def _row_errors(item) -> dict[str, str]:
    if not isinstance(item, dict):
        return {"_": _('每一项应为对象：{"indicator", "region", "year", "value"}。')}
    errors = {}
    for key in ("indicator", "region"):
        if not isinstance(item.get(key), str) or not item[key].strip():
            errors[key] = _("应为非空文本（代码）。")
        elif len(item[key]) > 60:
            errors[key] = _("代码太长。")
    year = item.get("year")
    if isinstance(year, bool) or not isinstance(year, int):
        errors["year"] = _("应为整数年度，如 2024。")
    if "value" not in item:
        errors["value"] = _("缺少 value；要删除数字请写 null。")
    elif item["value"] is not None and (
        isinstance(item["value"], bool) or not isinstance(item["value"], str | int | Decimal)
    ):
        errors["value"] = _("应为数字、文本或 null。")
    comment = item.get("comment")
    if comment is not None and not isinstance(comment, str):
        errors["comment"] = _("应为文本。")
    elif comment is not None and len(comment) > MAX_COMMENT:
        errors["comment"] = _("备注最多 %(n)s 字。") % {"n": MAX_COMMENT}
    # PostgreSQL cannot store NUL in text: refuse it here rather than fail on write.
    for key in ("indicator", "region", "comment", "value"):
        if isinstance(item.get(key), str) and "\x00" in item[key]:
            errors[key] = _("不能包含空字符（\\u0000）。")
    unknown = set(item) - {"indicator", "region", "year", "value", "comment"}
    if unknown:
        errors["_"] = _("未知的字段：%(keys)s。") % {"keys": ", ".join(sorted(map(str, unknown)))}
    return errors


def rows_from_body(data) -> list[ImportRow]:
    """``{"values": [...]}`` as rows; a malformed body is a 400 naming the bad items."""
    if not isinstance(data, dict) or not isinstance(data.get("values"), list):
        raise ValidationError({"values": [_('请求体应为 {"values": [...]}。')]})
    items = data["values"]
    if len(items) > MAX_IMPORT_ROWS:
        raise PayloadTooLarge(
            _("一次最多提交 %(max)s 个数字，本次有 %(n)s 个，请分批提交。")
            % {"max": MAX_IMPORT_ROWS, "n": len(items)}
        )
    errors = {}
    for index, item in enumerate(items):
        problems = _row_errors(item)
        if problems:
            errors[str(index)] = problems
            if len(errors) >= MAX_REPORTED_ERRORS:
                break
    if errors:
        raise ValidationError({"values": errors})
    return [
        ImportRow(
            indicator=item["indicator"].strip(),
            region=item["region"].strip(),
            year=item["year"],
            value=item["value"],
            comment=item.get("comment"),
        )
        for item in items
    ]
