import pytest

from dashboard.entry.forms import comment_name, shown_comment_name, shown_name, value_name
from tests.factories import ReportFactory


@pytest.fixture
def report(towns, catalogue):
    return ReportFactory(region=towns[0], year=2024)


def entry_url(report_or_town, year=None) -> str:
    if year is None:
        return f"/entry/{report_or_town.region_id}/{report_or_town.year}/"
    return f"/entry/{report_or_town.code}/{year}/"


def form_data(
    catalogue,
    *,
    version=0,
    values=None,
    comments=None,
    shown=None,
    shown_comments=None,
    action="save",
    confirm_incomplete=False,
):
    """A complete entry form as the browser posts it: every indicator, mostly empty.

    ``shown`` and ``shown_comments`` are what the page showed (the base); a figure
    not in ``values`` is posted as shown, i.e. untouched. ``confirm_incomplete`` is
    the "仍然提交" button of the page that listed the missing figures.
    """
    shown, shown_comments = shown or {}, shown_comments or {}
    values = {**shown, **(values or {})}
    comments = {**shown_comments, **(comments or {})}
    data = {"version": str(version), "action": action}
    if confirm_incomplete:
        data["confirm_incomplete"] = "1"
    for code in catalogue:
        data[value_name(code)] = values.get(code, "")
        data[comment_name(code)] = comments.get(code, "")
        data[shown_name(code)] = shown.get(code, "")
        data[shown_comment_name(code)] = shown_comments.get(code, "")
    return data
