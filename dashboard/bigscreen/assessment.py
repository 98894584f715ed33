"""The 大屏's assessment panel: the county's latest league table up to the screen's year.

Shown only to those who may read it: the published result to the county's people,
today's trial result (so labelled) to whoever covers the county; never to visitors.
"""

from indicators.assessment import access
from indicators.assessment.reads import latest_scheme_year
from indicators.assessment.services import assessment_standing
from indicators.models import Region

from ..assessment.tables import league_rows


def assessment_panel(user, county: Region, year: int) -> dict | None:
    if not user.is_authenticated or not access.may_see_published(user, county):
        return None
    latest = latest_scheme_year(county, up_to=year)
    if latest is None:
        return None
    standing = assessment_standing(county, latest)
    if standing.publication is None and not access.may_see_live(user, county):
        return None
    data = standing.shown
    if data is None:  # a scheme that no longer reads: the league page says why
        return None
    return {
        "year": latest,
        "published": standing.publication is not None,
        "parts": data["scheme"]["parts"],
        "rows": league_rows(data, {}),
    }
