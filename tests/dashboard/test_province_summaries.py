"""The region summaries behind the province pages are never stale: every write and
every move into or out of "approved" recomputes them in its own transaction."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from indicators.derived.summaries import summaries_rebuild
from indicators.models import RegionSummary, Report, Role
from indicators.workflow.transitions import (
    report_approve,
    report_reopen,
    report_return,
    report_submit,
)
from tests import factories

from .provinces import PROVINCE, build_regions, code

YEAR = 2024


@pytest.fixture
def towns(catalogue):
    """1 prefecture × 2 counties × 2 towns, no figures yet."""
    return build_regions(1, 2, 2)


@pytest.fixture
def admin(db):
    return factories.user_with_role(Role.ADMIN, None, "province-admin")


def write(town, value, user, **figures):
    factories.save_figures(town, YEAR, {"raw_coal_output": Decimal(value), **figures}, user=user)
    return Report.objects.get(region=town, year=YEAR)


def coal(client, **params) -> str:
    """The province page's table of raw coal output, as text."""
    html = client.get(
        "/indicators/raw_coal_output/", {"region": PROVINCE, "year": YEAR, **params}
    ).content.decode()
    return html[html.index('id="table-raw_coal_output"') :][:6000]


def snapshot():
    return sorted(
        RegionSummary.objects.values_list(
            "region",
            "indicator",
            "year",
            "towns",
            "total",
            "low",
            "high",
            "approved",
            "approved_total",
            "approved_low",
            "approved_high",
        )
    )


def test_an_import_changes_the_province_figures_at_once(client, towns, admin):
    client.force_login(admin)
    write(towns[0], 10, admin)
    assert ">10.00<sup>*</sup>" in coal(client, unapproved=1)
    write(towns[1], 7, admin)
    write(towns[2], 5, admin)
    # Prefecture 1 adds up the three towns; nothing is approved yet.
    assert ">22.00<sup>*</sup>" in coal(client, unapproved=1)
    assert ">22.00<" not in coal(client)


def test_approving_and_reopening_change_what_the_public_sees_at_once(client, towns, admin):
    report = write(towns[0], 10, admin)
    write(towns[1], 7, admin)
    assert ">17.00<" not in coal(client)
    report = report_approve(report=report_submit(report=report, user=admin), user=admin)
    assert ">10.00<" in coal(client)  # only the approved town, marked 1/4
    assert "1/4" in coal(client)
    report_reopen(report=report, user=admin, reason="更正")
    assert ">10.00<" not in coal(client)


def test_a_return_and_a_corrected_figure_change_the_province_page(client, towns, admin):
    client.force_login(admin)
    report = report_submit(report=write(towns[0], 10, admin), user=admin)
    report_return(report=report, user=admin, reason="数字有误")
    write(towns[0], 12, admin)
    assert ">12.00<sup>*</sup>" in coal(client, unapproved=1)
    report = report_submit(report=Report.objects.get(pk=report.pk), user=admin)
    report_approve(report=report, user=admin)
    assert ">12.00<" in coal(client)
    assert "<sup>*</sup>" not in coal(client, unapproved=1).split("</tbody>")[0]


def test_a_batch_approval_updates_the_summaries_too(towns, admin):
    from indicators.workflow.transitions import reports_approve, reports_submit

    reports = [write(town, 3, admin) for town in towns]
    reports_approve(reports=reports_submit(reports=reports, user=admin), user=admin)
    row = RegionSummary.objects.get(region=PROVINCE, indicator="raw_coal_output", year=YEAR)
    assert (row.approved, row.approved_total) == (4, Decimal(12))


def test_the_kept_summaries_equal_a_rebuild_after_any_mix_of_steps(towns, admin):
    first = write(towns[0], 10, admin, street_lights=Decimal(4))
    write(towns[3], 2, admin)
    report_approve(report=report_submit(report=first, user=admin), user=admin)
    write(towns[1], 8, admin)
    kept = snapshot()
    summaries_rebuild()
    assert snapshot() == kept
    assert {row[0] for row in kept} == {PROVINCE, code(1), code(1, 1), code(1, 2)}


def test_the_rebuild_command_adds_up_existing_figures(towns, admin):
    write(towns[0], 10, admin)
    RegionSummary.objects.all().delete()
    out = StringIO()
    call_command("rebuild_summaries", stdout=out)
    assert "region summaries:" in out.getvalue()
    row = RegionSummary.objects.get(region=code(1), indicator="raw_coal_output", year=YEAR)
    assert (row.towns, row.total, row.approved, row.approved_total) == (1, Decimal(10), 0, None)
