"""A report that cannot be built because a template no longer fits the catalogue.

Saved versions that the catalogue has outgrown print the installation's text instead
(``loader.region_parts``); what still fails is an installation's template file (or a
part of it that no figure of the catalogue fits any more). The report pages, the Word
download and the API then answer 409 Conflict — the request is right, the stored
templates and catalogue disagree, and the same request succeeds once the line is
fixed — with the file and line the 管理员 is to fix, and the error is logged.
"""

import logging
import re

from django.utils.translation import gettext as _

from ..models import Region
from .syntax import TemplateError

logger = logging.getLogger(__name__)
STATUS = 409
CODE = "report_template_error"
PART = re.compile(r"^(?P<name>[0-9A-Za-z_]+)\.txt")


def broken_part(error: TemplateError) -> str | None:
    """The part whose text fails ("01_industry"), as the error names it."""
    match = PART.match(str(error))
    return match["name"] if match else None


def broken_message(error: TemplateError) -> str:
    """What the 管理员 reads: what is wrong, where, and the two ways to fix it."""
    return _(
        "报告模板与指标目录不符，本报告暂时无法生成：%(error)s"
        "请管理员修改模板的这一行（默认模板在 indicators/reports/templates/ 目录中，"
        "也可在“报告模板”中为本地区保存修改后的版本），或在指标目录中把该指标的名称或单位改回。"
    ) % {"error": str(error).rstrip("。") + "。"}


def broken_logged(region: Region, year: int, error: TemplateError) -> None:
    logger.error(
        "the report of %s for %s cannot be built: a template does not fit the catalogue: %s",
        region.code,
        year,
        error,
    )
