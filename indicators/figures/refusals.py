"""Why a figure may not be written: one check of rights and locks, one set of codes.

Every caller (form, API, Excel, seed) gets the same code for the same reason, and
docs/api.md lists them. The figure's own codes (``not_a_number``, ``negative``,
``not_finite``, ``bad_grouping``, ``out_of_bounds``, ``too_many_decimals``) come from
:mod:`indicators.figures.validation`.
"""

from collections.abc import Iterable
from typing import NamedTuple

from django.contrib.auth.models import AnonymousUser, User
from django.utils.translation import gettext as _

from indicators.accounts import access
from indicators.catalogue.years import figure_years

from ..models import ChangeKind, Indicator, Level, Region, RegionChange, Report

# code → what it means; docs/api.md has the same list for programs.
CODES = {
    "invalid": "the row's shape is wrong (a field's type, a comment over 500 characters)",
    "unknown_indicator": "no indicator has this code",
    "unknown_region": "no region has this code",
    "not_a_town": "figures belong to towns; this region is not one",
    "year_out_of_range": "a year that has not begun, or before 2000",
    "duplicate": "the same figure twice in one import",
    "forbidden": "outside the user's rights",
    "locked": "approved; a county official must reopen it",
    "submitted": "submitted and waiting for review; it must be returned first",
    "stale": "someone saved the report since the version the caller read",
    "comment_without_value": "a comment on a figure that has no value",
    "retired_indicator": "the indicator is retired from an earlier or the same year",
    "not_yet_active": "the indicator is reported from a later year on",
    "out_of_scope": "the indicator belongs to another region's subtree",
    "region_not_in_year": "no such region that year (merged, split, retired, not yet set up)",
}


class Problem(NamedTuple):
    code: str
    message: str


class WriteRefused(Exception):
    """A write or workflow step that must not happen; ``code`` is stable for programs."""

    code = "refused"

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def unknown_code(kind: str, code: str) -> Problem:
    """``kind`` is "indicator" or "region"."""
    if kind == "indicator":
        return Problem("unknown_indicator", _("未知的指标代码：%(code)s。") % {"code": code})
    return Problem("unknown_region", _("未知的区划代码：%(code)s。") % {"code": code})


def duplicate() -> Problem:
    return Problem("duplicate", _("同一指标、区划和年度在本次提交中出现了不止一次。"))


def year_problem(year: int, years: range) -> Problem | None:
    if year in years:
        return None
    return Problem(
        "year_out_of_range",
        _("年度应在 %(first)s～%(last)s 之间。") % {"first": years[0], "last": years[-1]},
    )


def write_refusal(
    user: User | AnonymousUser, region: Region, year: int, report: Report | None
) -> Problem | None:
    """Why ``user`` may not change this town's figures of this year now; None when they may.

    ``report`` is the town's report of the year, or None when nobody has saved one.
    Rights come before the lock, so that a stranger learns "forbidden", not the status.
    """
    where = {"region": region.name, "year": year}
    if region.level != Level.TOWN:
        return Problem(
            "not_a_town", _("只有镇可以填报数字：%(region)s 不是镇。") % {"region": region.name}
        )
    problem = year_problem(year, figure_years())
    if problem is not None:
        return problem
    if not access.may_edit(user, region):
        return Problem("forbidden", _("您无权修改%(region)s %(year)s 年的数字。") % where)
    if report is not None and report.is_locked:
        message = _("%(region)s %(year)s 年的数字已审核锁定，需县级审核人员重新打开后才能修改。")
        return Problem("locked", message % where)
    if report is not None and not report.is_editable:
        message = _("%(region)s %(year)s 年的数字已提交审核，审核完成或退回前不能修改。")
        return Problem("submitted", message % where)
    return None


def catalogue_refusal(indicator: Indicator, region: Region, year: int) -> Problem | None:
    """Why the catalogue has no place for this figure: the indicator retired by
    ``year`` or reported only from a later year, or meant for another region's
    subtree; None when it has one.
    ``indicator.scope`` is read: select it with the indicator."""
    name = indicator.name
    if indicator.retired_from is not None and year >= indicator.retired_from:
        message = _("“%(name)s”自 %(from)s 年起停用，不能填报 %(year)s 年的数字。")
        return Problem(
            "retired_indicator",
            message % {"name": name, "from": indicator.retired_from, "year": year},
        )
    if indicator.active_from is not None and year < indicator.active_from:
        message = _("“%(name)s”自 %(from)s 年起填报，不能填报 %(year)s 年的数字。")
        return Problem(
            "not_yet_active",
            message % {"name": name, "from": indicator.active_from, "year": year},
        )
    if indicator.scope_id is not None and not indicator.scope.contains(region):
        message = _("“%(name)s”只适用于%(scope)s，%(region)s不填报。")
        return Problem(
            "out_of_scope",
            message % {"name": name, "scope": indicator.scope.name, "region": region.name},
        )
    return None


def region_year_refusals(
    places: Iterable[tuple[Region, int]],
) -> dict[tuple[str, int], Problem]:
    """(region code, year) → why the region takes no figures of that year, for the
    places whose region does not exist in their year: not yet set up, or ended by a
    merge, split, move or retirement. No query when every region exists in its year;
    otherwise one for the changes that ended them and one for what they became."""
    outside = {(region, year) for region, year in places if not region.exists_in(year)}
    if not outside:
        return {}
    ended = {region for region, _y in outside if region.retired_from is not None}
    changes: dict[str, RegionChange] = {}
    if ended:
        found = RegionChange.objects.filter(
            year__in={region.retired_from for region in ended}
        ).exclude(kind=ChangeKind.RENAME)
        for change in found.order_by("id"):  # the latest recorded change wins
            for region in ended:
                if region.code in change.sources and region.retired_from == change.year:
                    changes[region.code] = change
    targets = {code for change in changes.values() for code in change.targets}
    names = dict(Region.objects.filter(code__in=targets).values_list("code", "name"))
    return {
        (region.code, year): _region_refusal(region, year, changes.get(region.code), names)
        for region, year in outside
    }


def _region_refusal(
    region: Region, year: int, change: RegionChange | None, names: dict[str, str]
) -> Problem:
    """Why ``region`` takes no figures of ``year``, which it does not exist in; ``change``
    is the change that ended it, if one is recorded, and ``names`` its regions' names."""
    where = {"region": region.name, "year": year}
    if region.active_from is not None and year < region.active_from:
        message = _("%(region)s自 %(from)s 年起设立，不能填报 %(year)s 年的数字。")
        return Problem("region_not_in_year", message % {**where, "from": region.active_from})
    where["from"] = region.retired_from
    targets = "、".join(names.get(code, code) for code in (change.targets if change else []))
    if change is not None and targets and change.kind == ChangeKind.MERGE:
        message = _("%(region)s已于 %(from)s 年并入%(into)s，不能填报 %(year)s 年的数字。")
    elif change is not None and targets and change.kind == ChangeKind.SPLIT:
        message = _("%(region)s已于 %(from)s 年拆分为%(into)s，不能填报 %(year)s 年的数字。")
    elif change is not None and targets and change.kind == ChangeKind.MOVE:
        message = _("%(region)s已于 %(from)s 年划转为%(into)s，不能填报 %(year)s 年的数字。")
    else:
        message = _("%(region)s已于 %(from)s 年撤销，不能填报 %(year)s 年的数字。")
    return Problem("region_not_in_year", message % {**where, "into": targets})
