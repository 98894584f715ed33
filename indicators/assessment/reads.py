"""The assessment pages' reads: the pages run no query themselves
(tests/architecture/test_pages_without_orm.py)."""

from ..models import Region
from .models import SchemeVersion


def latest_scheme(county: Region, year: int) -> SchemeVersion | None:
    """The county's latest scheme version for ``year``."""
    return SchemeVersion.objects.latest_of(county, year)


def latest_scheme_year(county: Region, *, up_to: int | None = None) -> int | None:
    """The latest year (up to ``up_to``, if given) for which the county has a scheme."""
    return SchemeVersion.objects.latest_year(county, up_to=up_to)
