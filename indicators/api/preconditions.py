"""``If-Match`` on the bulk writes: write only if the data is still the version read.

A list's ETag begins with the data version of the provinces its filter reached
(:func:`.caching.stamps_tag`). A bulk write matches when that part equals the data
version of the province its rows are in, or, for a list read without ``region``,
of every province. Any write in that province since the read (a figure, a status,
a target, a catalogue edit) is a 412 ``stale`` and nothing is written: the check is
per province, coarser than a row's ``version``, which names one report.

The write runs in the same transaction as the check. Afterwards the stamps are read
again: a province moved by more than this write's own step, or the catalogue moved
at all, means someone wrote between the check and this write, and it is rolled back.
"""

from collections.abc import Iterable
from contextlib import contextmanager

from django.db import transaction
from django.utils.http import parse_etags
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter
from rest_framework import status
from rest_framework.exceptions import APIException

from indicators.derived.stamps import EVERYWHERE, Stamps, province_of, stamps_read

from .caching import stamps_tag

HEADER = "If-Match"

IF_MATCH = OpenApiParameter(
    HEADER,
    str,
    location=OpenApiParameter.HEADER,
    description=(
        "可选：读取时 values（或 targets）列表答复的 ETag。该列表之后其所在省份的数据"
        "有过任何写入，则返回 412（代码 stale），不写入任何数据。列表按 region 筛选时，"
        "本次写入的各行须在该区划所在的省内；未筛选的列表的 ETag 适用于任何写入。"
        "弱 ETag（W/）和无法识别的值都不匹配；* 总是匹配。"
    ),
)


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "stale"

    def __init__(self):
        super().__init__(
            _("数据在您读取之后已有变化（If-Match 与当前版本不符），未写入任何数据。请重新读取。")
        )


def _tags(request) -> list[str] | None:
    """The tags of If-Match, None without the header. A malformed header holds no tag
    that could match: a 412, as RFC 9110 13.1.1 evaluates it."""
    header = request.headers.get(HEADER)
    return None if header is None else parse_etags(header)


def _matches(tags: list[str], kind: str, current: Stamps) -> bool:
    if "*" in tags:
        return True
    strong = {tag.strip('"')[:16] for tag in tags if not tag.startswith("W/")}
    if stamps_tag(kind, current) in strong:
        return True
    return stamps_tag(kind, stamps_read(kind)) in strong


def _moved_by_others(before: Stamps, after: Stamps) -> bool:
    """This write moves each of its provinces by one at most and the catalogue never."""
    old = {province: version for province, version, _when in before.rows}
    for province, version, _when in after.rows:
        step = version - old.get(province, 0)
        if step > (0 if province == EVERYWHERE else 1):
            return True
    return False


@contextmanager
def write_if_match(request, kind: str, regions: Iterable[str]):
    """Run the body of the ``with`` only if If-Match (when sent) names the data version."""
    tags = _tags(request)
    if tags is None:
        yield
        return
    provinces = sorted({province_of(code) for code in regions})
    with transaction.atomic():
        before = stamps_read(kind, provinces)
        if not _matches(tags, kind, before):
            raise PreconditionFailed()
        yield
        if _moved_by_others(before, stamps_read(kind, provinces)):
            raise PreconditionFailed()
