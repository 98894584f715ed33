"""Town, county and year codes taken from addresses, checked before any query.

A code that is not exactly what the database holds (a NUL byte, "²", full-width
digits) gets a Chinese 404 page, never a database error.
"""

import re
from functools import wraps

from django.shortcuts import render
from django.utils.translation import gettext as _

from indicators.catalogue.years import figure_years

# ASCII digits only: ``\d`` and ``str.isdigit()`` also accept "²" or "２", which
# int() or the database then refuse with an error instead of a 404.
REGION_CODE = re.compile(r"[0-9]{12}")
YEAR = re.compile(r"[0-9]{4}")


class NotFound(Exception):
    """An address naming no town, county or year that exists: a Chinese 404 page."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class OutsideRights(Exception):
    """A town or county the user may not see: a Chinese 403 page with this message."""

    def __init__(self, message: str = ""):
        super().__init__(message)
        self.message = message or _("您没有权限查看这个镇的数字。")


def answers_not_found(view):
    """NotFound becomes the Chinese 404 page and OutsideRights the 403 page."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NotFound as missing:
            context = {"message": missing.message}
            return render(request, "entry/not_found.html", context, status=404)
        except OutsideRights as refused:
            context = {"message": refused.message}
            return render(request, "entry/forbidden.html", context, status=403)

    return wrapper


def region_code(raw: str | None, message: str) -> str:
    """A 12-digit region code from an address, checked before it reaches the database."""
    if raw is None or not REGION_CODE.fullmatch(raw):
        raise NotFound(message)
    return raw


def report_year(year: int) -> int:
    """A year a town can report: not before 2000, and not one that has not begun."""
    years = figure_years()
    if year not in years:
        raise NotFound(
            _("年度应在 %(first)s 至 %(last)s 之间。") % {"first": years[0], "last": years[-1]}
        )
    return year


def query_year(raw: str) -> int:
    """A year from the query string: four ASCII digits within the allowed range."""
    if not YEAR.fullmatch(raw):
        raise NotFound(_("年度不对。"))
    return report_year(int(raw))
