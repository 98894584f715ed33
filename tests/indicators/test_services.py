from decimal import Decimal

import pytest

from indicators.models import DataValue, Source, Status
from indicators.services import (
    FigureChange,
    NotATown,
    ReportLocked,
    ReportSubmitted,
    StaleReport,
    report_for,
    values_save,
)
from tests.factories import town


@pytest.fixture
def report(towns):
    return report_for(region=towns[0], year=2024)


def test_saving_creates_updates_and_removes_figures(report, catalogue, clerk):
    lights, toilets = catalogue["street_lights"], catalogue["public_toilets"]
    first = values_save(
        report=report,
        changes=[FigureChange(lights, Decimal(120)), FigureChange(toilets, Decimal(3))],
        user=clerk,
        source=Source.FORM,
    )
    second = values_save(
        report=report,
        changes=[FigureChange(lights, Decimal(130)), FigureChange(toilets, None)],
        user=clerk,
        source=Source.API,
    )
    assert (first.created, second.updated, second.deleted) == (2, 1, 1)
    assert list(report.values.values_list("indicator_id", "value")) == [
        ("street_lights", Decimal(130))
    ]
    report.refresh_from_db()
    assert report.version == 2


def test_history_keeps_old_and_new_value_who_and_through_what(report, catalogue, clerk):
    lights = catalogue["street_lights"]
    values_save(
        report=report, changes=[FigureChange(lights, Decimal(120))], user=clerk, source=Source.FORM
    )
    values_save(
        report=report,
        changes=[FigureChange(lights, Decimal(130), "补录")],
        user=clerk,
        source=Source.API,
    )
    values_save(
        report=report, changes=[FigureChange(lights, None)], user=clerk, source=Source.IMPORT
    )

    history = DataValue.history.filter(indicator=lights).order_by("history_date")
    assert [(h.history_type, h.value, h.source) for h in history] == [
        ("+", Decimal(120), "form"),
        ("~", Decimal(130), "api"),
        ("-", Decimal(130), "import"),
    ]
    assert {h.history_user for h in history} == {clerk}


def test_an_unchanged_figure_writes_nothing(report, catalogue, clerk):
    change = [FigureChange(catalogue["street_lights"], Decimal(120))]
    values_save(report=report, changes=change, user=clerk, source=Source.FORM)
    summary = values_save(report=report, changes=change, user=clerk, source=Source.FORM)
    assert (summary.unchanged, summary.changed) == (1, 0)
    assert DataValue.history.count() == 1


def test_approved_figures_are_locked(report, catalogue, clerk):
    report.status = Status.APPROVED
    report.save()
    with pytest.raises(ReportLocked):
        values_save(
            report=report,
            changes=[FigureChange(catalogue["street_lights"], Decimal(1))],
            user=clerk,
            source=Source.FORM,
        )
    assert not DataValue.objects.exists()


def test_a_save_from_a_stale_page_is_refused_and_writes_nothing(report, catalogue, clerk, reviewer):
    lights, toilets = catalogue["street_lights"], catalogue["public_toilets"]
    values_save(
        report=report,
        changes=[FigureChange(lights, Decimal(1))],
        user=reviewer,
        source=Source.FORM,
        expected_version=0,
    )
    with pytest.raises(StaleReport) as refused:
        values_save(
            report=report,
            changes=[FigureChange(toilets, Decimal(2))],
            user=clerk,
            source=Source.FORM,
            expected_version=0,
        )
    assert [value.indicator_id for value in refused.value.changed] == ["street_lights"]
    assert not DataValue.objects.filter(indicator=toilets).exists()


def test_only_towns_have_reports(county):
    with pytest.raises(NotATown):
        report_for(region=county, year=2024)


def test_a_new_report_starts_as_a_draft(county):
    report = report_for(region=town(county, 5), year=2025)
    assert (report.status, report.version) == (Status.DRAFT, 0)


def test_submitted_figures_cannot_be_changed_until_returned(report, catalogue, clerk):
    report.status = Status.SUBMITTED
    report.save()
    with pytest.raises(ReportSubmitted):
        values_save(
            report=report,
            changes=[FigureChange(catalogue["street_lights"], Decimal(1))],
            user=clerk,
            source=Source.API,
        )
    assert not DataValue.objects.exists()
