"""JSON in, with every number read as a Decimal: a figure is never a float."""

import json
from decimal import Decimal

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import BaseParser

from .exceptions import PayloadTooLarge

# 10,000 values with short comments fit in about 2 MB; 10 MB leaves room and still
# refuses a runaway upload before it is parsed.
MAX_BODY_BYTES = 10 * 1024 * 1024
MAX_INTEGER_DIGITS = 100


def _refuse_constant(name: str):
    raise ParseError(_("JSON 中不能使用 %(name)s，请写数字。") % {"name": name})


def _integer(digits: str) -> int:
    # Python refuses to read an integer of more than 4,300 digits (CVE-2020-10735) with
    # an English message; no year, version or figure comes near it.
    if len(digits) > MAX_INTEGER_DIGITS:
        raise ParseError(
            _("请求内容中的整数太长（超过 %(max)s 位）。") % {"max": MAX_INTEGER_DIGITS}
        )
    return int(digits)


class DecimalJSONParser(BaseParser):
    """Not a JSONParser subclass on purpose: DRF would read a JSONParser's body through
    Django's 2.5 MB DATA_UPLOAD_MAX_MEMORY_SIZE; this one reads the stream up to its own limit."""

    media_type = "application/json"

    def parse(self, stream, media_type=None, parser_context=None):
        if stream is None:
            raise ParseError(_("请求内容为空。"))
        raw = stream.read(MAX_BODY_BYTES + 1)
        if len(raw) > MAX_BODY_BYTES:
            raise PayloadTooLarge(
                _("请求内容超过 %(mb)s MB。") % {"mb": MAX_BODY_BYTES // (1024 * 1024)}
            )
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ParseError(_("请求内容不是有效的 JSON：应为 UTF-8 编码。")) from None
        try:
            return json.loads(
                text, parse_float=Decimal, parse_int=_integer, parse_constant=_refuse_constant
            )
        except json.JSONDecodeError as error:
            raise ParseError(
                _("请求内容不是有效的 JSON：第 %(line)s 行第 %(column)s 列有误。")
                % {"line": error.lineno, "column": error.colno}
            ) from None
        except RecursionError:
            raise ParseError(_("请求内容不是有效的 JSON：嵌套层数太多。")) from None
