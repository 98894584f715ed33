import pytest

from indicators.catalogue.years import current_year
from indicators.models import Report, Role, Status
from indicators.workflow.transitions import report_submit
from tests.factories import save_figures, town, user_with_role


def progress_rows(html: str) -> dict[str, str]:
    body = html.split("<tbody>")[1].split("</tbody>")[0]
    return {chunk.split('"')[0]: chunk.split("</tr>")[0] for chunk in body.split('data-town="')[1:]}


def test_towns_show_status_figures_filled_open_warnings_and_last_change(
    client, county_official, towns, catalogue, reviewer
):
    save_figures(
        towns[0], 2024, {"raw_coal_output": 150, "coal_design_capacity": 120}, user=reviewer
    )
    first = towns[0].reports.get(year=2024)
    report_submit(report=first, user=reviewer)
    client.force_login(county_official)
    response = client.get(f"/progress/?county={towns[0].parent_id}&year=2024")
    rows = progress_rows(response.content.decode())
    assert response.status_code == 200
    assert list(rows) == [t.code for t in towns]
    assert 'data-status="submitted"' in rows[towns[0].code]
    assert f"2/{len(catalogue)}" in rows[towns[0].code]
    assert '<span class="warn-count">1</span>' in rows[towns[0].code]
    assert "reviewer" in rows[towns[0].code]
    assert 'data-status="none"' in rows[towns[1].code]
    assert f"0/{len(catalogue)}" in rows[towns[1].code]


def test_the_page_defaults_to_the_officials_county_and_the_year_in_progress(
    client, county_official, towns, catalogue
):
    Report.objects.create(region=towns[0], year=2023, status=Status.APPROVED)
    Report.objects.create(region=towns[1], year=2025, status=Status.DRAFT)
    client.force_login(county_official)
    response = client.get("/progress/")
    assert response.status_code == 200
    assert response.context["county"] == towns[0].parent
    assert response.context["year"] == 2025


def test_the_year_in_progress_is_never_one_that_has_not_begun(
    client, county_official, towns, catalogue
):
    # A draft for next year (typed into the database by hand, say) must not make
    # the county's progress page open on a year nobody can report yet.
    Report.objects.create(region=towns[0], year=current_year() + 1, status=Status.DRAFT)
    client.force_login(county_official)
    response = client.get("/progress/")
    assert response.context["year"] == current_year()
    assert all(year <= current_year() for year in response.context["years"])


def test_an_official_of_another_county_gets_403(client, towns, other_county, catalogue):
    client.force_login(user_with_role(Role.COUNTY, other_county, "stranger"))
    assert client.get(f"/progress/?county={towns[0].parent_id}&year=2024").status_code == 403


def test_a_clerk_sees_only_their_own_town(client, clerk, towns, catalogue):
    client.force_login(clerk)
    response = client.get("/progress/?year=2024")
    assert list(progress_rows(response.content.decode())) == [towns[0].code]


@pytest.mark.parametrize("query", ["?county=nonsense", "?year=abc", "?year=1800"])
def test_bad_parameters_are_not_found_not_errors(client, county_official, catalogue, query):
    client.force_login(county_official)
    assert client.get(f"/progress/{query}").status_code == 404


@pytest.mark.parametrize("town_count", [3, 30])
def test_the_page_takes_a_fixed_number_of_queries_whatever_the_number_of_towns(
    client, county, catalogue, django_assert_max_num_queries, town_count
):
    clerk_user = user_with_role(Role.ADMIN, None, "filler")
    indicators = list(catalogue.values())[:20]
    for number in range(1, town_count + 1):
        region = town(county, number)
        for year in (2023, 2024):
            figures = {i.code: i.min_value + number + year % 2 for i in indicators}
            save_figures(region, year, figures, user=clerk_user)
    client.force_login(user_with_role(Role.COUNTY, county, "official"))
    # 11: the catalogue's rules; one for the county's name in the year.
    with django_assert_max_num_queries(11):
        response = client.get(f"/progress/?county={county.code}&year=2024")
    assert len(progress_rows(response.content.decode())) == town_count
