from decimal import Decimal

import pytest
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.auth.models import Permission, User

from indicators.models import DataValue, Indicator, Report, ReportTransition, Role, Status, Target
from tests import factories
from tests.factories import DataValueFactory, ReportFactory, TargetFactory


@pytest.fixture
def figure(towns, catalogue):
    report = ReportFactory(region=towns[0], year=2024)
    return DataValueFactory(report=report, indicator=catalogue["street_lights"], value=Decimal(3))


@pytest.fixture
def approved_report(towns, admin_user):
    report = ReportFactory(region=towns[0], year=2024, status=Status.APPROVED, version=3)
    ReportTransition.objects.create(
        report=report, from_status=Status.SUBMITTED, to_status=Status.APPROVED, user=admin_user
    )
    return report


@pytest.fixture
def target(towns, catalogue):
    return TargetFactory(
        indicator=catalogue["village_health_coverage"], region=towns[0], value=Decimal(80)
    )


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def test_figures_cannot_be_changed_in_the_admin_around_the_lock(admin_client, figure):
    url = f"/admin/indicators/datavalue/{figure.pk}/change/"
    response = admin_client.post(url, {"value": "999"})
    figure.refresh_from_db()
    assert figure.value == Decimal(3)
    assert response.status_code == 403


def test_an_approved_report_cannot_be_moved_in_the_admin(admin_client, approved_report, towns):
    url = f"/admin/indicators/report/{approved_report.pk}/change/"
    response = admin_client.post(
        url,
        {
            "region": towns[1].pk,
            "year": "2023",
            "status": Status.DRAFT,
            "version": "0",
            "transitions-TOTAL_FORMS": "0",
            "transitions-INITIAL_FORMS": "1",
        },
    )
    assert response.status_code == 403
    approved_report.refresh_from_db()
    assert (approved_report.region, approved_report.year) == (towns[0], 2024)
    assert (approved_report.status, approved_report.version) == (Status.APPROVED, 3)
    assert approved_report.transitions.count() == 1


def test_a_target_cannot_be_set_in_the_admin(admin_client, target, towns):
    url = f"/admin/indicators/target/{target.pk}/change/"
    response = admin_client.post(
        url,
        {
            "indicator": target.indicator_id,
            "region": towns[0].pk,
            "year": "2024",
            "value": "5000.1234",
        },
    )
    assert response.status_code == 403
    target.refresh_from_db()
    assert target.value == Decimal(80)
    assert target.history.count() == 1


def test_nothing_is_reverted_to_an_old_version_through_the_history_views(
    admin_client, figure, target
):
    DataValueFactory(report=figure.report, indicator=figure.indicator, value=Decimal(4))
    oldest = figure.history.earliest().history_id
    url = f"/admin/indicators/datavalue/{figure.pk}/history/{oldest}/"
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(
        url,
        {
            "report": figure.report_id,
            "indicator": figure.indicator_id,
            "value": "999",
            "source": figure.source,
        },
    )
    assert response.status_code == 403
    figure.refresh_from_db()
    assert figure.value == Decimal(4)

    version = target.history.get().history_id
    url = f"/admin/indicators/target/{target.pk}/history/{version}/"
    response = admin_client.post(url, {"value": "5000.1234"})
    assert response.status_code == 403
    target.refresh_from_db()
    assert target.value == Decimal(80)


@pytest.mark.parametrize("model", ["datavalue", "report", "target"])
def test_figures_reports_and_targets_cannot_be_added_in_the_admin(admin_client, towns, model):
    assert admin_client.get(f"/admin/indicators/{model}/add/").status_code == 403
    response = admin_client.post(
        f"/admin/indicators/{model}/add/", {"region": towns[1].pk, "year": "2024"}
    )
    assert response.status_code == 403
    assert not Report.objects.exists()


def test_figures_reports_and_targets_cannot_be_deleted_in_the_admin(
    admin_client, figure, approved_report, target
):
    for model, obj in [("datavalue", figure), ("report", approved_report), ("target", target)]:
        url = f"/admin/indicators/{model}/{obj.pk}/delete/"
        assert admin_client.post(url, {"post": "yes"}).status_code == 403
        # The bulk action is not offered either.
        response = admin_client.post(
            f"/admin/indicators/{model}/",
            {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"},
        )
        assert response.status_code in (200, 302)
    assert DataValue.objects.filter(pk=figure.pk).exists()
    assert Report.objects.filter(pk=approved_report.pk).exists()
    assert Target.objects.filter(pk=target.pk).exists()


def test_figures_reports_and_targets_are_viewed_read_only(
    admin_client, figure, approved_report, target
):
    for model, obj in [("datavalue", figure), ("report", approved_report), ("target", target)]:
        assert admin_client.get(f"/admin/indicators/{model}/").status_code == 200
        response = admin_client.get(f"/admin/indicators/{model}/{obj.pk}/change/")
        assert response.status_code == 200
        # Every field is shown as text: the form has no inputs and no save button.
        assert response.context["adminform"].form.fields == {}
        assert not response.context["has_change_permission"]
        assert b'name="_save"' not in response.content
        assert admin_client.get(f"/admin/indicators/{model}/{obj.pk}/history/").status_code == 200
    response = admin_client.get(f"/admin/indicators/report/{approved_report.pk}/change/")
    (transitions,) = response.context["inline_admin_formsets"]
    assert not transitions.has_add_permission
    assert not transitions.has_change_permission
    assert not transitions.has_delete_permission


def test_a_change_in_the_admin_is_recorded_and_can_be_read(admin_client, admin_user, towns):
    region = towns[0]
    response = admin_client.post(
        f"/admin/indicators/region/{region.pk}/change/",
        {
            "code": region.code,
            "name": "新名镇",
            "name_en": "",
            "level": region.level,
            "parent": region.parent_id,
        },
    )
    assert response.status_code == 302
    region.refresh_from_db()
    assert region.name == "新名镇"
    entry = LogEntry.objects.get()
    assert (entry.user, entry.action_flag, entry.object_id) == (admin_user, CHANGE, region.pk)
    assert entry.get_edited_object() == region
    assert "名称" in entry.get_change_message()

    # The admin log is part of the audit trail: the audit administrator reads it.
    assert admin_client.get("/admin/admin/logentry/").status_code == 403
    auditor = factories.user_with_role(Role.AUDITOR, None, "auditor")
    auditor.is_staff = True
    auditor.save()
    admin_client.force_login(auditor)
    response = admin_client.get("/admin/admin/logentry/")
    assert response.status_code == 200
    assert "新名镇" in response.content.decode()
    assert admin_client.get(f"/admin/admin/logentry/{entry.pk}/change/").status_code == 200


def test_the_record_of_admin_actions_cannot_be_rewritten(admin_client, admin_user, catalogue):
    indicator = catalogue["street_lights"]
    entry = LogEntry.objects.log_actions(
        admin_user.pk, [indicator], ADDITION, change_message="", single_object=True
    )
    assert admin_client.get("/admin/admin/logentry/add/").status_code == 403
    url = f"/admin/admin/logentry/{entry.pk}/change/"
    assert admin_client.post(url, {"object_repr": "forged"}).status_code == 403
    url = f"/admin/admin/logentry/{entry.pk}/delete/"
    assert admin_client.post(url, {"post": "yes"}).status_code == 403
    entry.refresh_from_db()
    assert entry.object_repr == str(indicator)
    assert Indicator.objects.filter(pk=indicator.pk).exists()


def test_the_history_list_in_the_admin_runs_a_fixed_number_of_queries(
    admin_client, towns, catalogue, django_assert_max_num_queries
):
    report = ReportFactory(region=towns[0], year=2024)
    for indicator in list(catalogue.values())[:30]:
        DataValueFactory(report=report, indicator=indicator, value=Decimal(1))
    with django_assert_max_num_queries(12):
        response = admin_client.get("/admin/indicators/historicaldatavalue/")
    assert response.status_code == 200


def test_only_an_administrator_deletes_history_records(client, admin_user, figure):
    record = figure.history.get()
    url = f"/admin/indicators/historicaldatavalue/{record.pk}/delete/"
    staff = User.objects.create_user("staff", is_staff=True)
    staff.user_permissions.add(
        *Permission.objects.filter(codename__endswith="_historicaldatavalue")
    )
    client.force_login(staff)
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert DataValue.history.filter(pk=record.pk).exists()
    client.force_login(admin_user)
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not DataValue.history.filter(pk=record.pk).exists()
