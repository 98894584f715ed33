"""The entry view lets the services decide (issue 24): one call with what was typed,
their refusals shown on the page, and the page read once, after the outcome."""

from decimal import Decimal

import pytest

from dashboard.entry import views
from indicators.models import DataValue, Report, Status
from tests.factories import reports_set_status, save_figures

from .conftest import entry_url, form_data


@pytest.fixture
def calls(monkeypatch):
    """Every call of the write service the entry view makes."""
    made = []

    def counted(write):
        def call(**kwargs):
            made.append(write.__name__)
            return write(**kwargs)

        return call

    monkeypatch.setattr(views, "figures_import", counted(views.figures_import))
    monkeypatch.setattr(views, "figures_submit", counted(views.figures_submit))
    return made


def test_a_merge_is_one_service_call(client, clerk, reviewer, report, catalogue, calls):
    save_figures(report.region, 2024, {"street_lights": 10}, user=clerk)
    save_figures(report.region, 2024, {"villages_collective_economy": 13}, user=reviewer)
    client.force_login(clerk)
    data = form_data(
        catalogue, version=1, values={"public_toilets": "4"}, shown={"street_lights": "10"}
    )
    response = client.post(entry_url(report), data, follow=True)
    assert calls == ["figures_import"]
    assert dict(report.values.values_list("indicator_id", "value")) == {
        "street_lights": Decimal(10),
        "villages_collective_economy": Decimal(13),
        "public_toilets": Decimal(4),
    }
    assert "reviewer 修改了 1 项（集体经济达标村" in response.content.decode()


def test_a_figure_both_changed_is_one_call_and_nothing_saved(
    client, clerk, reviewer, report, catalogue, calls
):
    save_figures(report.region, 2024, {"street_lights": 10}, user=clerk)
    save_figures(report.region, 2024, {"street_lights": 12}, user=reviewer)
    client.force_login(clerk)
    data = form_data(
        catalogue,
        version=1,
        values={"street_lights": "11", "public_toilets": "4"},
        shown={"street_lights": "10"},
    )
    response = client.post(entry_url(report), data)
    assert (response.status_code, calls) == (409, ["figures_import"])
    assert report.values.get().value == 12


def test_a_stale_figure_and_a_bad_one_are_both_shown(client, clerk, reviewer, report, catalogue):
    save_figures(report.region, 2024, {"street_lights": 10}, user=clerk)
    save_figures(report.region, 2024, {"street_lights": 12}, user=reviewer)
    client.force_login(clerk)
    data = form_data(
        catalogue,
        version=1,
        values={"street_lights": "11", "public_toilets": "abc"},
        shown={"street_lights": "10"},
    )
    response = client.post(entry_url(report), data)
    html = response.content.decode()
    assert response.status_code == 409
    assert 'data-code="street_lights"' in html.split('class="message error merge-conflicts"')[1]
    toilets = html.split('id="row-public_toilets"')[1].split("</tr>")[0]
    assert "“abc”不是数字" in toilets and 'value="abc"' in toilets
    assert "有 1 处填写有误" in html
    assert report.values.get().value == 12


def test_a_figure_retyped_the_same_is_no_change(client, clerk, report, catalogue, calls):
    save_figures(report.region, 2024, {"raw_coal_output": 1234.5}, user=clerk)
    client.force_login(clerk)
    data = form_data(
        catalogue,
        version=1,
        values={"raw_coal_output": "1,234.5"},
        shown={"raw_coal_output": "1234.50"},
    )
    response = client.post(entry_url(report), data, follow=True)
    assert calls == ["figures_import"]  # the service, not the view, says it is the same
    assert "没有改动，无需保存" in response.content.decode()
    report.refresh_from_db()
    assert report.version == 1


def test_the_services_refusal_of_rights_is_a_403_with_its_message(
    client, county_official, report, catalogue, calls
):
    client.force_login(county_official)  # reads the town, may not change it
    response = client.post(entry_url(report), form_data(catalogue, values={"street_lights": "5"}))
    assert (response.status_code, calls) == (403, ["figures_import"])
    refusal = response.content.decode().split('class="message error refusal"')[1]
    assert 'data-code="forbidden"' in refusal and "您无权修改" in refusal
    assert not DataValue.objects.exists()


def test_a_locked_report_refuses_before_a_bad_figure_is_told(client, clerk, report, catalogue):
    save_figures(report.region, 2024, {"street_lights": 7}, user=clerk)
    reports_set_status(Report.objects.filter(pk=report.pk), Status.APPROVED)
    client.force_login(clerk)
    data = form_data(
        catalogue, version=1, values={"street_lights": "abc"}, shown={"street_lights": "7"}
    )
    data["value-public_toilets"] = "3"
    response = client.post(entry_url(report), data)
    assert response.status_code == 409
    assert "已审核锁定" in response.content.decode()


@pytest.mark.parametrize(
    ("values", "status", "most"),
    [
        # Session, user, the town, its report, the user's rights, the form's indicators;
        # the service's plan; then the page once: the report now, its figures, last
        # year's, the targets, the steps, the rules, the town's name of the year.
        ({"public_toilets": "abc"}, 400, 18),
        ({"street_lights": "11"}, 409, 18),  # both changed: the same, and nothing else
    ],
)
def test_a_refused_save_reads_the_page_once(
    client, clerk, reviewer, report, catalogue, django_assert_max_num_queries, values, status, most
):
    save_figures(report.region, 2024, {"street_lights": 10}, user=clerk)
    save_figures(report.region, 2024, {"street_lights": 12}, user=reviewer)
    client.force_login(clerk)
    data = form_data(catalogue, version=1, values=values, shown={"street_lights": "10"})
    if status == 400:
        data = form_data(catalogue, version=2, values=values, shown={"street_lights": "12"})
    with django_assert_max_num_queries(most):
        assert client.post(entry_url(report), data).status_code == status
