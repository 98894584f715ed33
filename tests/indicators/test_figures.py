from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators.catalogue.years import current_year
from indicators.figures import FigureRow, TooManyRows, figures_import
from indicators.figures import service as figures_service
from indicators.models import DataValue, Report, Source, Status
from tests.factories import ReportFactory, refusal_codes, save_figures, town


def test_saving_creates_updates_and_removes_figures(towns, catalogue, clerk):
    first = save_figures(towns[0], 2024, {"street_lights": 120, "public_toilets": 3}, user=clerk)
    second = save_figures(
        towns[0], 2024, {"street_lights": 130, "public_toilets": None}, user=clerk
    )

    assert (first.created, second.updated, second.deleted) == (2, 1, 1)
    report = towns[0].reports.get(year=2024)
    assert list(report.values.values_list("indicator_id", "value")) == [
        ("street_lights", Decimal(130))
    ]
    assert report.version == 2


def test_history_keeps_old_and_new_value_who_through_what_and_in_which_version(
    towns, catalogue, clerk
):
    save_figures(towns[0], 2024, {"street_lights": 120}, user=clerk, source=Source.FORM)
    save_figures(towns[0], 2024, {"street_lights": (130, "补录")}, user=clerk, source=Source.API)
    save_figures(towns[0], 2024, {"street_lights": None}, user=clerk, source=Source.IMPORT)

    history = DataValue.history.filter(indicator_id="street_lights").order_by("history_date")
    assert [(h.history_type, h.value, h.source, h.version) for h in history] == [
        ("+", Decimal(120), "form", 1),
        ("~", Decimal(130), "api", 2),
        ("-", Decimal(130), "import", 3),
    ]
    assert {h.history_user for h in history} == {clerk}


def test_an_unchanged_figure_writes_nothing(towns, catalogue, clerk):
    save_figures(towns[0], 2024, {"street_lights": 120}, user=clerk)
    summary = save_figures(towns[0], 2024, {"street_lights": "120.00"}, user=clerk)
    assert (summary.unchanged, summary.changed) == (1, 0)
    assert DataValue.history.count() == 1
    assert towns[0].reports.get(year=2024).version == 1


def test_a_direct_call_with_an_out_of_bounds_figure_is_refused(towns, catalogue, clerk):
    # Validation lives in the service, not in its callers: 5000 is no percentage.
    codes = refusal_codes(
        towns[0],
        2024,
        {"village_health_coverage": Decimal("5000.1234"), "street_lights": Decimal("1.5")},
        user=clerk,
    )
    assert codes == ["out_of_bounds", "too_many_decimals"]
    assert not DataValue.objects.exists()


@pytest.mark.parametrize("year", [2100, "next"])
def test_figures_for_a_year_that_has_not_begun_are_refused(towns, catalogue, clerk, year):
    year = current_year() + 1 if year == "next" else year
    assert refusal_codes(towns[0], year, {"street_lights": 1}, user=clerk) == ["year_out_of_range"]
    assert not Report.objects.exists()


def test_figures_for_the_current_year_are_accepted(towns, catalogue, clerk):
    save_figures(towns[0], current_year(), {"street_lights": 1}, user=clerk)
    assert DataValue.objects.get().report.year == current_year()


def test_approved_figures_are_locked_and_submitted_ones_wait(towns, catalogue, clerk):
    ReportFactory(region=towns[0], year=2024, status=Status.APPROVED)
    ReportFactory(region=towns[0], year=2023, status=Status.SUBMITTED)
    assert refusal_codes(towns[0], 2024, {"street_lights": 1}, user=clerk) == ["locked"]
    assert refusal_codes(towns[0], 2023, {"street_lights": 1}, user=clerk) == ["submitted"]
    assert not DataValue.objects.exists()


def test_only_towns_have_figures(county, catalogue, admin_user):
    assert refusal_codes(county, 2024, {"street_lights": 1}, user=admin_user) == ["not_a_town"]


def test_a_comment_needs_a_figure(towns, catalogue, clerk):
    codes = refusal_codes(towns[0], 2024, {"street_lights": ("", "明年再报")}, user=clerk)
    assert codes == ["comment_without_value"]


def test_a_row_of_the_wrong_shape_says_which_field(towns, catalogue, clerk):
    row = FigureRow("street_lights", towns[0].code, 2024, "1", "长" * 501)
    summary = figures_import(rows=[row], user=clerk, source=Source.API)
    (conflict,) = summary.conflicts
    assert (conflict.code, list(conflict.details)) == ("invalid", ["comment"])
    assert "500" in conflict.message


def test_a_new_town_year_starts_as_a_draft(county, catalogue, admin_user):
    new_town = town(county, 5)
    save_figures(new_town, 2025, {"street_lights": 1}, user=admin_user)
    report = Report.objects.get(region=new_town)
    assert (report.status, report.version) == (Status.DRAFT, 1)


def test_a_write_from_a_stale_version_is_refused_with_what_changed(
    towns, catalogue, clerk, reviewer
):
    save_figures(towns[0], 2024, {"street_lights": 5, "public_toilets": 2}, user=reviewer)
    save_figures(towns[0], 2024, {"public_toilets": None}, user=reviewer)

    summary = figures_import(
        rows=[FigureRow("street_lights", towns[0].code, 2024, "6", version=0)],
        user=clerk,
        source=Source.API,
    )

    (conflict,) = summary.conflicts
    assert conflict.code == "stale"
    assert (conflict.details["version"], conflict.details["read_version"]) == (2, 0)
    changed = {(c["indicator"], c["value"], c["changed_by"]) for c in conflict.details["changed"]}
    assert changed == {("street_lights", "5", "reviewer"), ("public_toilets", None, "reviewer")}
    assert towns[0].reports.get(year=2024).values.get().value == 5


def test_a_write_at_the_current_version_goes_through(towns, catalogue, clerk):
    save_figures(towns[0], 2024, {"street_lights": 5}, user=clerk, version=0)
    save_figures(towns[0], 2024, {"street_lights": 6}, user=clerk, version=1)
    assert towns[0].reports.get(year=2024).values.get().value == 6


def test_rule_warnings_come_back_with_the_row_that_set_the_figure(towns, catalogue, reviewer):
    save_figures(towns[0], 2023, {"street_lights": 100}, user=reviewer)
    rows = [
        FigureRow("street_lights", towns[0].code, 2024, "200"),
        FigureRow("coal_design_capacity", towns[0].code, 2024, "100"),
        FigureRow("raw_coal_output", towns[0].code, 2024, "120"),
    ]
    summary = figures_import(rows=rows, user=reviewer, source=Source.API)
    found = {(w.rule, w.indicator, w.index, w.blocks_submit) for w in summary.warnings}
    assert found == {
        ("change_over_30_percent", "street_lights", 0, True),
        ("over_capacity", "raw_coal_output", 2, False),
    }
    assert DataValue.objects.filter(report__year=2024).count() == 3  # warnings never refuse


def test_a_dry_run_says_what_would_happen_and_writes_nothing(towns, catalogue, clerk):
    save_figures(towns[0], 2024, {"street_lights": 5}, user=clerk)
    rows = [
        FigureRow("street_lights", towns[0].code, 2024, "6"),
        FigureRow("public_toilets", towns[0].code, 2024, "1"),
    ]
    summary = figures_import(rows=rows, user=clerk, source=Source.API, dry_run=True)
    assert (summary.created, summary.updated, summary.dry_run) == (1, 1, True)
    assert DataValue.objects.count() == 1


def test_one_conflict_writes_nothing_anywhere(towns, catalogue, clerk, admin_user):
    rows = [
        FigureRow("street_lights", towns[0].code, 2024, "6"),
        FigureRow("street_lights", towns[1].code, 2024, "abc"),
    ]
    summary = figures_import(rows=rows, user=admin_user, source=Source.API)
    assert [c.code for c in summary.conflicts] == ["not_a_number"]
    assert not Report.objects.exists()


def test_too_many_rows_are_refused_before_anything_is_read(towns, catalogue, clerk):
    rows = [FigureRow("street_lights", towns[0].code, 2024, "1")] * 10_001
    with pytest.raises(TooManyRows):
        figures_import(rows=rows, user=clerk, source=Source.API)


def test_a_report_moved_between_planning_and_the_lock_is_planned_again(
    towns, catalogue, clerk, reviewer, monkeypatch
):
    # Another writer saves while this import is being checked: under the lock the
    # import sees it, and counts (and refuses, for a stale version) accordingly.
    lock_reports = figures_service.store.lock_reports

    def someone_saves_first(places):
        monkeypatch.setattr(figures_service.store, "lock_reports", lock_reports)
        save_figures(towns[0], 2024, {"street_lights": 5}, user=reviewer)
        return lock_reports(places)

    monkeypatch.setattr(figures_service.store, "lock_reports", someone_saves_first)
    summary = figures_import(
        rows=[FigureRow("street_lights", towns[0].code, 2024, "7")], user=clerk, source=Source.FORM
    )
    assert (summary.created, summary.updated) == (0, 1)
    assert towns[0].reports.get(year=2024).version == 2

    monkeypatch.setattr(figures_service.store, "lock_reports", someone_saves_first)
    codes = refusal_codes(towns[0], 2024, {"street_lights": 8}, user=clerk, version=2)
    assert codes == ["stale"]


def _queries_to_import(places, catalogue, user) -> int:
    codes = list(catalogue)[:20]
    rows = [FigureRow(code, region.code, year, "1") for region, year in places for code in codes]
    with CaptureQueriesContext(connection) as queries:
        summary = figures_import(rows=rows, user=user, source=Source.API)
    assert not summary.conflicts
    return len(queries)


def test_an_import_costs_the_same_statements_for_one_report_or_twelve(
    county, catalogue, admin_user
):
    # 240 figures either way: twelve years of one town, or one year of twelve towns.
    many = [town(county, number) for number in range(1, 13)]
    one_town = _queries_to_import(
        [(many[0], year) for year in range(2010, 2022)], catalogue, admin_user
    )
    twelve_towns = _queries_to_import([(region, 2023) for region in many], catalogue, admin_user)
    assert one_town == twelve_towns


def test_a_copy_made_before_a_colleagues_change_never_overwrites_it(
    towns, catalogue, clerk, reviewer
):
    # A template downloaded when the figure was 5; the reviewer saves 6 afterwards.
    save_figures(towns[0], 2024, {"street_lights": 5}, user=clerk)
    save_figures(towns[0], 2024, {"street_lights": 6}, user=reviewer)
    stale = FigureRow("street_lights", towns[0].code, 2024, "7", "", base=("5", ""))

    summary = figures_import(rows=[stale], user=clerk, source=Source.IMPORT)

    (conflict,) = summary.conflicts
    assert conflict.code == "stale"
    assert "reviewer 已把这个数字改为 6" in conflict.message
    assert towns[0].reports.get(year=2024).values.get().value == 6


def test_a_copy_that_agrees_with_the_stored_figure_goes_through(towns, catalogue, clerk):
    save_figures(towns[0], 2024, {"street_lights": 5}, user=clerk)
    rows = [
        FigureRow("street_lights", towns[0].code, 2024, "7", "", base=("5.00", "")),
        FigureRow("public_toilets", towns[0].code, 2024, "2", "", base=(None, "")),
    ]
    summary = figures_import(rows=rows, user=clerk, source=Source.IMPORT)
    assert (summary.conflicts, summary.updated, summary.created) == ([], 1, 1)
    assert [(o.index, o.kind, o.old, o.new) for o in summary.outcomes] == [
        (0, "updated", Decimal(5), Decimal(7)),
        (1, "created", None, Decimal(2)),
    ]
