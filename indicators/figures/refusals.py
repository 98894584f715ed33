"""Why a figure may not be written: one check of rights and locks, one set of codes.

Every caller (form, API, Excel, seed) gets the same code for the same reason, and
docs/api.md lists them. The figure's own codes (``not_a_number``, ``negative``,
``not_finite``, ``bad_grouping``, ``out_of_bounds``, ``too_many_decimals``) come from
:mod:`indicators.validation`.
"""

from typing import NamedTuple

from django.contrib.auth.models import AnonymousUser, User
from django.utils.translation import gettext as _

from .. import access
from ..models import Level, Region, Report
from ..years import figure_years

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
