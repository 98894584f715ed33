"""The 大屏's assessment panel: the county's latest league table up to the screen's year.

Shown only to those who may read it: the published result to the county's people,
today's trial result (so labelled) to whoever covers the county; never to visitors.
"""

from indicators.assessment import access
from indicators.assessment.models import SchemeVersion
from indicators.assessment.services import assessment_standing
from indicators.models import Region

from ..assessment.tables import league_rows


def assessment_panel(user, county: Region, year: int) -> dict | None:
    if not user.is_authenticated or not access.may_see_published(user, county):
        return None
    latest = (
        SchemeVersion.objects.filter(county=county, year__lte=year)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    if latest is None:
        return None
    standing = assessment_standing(county, latest)
    if standing.publication is None and not access.may_see_live(user, county):
        return None
    data = standing.shown
    return {
        "year": latest,
        "published": standing.publication is not None,
        "parts": data["scheme"]["parts"],
        "rows": league_rows(data, {}),
    }
