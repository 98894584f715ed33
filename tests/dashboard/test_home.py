import pytest

from indicators.models import Indicator


@pytest.mark.django_db
def test_the_catalogue_page_lists_the_five_sections_and_every_indicator_with_its_unit(
    client, catalogue
):
    response = client.get("/indicators/")
    page = response.content.decode()
    assert response.status_code == 200
    for heading in ["产业发展", "城镇化", "绿色发展", "民生事业", "党的建设"]:
        assert heading in page
    # Anonymous visitors are not told the names of non-public indicators.
    public = Indicator.objects.filter(is_public=True, section__is_public=True).count()
    assert page.count("<code>") == public >= 35
    assert "万吨／年" in page


@pytest.mark.django_db
def test_the_catalogue_page_runs_a_fixed_number_of_queries(
    client, catalogue, django_assert_max_num_queries
):
    with django_assert_max_num_queries(3):
        client.get("/indicators/")
