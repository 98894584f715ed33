import pytest

from indicators.models import ReportTransition, Role, Status
from indicators.workflow.transitions import (
    TransitionRefused,
    report_approve,
    report_reopen,
    report_return,
    report_submit,
)
from tests.factories import ReportFactory, refusal_codes, save_figures, user_with_role


@pytest.fixture
def report(towns, catalogue):
    return ReportFactory(region=towns[0], year=2024)


@pytest.fixture
def submitted(report, reviewer):
    return report_submit(report=report, user=reviewer)


@pytest.fixture
def approved(submitted, county_official):
    return report_approve(report=submitted, user=county_official)


def refused_code(service, **kwargs) -> str:
    with pytest.raises(TransitionRefused) as refused:
        service(**kwargs)
    assert refused.value.message
    return refused.value.code


def test_the_reviewer_submits_and_the_transition_records_who_and_when(report, reviewer):
    report_submit(report=report, user=reviewer)
    report.refresh_from_db()
    step = ReportTransition.objects.get(report=report)
    assert report.status == Status.SUBMITTED
    assert (step.from_status, step.to_status, step.user) == ("draft", "submitted", reviewer)
    assert step.created_at is not None


def test_a_clerk_may_not_submit(report, clerk):
    assert refused_code(report_submit, report=report, user=clerk) == "forbidden"


def test_a_reviewer_of_another_town_may_not_submit(report, towns):
    other = user_with_role(Role.REVIEWER, towns[1], "other-reviewer")
    assert refused_code(report_submit, report=report, user=other) == "forbidden"


def test_submitted_figures_cannot_be_submitted_again(submitted, reviewer):
    assert refused_code(report_submit, report=submitted, user=reviewer) == "wrong_status"


def test_a_county_official_approves_and_the_figures_lock(
    submitted, county_official, clerk, catalogue
):
    report_approve(report=submitted, user=county_official)
    submitted.refresh_from_db()
    assert submitted.is_locked
    assert refusal_codes(submitted.region, 2024, {"street_lights": 1}, user=clerk) == ["locked"]


def test_town_staff_may_not_approve_or_return(submitted, reviewer, clerk):
    assert refused_code(report_approve, report=submitted, user=reviewer) == "forbidden"
    assert refused_code(report_return, report=submitted, user=clerk, reason="x") == "forbidden"


def test_an_official_of_another_county_may_not_approve(submitted, other_county):
    stranger = user_with_role(Role.COUNTY, other_county, "stranger")
    assert refused_code(report_approve, report=submitted, user=stranger) == "forbidden"


def test_a_draft_cannot_be_approved(report, county_official):
    assert refused_code(report_approve, report=report, user=county_official) == "wrong_status"


def test_returning_needs_a_reason_and_records_it(submitted, county_official):
    assert (
        refused_code(report_return, report=submitted, user=county_official, reason="  ")
        == "reason_required"
    )
    report_return(report=submitted, user=county_official, reason="原煤产量请核实")
    submitted.refresh_from_db()
    assert submitted.status == Status.RETURNED
    assert submitted.transitions.last().reason == "原煤产量请核实"


def test_returned_figures_can_be_edited_and_submitted_again(
    submitted, county_official, clerk, reviewer, catalogue
):
    report_return(report=submitted, user=county_official, reason="请核实")
    submitted.refresh_from_db()
    save_figures(
        submitted.region, 2024, {"street_lights": 10}, user=clerk, version=submitted.version
    )
    report_submit(report=submitted, user=reviewer)
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_reopening_approved_figures_needs_a_reason_and_makes_a_draft(approved, county_official):
    assert (
        refused_code(report_reopen, report=approved, user=county_official, reason="")
        == "reason_required"
    )
    report_reopen(report=approved, user=county_official, reason="统计口径调整")
    approved.refresh_from_db()
    assert approved.status == Status.DRAFT
    assert [t.to_status for t in approved.transitions.all()] == ["submitted", "approved", "draft"]


def test_only_approved_figures_can_be_reopened(submitted, county_official):
    assert (
        refused_code(report_reopen, report=submitted, user=county_official, reason="x")
        == "wrong_status"
    )


def test_town_staff_may_not_reopen(approved, reviewer):
    assert refused_code(report_reopen, report=approved, user=reviewer, reason="x") == "forbidden"


def test_submission_is_refused_while_a_big_change_lacks_a_comment(towns, catalogue, reviewer):
    save_figures(towns[0], 2023, {"street_lights": 100}, user=reviewer)
    save_figures(towns[0], 2024, {"street_lights": 200}, user=reviewer)
    report = towns[0].reports.get(year=2024)
    with pytest.raises(TransitionRefused) as refused:
        report_submit(report=report, user=reviewer)
    assert refused.value.code == "comment_required"
    assert [f.indicator for f in refused.value.findings] == ["street_lights"]

    save_figures(towns[0], 2024, {"street_lights": (200, "新建道路配套路灯")}, user=reviewer)
    report_submit(report=report, user=reviewer)
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED


def test_cross_indicator_warnings_do_not_block_submission(report, catalogue, reviewer):
    save_figures(
        report.region, 2024, {"washed_coal_output": 50, "raw_coal_output": 40}, user=reviewer
    )
    report_submit(report=report, user=reviewer)
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED


def test_a_clerk_edits_their_town_but_not_a_neighbour(towns, catalogue, clerk):
    save_figures(towns[0], 2024, {"street_lights": 5}, user=clerk, version=0)
    assert towns[0].reports.get(year=2024).values.get().value == 5
    assert refusal_codes(towns[1], 2024, {"street_lights": 5}, user=clerk) == ["forbidden"]


def test_a_county_official_may_not_edit_figures(report, catalogue, county_official):
    codes = refusal_codes(report.region, 2024, {"street_lights": 5}, user=county_official)
    assert codes == ["forbidden"]


def test_submitted_figures_cannot_be_edited(submitted, catalogue, clerk):
    codes = refusal_codes(submitted.region, 2024, {"street_lights": 5}, user=clerk)
    assert codes == ["submitted"]


def test_save_and_submit_refused_together_saves_nothing(towns, catalogue, reviewer):
    save_figures(towns[0], 2023, {"street_lights": 100}, user=reviewer)
    report = ReportFactory(region=towns[0], year=2024)
    with pytest.raises(TransitionRefused):
        save_figures(towns[0], 2024, {"street_lights": 300}, user=reviewer, version=0, submit=True)
    assert not report.values.exists()
    report.refresh_from_db()
    assert (report.status, report.version) == (Status.DRAFT, 0)


def test_an_edit_from_a_stale_page_is_refused(report, catalogue, clerk, reviewer):
    save_figures(report.region, 2024, {"street_lights": 5}, user=reviewer, version=0)
    codes = refusal_codes(report.region, 2024, {"street_lights": 6}, user=clerk, version=0)
    assert codes == ["stale"]
    assert report.values.get().value == 5


def version_of(report) -> int:
    report.refresh_from_db()
    return report.version


def test_approving_from_a_stale_page_is_refused_and_changes_nothing(
    submitted, catalogue, clerk, reviewer, county_official
):
    # Official A opens the submitted report; official B returns it; the town edits
    # a figure and submits again. A's approval must not apply to figures A never saw.
    seen = version_of(submitted)
    report_return(report=submitted, user=county_official, reason="请核实", expected_version=seen)
    save_figures(
        submitted.region, 2024, {"street_lights": 7}, user=clerk, version=version_of(submitted)
    )
    report_submit(report=submitted, user=reviewer)
    steps = ReportTransition.objects.filter(report=submitted).count()
    version = version_of(submitted)

    assert (
        refused_code(report_approve, report=submitted, user=county_official, expected_version=seen)
        == "stale"
    )
    submitted.refresh_from_db()
    assert (submitted.status, submitted.version) == (Status.SUBMITTED, version)
    assert ReportTransition.objects.filter(report=submitted).count() == steps


def test_a_report_returned_and_resubmitted_unchanged_is_stale_for_an_old_page(
    submitted, reviewer, county_official
):
    seen = version_of(submitted)
    report_return(report=submitted, user=county_official, reason="请核实")
    report_submit(report=submitted, user=reviewer)  # same figures, same status as seen
    assert version_of(submitted) != seen
    assert (
        refused_code(report_approve, report=submitted, user=county_official, expected_version=seen)
        == "stale"
    )


def test_every_transition_moves_the_version(report, reviewer, county_official):
    versions = [version_of(report)]
    report_submit(report=report, user=reviewer, expected_version=versions[-1])
    versions.append(version_of(report))
    report_approve(report=report, user=county_official, expected_version=versions[-1])
    versions.append(version_of(report))
    report_reopen(report=report, user=county_official, reason="更正", expected_version=versions[-1])
    versions.append(version_of(report))
    assert versions == sorted(set(versions))
    assert report.status == Status.DRAFT


def test_return_and_reopen_from_a_stale_page_are_refused(submitted, county_official, reviewer):
    seen = version_of(submitted)
    report_approve(report=submitted, user=county_official, expected_version=seen)
    assert (
        refused_code(
            report_reopen, report=submitted, user=county_official, reason="x", expected_version=seen
        )
        == "stale"
    )
    report_reopen(
        report=submitted, user=county_official, reason="x", expected_version=version_of(submitted)
    )
    report_submit(report=submitted, user=reviewer)
    assert (
        refused_code(
            report_return, report=submitted, user=county_official, reason="x", expected_version=seen
        )
        == "stale"
    )
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_a_stale_page_without_the_right_is_told_it_lacks_the_right(submitted, clerk):
    assert refused_code(report_approve, report=submitted, user=clerk, expected_version=0) == (
        "forbidden"
    )


def test_a_save_from_a_page_opened_before_a_return_is_stale(
    report, catalogue, clerk, reviewer, county_official
):
    seen = version_of(report)
    report_submit(report=report, user=reviewer)
    report_return(report=report, user=county_official, reason="请核实")
    codes = refusal_codes(report.region, 2024, {"street_lights": 6}, user=clerk, version=seen)
    assert codes == ["stale"]  # no figure changed: the status did
    assert not report.values.exists()
