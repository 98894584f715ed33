from decimal import Decimal

import pytest

from tests.factories import DataValueFactory, ReportFactory


@pytest.fixture
def figure(towns, catalogue):
    report = ReportFactory(region=towns[0], year=2024)
    return DataValueFactory(report=report, indicator=catalogue["street_lights"], value=Decimal(3))


def test_figures_cannot_be_changed_in_the_admin_around_the_lock(client, admin_user, figure):
    client.force_login(admin_user)
    url = f"/admin/indicators/datavalue/{figure.pk}/change/"
    response = client.post(url, {"value": "999"})
    figure.refresh_from_db()
    assert figure.value == Decimal(3)
    assert response.status_code in (200, 403)
    assert client.get("/admin/indicators/datavalue/add/").status_code == 403


def test_the_history_list_in_the_admin_runs_a_fixed_number_of_queries(
    client, admin_user, towns, catalogue, django_assert_max_num_queries
):
    report = ReportFactory(region=towns[0], year=2024)
    for indicator in list(catalogue.values())[:30]:
        DataValueFactory(report=report, indicator=indicator, value=Decimal(1))
    client.force_login(admin_user)
    with django_assert_max_num_queries(12):
        response = client.get("/admin/indicators/historicaldatavalue/")
    assert response.status_code == 200
