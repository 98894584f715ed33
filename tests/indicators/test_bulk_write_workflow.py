"""Set-based workflow transitions: the checks, records and consequences of the one-by-one ones."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indicators.audit.models import AuditEvent
from indicators.derived.stamps import stamps_read
from indicators.models import Level, Region, Report, ReportTransition, Role, StampKind, Status
from indicators.workflow.transitions import TransitionRefused, reports_approve, reports_submit
from tests.factories import save_figures, user_with_role


@pytest.fixture
def drafts(county, catalogue, admin_user):
    """Drafts with one figure each, for 2024, in 30 towns of the county."""
    towns = Region.objects.bulk_create(
        Region(
            code=f"{county.code[:6]}{n:03d}000", name=f"流转{n}镇", level=Level.TOWN, parent=county
        )
        for n in range(200, 230)
    )
    for town in towns:
        save_figures(town, 2024, {"street_lights": 10}, user=admin_user)
    return list(Report.objects.filter(region__in=towns))


def _moves(reports, users) -> int:
    with CaptureQueriesContext(connection) as queries:
        submitted = reports_submit(reports=reports, user=users[0])
        reports_approve(reports=submitted, user=users[1])
    return len(queries)


def test_every_report_moves_with_a_transition_each_and_a_new_version(
    drafts, admin_user, county_official
):
    versions = {report.pk: report.version for report in drafts}
    submitted = reports_submit(reports=drafts, user=admin_user)
    approved = reports_approve(reports=submitted, user=county_official, reason="批量审核")

    assert {report.status for report in approved} == {Status.APPROVED}
    for report in Report.objects.filter(pk__in=versions):
        assert (report.status, report.version) == (Status.APPROVED, versions[report.pk] + 2)
    steps = ReportTransition.objects.filter(report__in=drafts, to_status=Status.APPROVED)
    assert steps.count() == len(drafts)
    assert {(s.from_status, s.user, s.reason) for s in steps} == {
        ("submitted", county_official, "批量审核")
    }


def test_the_move_is_audited_with_every_report(drafts, admin_user):
    reports_submit(reports=drafts, user=admin_user)
    event = AuditEvent.objects.filter(action="report_moved").latest("id")
    assert event.user == admin_user
    assert event.details["to"] == "submitted"
    assert sorted(code for code, _year, _from in event.details["reports"]) == sorted(
        report.region_id for report in drafts
    )


def test_a_set_based_move_moves_the_province_stamp_once(drafts, admin_user):
    province = drafts[0].region_id[:2]

    def version() -> int:
        rows = stamps_read(StampKind.VALUES, [province]).rows
        return next(number for code, number, _at in rows if code == province)

    before = version()
    reports_submit(reports=drafts, user=admin_user)
    assert version() == before + 1


def test_a_county_official_of_another_county_moves_nothing(drafts, admin_user, other_county):
    stranger = user_with_role(Role.COUNTY, other_county, "stranger")
    submitted = reports_submit(reports=drafts, user=admin_user)
    with pytest.raises(TransitionRefused) as refused:
        reports_approve(reports=submitted, user=stranger)
    assert refused.value.code == "forbidden"
    assert not Report.objects.filter(status=Status.APPROVED).exists()


def test_approving_a_draft_is_refused_and_moves_nothing(drafts, admin_user, county_official):
    submitted = reports_submit(reports=drafts[1:], user=admin_user)
    with pytest.raises(TransitionRefused) as refused:
        reports_approve(reports=[*submitted, drafts[0]], user=county_official)
    assert refused.value.code == "wrong_status"
    assert not Report.objects.filter(status=Status.APPROVED).exists()


def test_a_jump_without_a_comment_holds_back_the_whole_submission(drafts, admin_user):
    town = drafts[0].region
    save_figures(town, 2023, {"street_lights": 1}, user=admin_user)  # 1 → 10: +900 %
    with pytest.raises(TransitionRefused) as refused:
        reports_submit(reports=drafts, user=admin_user)
    assert refused.value.code == "comment_required"
    assert town.name in refused.value.message
    assert [finding.indicator for finding in refused.value.findings] == ["street_lights"]
    assert not Report.objects.filter(status=Status.SUBMITTED).exists()


def test_moving_2_or_30_reports_costs_the_same_statements(drafts, admin_user, county_official):
    users = (admin_user, county_official)
    assert _moves(drafts[:2], users) == _moves(drafts[2:], users)
