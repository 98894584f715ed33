"""The 大屏's own URL parameters, beside the dashboards' filters (dashboard/filters.py).

``interval`` (seconds per section), ``theme`` (dark or light), ``section`` (the
section shown first) and ``indicator`` (the one the towns are ranked on, in its
section). A malformed value is a Chinese 400, like every dashboard filter.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from ..filters import FULL_WIDTH_DIGITS, BadFilter, shown

DEFAULT_INTERVAL = 20
# Two seconds is too fast to read, but lets a browser test watch a rotation; an hour
# is a screen left on one section for a meeting.
MIN_INTERVAL, MAX_INTERVAL = 2, 3600
THEMES = ("dark", "light")
# Catalogue codes are ASCII slugs; anything else never reaches a lookup.
CODE = re.compile(r"[a-z0-9_-]{1,40}")


@dataclass(frozen=True)
class ScreenOptions:
    interval: int = DEFAULT_INTERVAL
    theme: str = "dark"
    section: str | None = None
    indicator: str | None = None


def _interval(raw: str | None) -> int:
    if raw is None or raw.strip() == "":
        return DEFAULT_INTERVAL
    digits = raw.strip().translate(FULL_WIDTH_DIGITS)
    # The length first: int() of thousands of digits is slow, or refused outright.
    well_formed = digits.isascii() and digits.isdigit() and len(digits) <= 5
    if not well_formed or not MIN_INTERVAL <= int(digits) <= MAX_INTERVAL:
        raise BadFilter(
            _("参数 interval 应为 %(low)s 至 %(high)s 之间的秒数，收到“%(raw)s”。")
            % {"low": MIN_INTERVAL, "high": MAX_INTERVAL, "raw": shown(raw)}
        )
    return int(digits)


def _code(raw: str | None, name: str) -> str | None:
    if raw is None or raw.strip() == "":
        return None
    if not CODE.fullmatch(raw.strip()):
        raise BadFilter(
            _("参数 %(name)s 应为目录中的代码，收到“%(raw)s”。") % {"name": name, "raw": shown(raw)}
        )
    return raw.strip()


def parse_options(request) -> ScreenOptions:
    get = request.GET
    theme = get.get("theme", "").strip().lower() or "dark"
    if theme not in THEMES:
        raise BadFilter(
            _("参数 theme 只能是 dark（深色）或 light（浅色），收到“%(raw)s”。")
            % {"raw": shown(get["theme"])}
        )
    return ScreenOptions(
        interval=_interval(get.get("interval")),
        theme=theme,
        section=_code(get.get("section"), "section"),
        indicator=_code(get.get("indicator"), "indicator"),
    )
