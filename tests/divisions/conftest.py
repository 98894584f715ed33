from decimal import Decimal

import pytest

from indicators.audit.models import Action, AuditEvent
from indicators.models import Region, RegionChange, RegionName, Role, Status
from tests import factories

YEARS = range(2016, 2026)
CODES = ("raw_coal_output", "gdp", "jobs_created")


@pytest.fixture
def admin(db):
    return factories.user_with_role(Role.ADMIN, None, "region-admin")


@pytest.fixture
def county_towns(county):
    """Four towns of the test county."""
    return [factories.town(county, number) for number in range(1, 5)]


@pytest.fixture
def past_figures(catalogue, county_towns):
    """Ten years of figures (2016–2025) for every town, approved but for the last
    year's, written through the write service as the demo's are."""
    codes = [code for code in CODES if code in catalogue] or list(catalogue)[:3]
    figures = {}
    for number, town in enumerate(county_towns, start=1):
        for year in YEARS:
            figures[(town.code, year)] = {
                code: Decimal(number * 100 + (year - 2016)) + Decimal("0.25") * index
                for index, code in enumerate(codes)
            }
    approved = {place: items for place, items in figures.items() if place[1] < 2025}
    latest = {place: items for place, items in figures.items() if place[1] == 2025}
    factories.seed_figures(approved, status=Status.APPROVED)
    factories.seed_figures(latest, status=Status.SUBMITTED)
    return codes


def snapshot() -> dict:
    """Everything a refused change must leave as it was."""
    return {
        "regions": list(Region.objects.order_by("code").values()),
        "names": list(RegionName.objects.order_by("pk").values()),
        "changes": RegionChange.objects.count(),
        "audit": AuditEvent.objects.filter(action=Action.REGIONS_CHANGED).count(),
    }
