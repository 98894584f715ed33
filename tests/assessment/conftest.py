from decimal import Decimal

import pytest

from indicators.assessment.demo import demo_scheme
from indicators.assessment.services import scheme_save
from indicators.figures import FigureRow, figures_import
from indicators.models import Report, Role, Source, Target
from indicators.workflow.transitions import (
    report_approve,
    report_reopen,
    reports_approve,
    reports_submit,
)
from tests import factories

SCHEME_CODES = (
    "agri_integrated_funds",
    "jobs_created",
    "industry_projects",
    "income_gain_per_capita",
    "markets_built",
    "road_investment",
    "facility_investment",
    "river_governance_investment",
    "education_investment",
    "village_health_coverage",
    "zero_employment_households",
    "years_without_accidents",
    "standard_branches",
    "practical_matters",
)
NOTE = "测试数据"


def town_figure(number: int, code: str, year: int) -> Decimal:
    """Town n's figure: 50–62, and 3 more in 2025 than in 2024; easy to compute by hand."""
    if code == "years_without_accidents":
        return Decimal(0 if number == 2 else 10)
    if code == "village_health_coverage":
        return Decimal(100 if number % 2 else 95)
    if code == "industry_projects":  # the fewest projects where the other figures are best
        return Decimal(20 - number)
    if code in ("markets_built", "zero_employment_households"):
        return Decimal(number % 3)
    base = Decimal(50 + number * 7 % 13)
    return base + 3 if year == 2025 else base


def assessed_county(county, catalogue, towns: int):
    """``towns`` towns with the scheme's figures for 2024–25, approved, targets of 52,
    the demo scheme for 2025; town 2 had a safety accident (the veto)."""
    admin = factories.user_with_role(Role.ADMIN, None, "arranger")
    regions = [factories.town(county, number) for number in range(1, towns + 1)]
    rows = [
        FigureRow(code, region.code, year, town_figure(n, code, year), NOTE)
        for n, region in enumerate(regions, start=1)
        for year in (2024, 2025)
        for code in SCHEME_CODES
    ]
    summary = figures_import(rows=rows, user=admin, source=Source.SEED)
    assert not summary.conflicts, summary.conflicts[:3]
    reports = list(Report.objects.filter(region__in=regions))
    reports_approve(reports=reports_submit(reports=reports, user=admin), user=admin)
    Target.objects.bulk_create(
        Target(indicator_id=code, region=region, year=2025, value=Decimal(52))
        for region in regions
        for code in SCHEME_CODES
    )
    scheme_save(county=county, year=2025, source=demo_scheme(2025), user=None)
    return regions


def correct(region, code: str, value) -> None:
    """A figure corrected the way people do it: reopen, save, approve again."""
    admin = factories.user_with_role(Role.ADMIN, None, "corrector")
    report = Report.objects.get(region=region, year=2025)
    report_reopen(report=report, user=admin, reason="更正")
    figures_import(
        rows=[FigureRow(code, region.code, 2025, value, NOTE)], user=admin, source=Source.FORM
    )
    report = reports_submit(reports=[Report.objects.get(pk=report.pk)], user=admin)[0]
    report_approve(report=report, user=admin)


@pytest.fixture
def assessed(county, catalogue):
    return assessed_county(county, catalogue, towns=5)


@pytest.fixture
def official_client(client, county):
    client.force_login(factories.user_with_role(Role.COUNTY, county, "official"))
    return client
