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


def _refuse_constant(name: str):
    raise ParseError(_("JSON 中不能使用 %(name)s，请写数字。") % {"name": name})


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
            return json.loads(text, parse_float=Decimal, parse_constant=_refuse_constant)
        except (UnicodeDecodeError, ValueError, RecursionError) as error:
            raise ParseError(_("请求内容不是有效的 JSON：%(error)s") % {"error": error}) from None
