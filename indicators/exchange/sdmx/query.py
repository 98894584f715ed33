"""A REST data query (flow, key, startPeriod, endPeriod) as a queryset of visible figures.

The key follows the SDMX REST conventions: one part per dimension before the time
(REGION.INDICATOR), codes joined by "+" for OR, an empty part (or the key "all")
for every code. A region code selects its whole subtree, as ``region=`` does on
the values list. Rights are those of the values list:
:func:`indicators.accounts.access.visible_values`.
"""

import re
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, CharField, F, Q, QuerySet, TextField, Value, When
from django.utils.translation import gettext as _

from indicators.accounts import access

from ...models import FIRST_YEAR, LAST_YEAR, DataValue, Indicator, Level, Region
from . import model
from .errors import SdmxError

KEY_DIMENSIONS = model.DIMENSIONS[:-1]  # TIME_PERIOD is asked by startPeriod/endPeriod
YEAR = re.compile(r"[0-9]{4}")
MAX_CODES = 200


@dataclass(frozen=True)
class DataQuery:
    regions: tuple[Region, ...]  # empty: every region
    indicators: tuple[str, ...]  # empty: every visible indicator
    start: int | None
    end: int | None


def flow_check(flow: str) -> None:
    """``TOWN_FIGURES``, ``TOWNDASH,TOWN_FIGURES`` or with a version (1.0, latest, ~, +)."""
    parts = flow.split(",")
    agency, ident, version = (
        (model.AGENCY, parts[0], "latest") if len(parts) == 1 else [*parts, "latest"][:3]
    )
    if (
        len(parts) > 3
        or agency not in (model.AGENCY, "all", "*")
        or ident != model.FLOW
        or version not in (model.VERSION, "latest", "~", "+", "*", "all")
    ):
        message = _("未知的数据流：%(flow)s。本系统只有 %(ours)s。") % {
            "flow": flow,
            "ours": model.FLOW_REF,
        }
        raise SdmxError("unknown_dataflow", message, 404)


def year_param(name: str, raw: str | None) -> int | None:
    if raw is None:
        return None
    if not YEAR.fullmatch(raw) or not FIRST_YEAR <= int(raw) <= LAST_YEAR:
        message = _("%(name)s 应为年度（四位数字，%(first)s～%(last)s），如 2024；收到：%(raw)s。")
        raise SdmxError(
            "invalid_period",
            message % {"name": name, "first": FIRST_YEAR, "last": LAST_YEAR, "raw": raw},
        )
    return int(raw)


def query_parse(user, key: str, start: str | None, end: str | None) -> DataQuery:
    """The query, every code checked against the codelists the caller may read."""
    first, last = year_param("startPeriod", start), year_param("endPeriod", end)
    if first is not None and last is not None and first > last:
        raise SdmxError("invalid_period", _("startPeriod 不能晚于 endPeriod。"))
    if key in ("", "all", "*"):
        return DataQuery((), (), first, last)
    parts = key.split(".")
    if len(parts) != len(KEY_DIMENSIONS):
        message = _("键有 %(n)s 个维度，本数据流的键为 %(dims)s（年度用 startPeriod、endPeriod）。")
        raise SdmxError(
            "unknown_dimension", message % {"n": len(parts), "dims": ".".join(KEY_DIMENSIONS)}
        )
    regions, indicators = (_codes(part) for part in parts)
    found_regions = {r.code: r for r in region_codes().filter(code__in=regions)}
    found_indicators = set(
        access.visible_indicators(user).filter(code__in=indicators).values_list("code", flat=True)
    )
    for dimension, codes, found in (
        ("REGION", regions, found_regions),
        ("INDICATOR", indicators, found_indicators),
    ):
        unknown = [code for code in codes if code not in found]
        if unknown:
            message = _("代码不在 %(dimension)s 的代码表中：%(codes)s。")
            raise SdmxError(
                "unknown_code", message % {"dimension": dimension, "codes": ", ".join(unknown)}
            )
    return DataQuery(tuple(found_regions[c] for c in regions), tuple(indicators), first, last)


def _codes(part: str) -> list[str]:
    if part in ("", "*"):
        return []
    codes = list(dict.fromkeys(part.split("+")))
    if len(codes) > MAX_CODES:
        raise SdmxError("invalid_key", _("一个维度最多 %(n)s 个代码。") % {"n": MAX_CODES})
    if not all(model.SDMX_ID.fullmatch(code) for code in codes):
        raise SdmxError("invalid_key", _("键中有不是代码的内容：%(part)s。") % {"part": part})
    return codes


def region_codes() -> QuerySet[Region]:
    """CL_REGION: every region that holds or sums figures (villages hold none)."""
    return Region.objects.exclude(level=Level.VILLAGE).order_by("code")


def comment_shown(user) -> Q | bool:
    """Where the caller reads a figure's comment: the figures they may see unapproved
    (:func:`indicators.accounts.access.can_see_unapproved`), their own subtree."""
    if access.is_admin(user):
        return True
    profile = access.profile_of(user)
    if profile is None or profile.region is None:
        return False
    low, high = profile.region.bounds
    return Q(report__region_id__gte=low, report__region_id__lte=high)


# The columns of an observation, in this order; see :func:`observations`.
COLUMNS = ("report__region_id", "indicator_id", "report__year", "value", "indicator__decimals")
COLUMNS += ("unit_code", "obs_status", "shown_comment")


def observations(user, query: DataQuery, indicators: list[Indicator]) -> QuerySet:
    """The figures the query selects that ``user`` may read, annotated with the SDMX
    attributes, in the values list's order (region, year, report order)."""
    queryset = access.visible_values(user, DataValue.objects.all())
    if query.regions:
        subtrees = Q()
        for region in query.regions:
            low, high = region.bounds
            subtrees |= Q(report__region_id__gte=low, report__region_id__lte=high)
        queryset = queryset.filter(subtrees)
    if query.indicators:
        queryset = queryset.filter(indicator_id__in=query.indicators)
    if query.start is not None:
        queryset = queryset.filter(report__year__gte=query.start)
    if query.end is not None:
        queryset = queryset.filter(report__year__lte=query.end)
    shown = comment_shown(user)
    if shown is True:
        comment = F("comment")
    elif shown is False:
        comment = Value("")
    else:
        comment = Case(When(shown, then=F("comment")), default=Value(""), output_field=TextField())
    units = [When(indicator_id=i.code, then=Value(unit_of(i))) for i in indicators]
    statuses = [When(report__status=s, then=Value(c)) for s, c in model.OBS_STATUS_OF.items()]
    return queryset.annotate(
        unit_code=Case(*units, default=Value(""), output_field=CharField()),
        obs_status=Case(*statuses, default=Value(""), output_field=CharField()),
        shown_comment=comment,
    ).order_by(
        "report__region_id",
        "report__year",
        "indicator__section__number",
        "indicator__order",
        "indicator_id",
    )


def unit_of(indicator: Indicator) -> str:
    return model.unit_code(indicator.unit, indicator.unit_en)


def figure_text(value: Decimal, decimals: int) -> str:
    """The figure with its indicator's decimals, as the values list writes it."""
    return f"{value.quantize(Decimal(1).scaleb(-decimals)):f}"
