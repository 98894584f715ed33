"""The entry form, the Excel template and the progress page follow the catalogue and
the towns' years on the next page load."""

import io

import pytest
from openpyxl import load_workbook

from indicators.models import DataValue, Indicator, Role
from tests.factories import save_figures, user_with_role

from .conftest import FARMLAND, retire

pytestmark = pytest.mark.django_db


def posted(codes, figures: dict) -> dict:
    """The entry form as the browser posts it: every row shown empty, ``figures`` typed."""
    data = {"version": "0", "action": "save"}
    for code in codes:
        data |= {f"value-{code}": figures.get(code, ""), f"comment-{code}": ""}
        data |= {f"shown-{code}": "", f"shown-comment-{code}": ""}
    return data


def form_codes(response) -> set[str]:
    html = response.content.decode()
    return {part.split('"', 1)[0] for part in html.split('data-code="')[1:]}


def template_rows(response) -> list[tuple[str, str]]:
    """(town, indicator) of each data row of a downloaded template."""
    assert response.status_code == 200, response.content[:300]
    sheet = load_workbook(io.BytesIO(response.content))["填报"]
    return [(row[0], row[3]) for row in sheet.iter_rows(min_row=5, values_only=True)]


def template_codes(response) -> set[str]:
    return {code for _town, code in template_rows(response)}


def test_an_added_indicator_is_in_the_entry_form_and_the_template(
    client, clerk, towns, catalogue, farmland
):
    client.force_login(clerk)
    form = client.get(f"/entry/{towns[0].code}/2026/")
    assert FARMLAND in form_codes(form)
    assert "高标准农田建设" in form.content.decode()
    assert FARMLAND in template_codes(client.get(f"/entry/{towns[0].code}/2026/template.xlsx"))


def test_an_indicator_retired_from_2027_leaves_the_2027_form_and_template_only(
    client, clerk, towns, catalogue, in_2027
):
    save_figures(towns[0], 2026, {"street_lights": 120}, user=clerk)
    retire("street_lights", 2027)
    client.force_login(clerk)

    assert "street_lights" not in form_codes(client.get(f"/entry/{towns[0].code}/2027/"))
    assert "street_lights" not in template_codes(
        client.get(f"/entry/{towns[0].code}/2027/template.xlsx")
    )
    assert "street_lights" in form_codes(client.get(f"/entry/{towns[0].code}/2026/"))
    assert "street_lights" in template_codes(
        client.get(f"/entry/{towns[0].code}/2026/template.xlsx")
    )
    assert DataValue.objects.get(indicator_id="street_lights").value == 120


def test_a_countys_own_indicator_is_asked_of_its_towns_only(
    client, towns, catalogue, farmland, other_town, county
):
    farmland.scope = county
    farmland.save()
    client.force_login(user_with_role(Role.ADMIN, None, "boss"))

    assert FARMLAND in form_codes(client.get(f"/entry/{towns[0].code}/2026/"))
    assert FARMLAND not in form_codes(client.get(f"/entry/{other_town.code}/2026/"))
    ours = f"/progress/template.xlsx?county={county.code}&year=2026"
    county_rows = template_rows(client.get(ours))
    assert {town for town, code in county_rows if code == FARMLAND} == {t.code for t in towns}
    neighbours = f"/progress/template.xlsx?county={other_town.parent_id}&year=2026"
    assert FARMLAND not in template_codes(client.get(neighbours))


def test_the_progress_page_counts_what_the_catalogue_asks_of_each_town(
    client, county_official, towns, catalogue, farmland, county, in_2027
):
    farmland.scope = county
    farmland.save()
    retire("street_lights", 2027)
    client.force_login(county_official)
    every = Indicator.objects.count()

    def totals(year):
        response = client.get(f"/progress/?county={county.code}&year={year}")
        return {row.town.code: row.total for row in response.context["rows"]}

    assert set(totals(2026).values()) == {every}
    assert set(totals(2027).values()) == {every - 1}


def test_a_town_merged_away_in_2026_is_offered_for_2025_and_not_for_2026(
    client, county_official, towns, catalogue, merged, county
):
    client.force_login(county_official)

    def listed(year):
        response = client.get(f"/progress/?county={county.code}&year={year}")
        return [row.town.code for row in response.context["rows"]]

    assert merged.code in listed(2025)
    assert merged.code not in listed(2026)
    assert len(listed(2026)) == len(towns) - 1
    county_2026 = f"/progress/template.xlsx?county={county.code}&year=2026"
    assert merged.code not in {town for town, _code in template_rows(client.get(county_2026))}


def test_the_entry_page_of_a_merged_town_says_why_and_takes_no_figures(
    client, clerk, towns, catalogue, merged
):
    client.force_login(clerk)
    page = client.get(f"/entry/{merged.code}/2026/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "测试1镇已于 2026 年并入测试2镇，不能填报 2026 年的数字。" in html
    assert 'data-code="region_not_in_year"' in html
    assert 'name="value-street_lights"' not in html  # read only

    refused = client.post(f"/entry/{merged.code}/2026/", posted(catalogue, {"street_lights": "5"}))
    assert refused.status_code == 409
    assert not DataValue.objects.exists()
    template = client.get(f"/entry/{merged.code}/2026/template.xlsx")
    assert template.status_code == 404
    assert "并入测试2镇" in template.content.decode()

    earlier = client.post(f"/entry/{merged.code}/2025/", posted(catalogue, {"street_lights": "5"}))
    assert earlier.status_code == 302
    assert DataValue.objects.get(report__year=2025).value == 5


def test_a_clerk_of_a_merged_town_opens_on_its_last_year(client, clerk, towns, catalogue, merged):
    client.force_login(clerk)
    response = client.get("/entry/")
    assert response["Location"] == f"/entry/{merged.code}/2025/"
