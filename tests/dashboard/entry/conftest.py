import pytest

from dashboard.entry.forms import comment_name, shown_name, value_name
from indicators.services import report_for


@pytest.fixture
def report(towns, catalogue):
    return report_for(region=towns[0], year=2024)


def entry_url(report_or_town, year=None) -> str:
    if year is None:
        return f"/entry/{report_or_town.region_id}/{report_or_town.year}/"
    return f"/entry/{report_or_town.code}/{year}/"


def form_data(catalogue, *, version=0, values=None, comments=None, shown=None, action="save"):
    """A complete entry form as the browser posts it: every indicator, mostly empty."""
    values, comments, shown = values or {}, comments or {}, shown or {}
    data = {"version": str(version), "action": action}
    for code in catalogue:
        data[value_name(code)] = values.get(code, "")
        data[comment_name(code)] = comments.get(code, "")
        data[shown_name(code)] = shown.get(code, "")
    return data
