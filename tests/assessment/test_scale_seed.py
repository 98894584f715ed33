"""seed_scale gives every synthetic county a scheme and its towns targets, so that the
benchmark measures the league table at province scale; --replace still drops it all."""

import pytest

from indicators.assessment.models import SchemeVersion
from indicators.catalogue.years import current_year
from indicators.models import Region, Role, Target
from indicators.seeding.scale import drop_province, seed_scale
from tests import factories

pytestmark = pytest.mark.django_db


def test_every_synthetic_county_gets_a_scheme_and_its_towns_targets(client, catalogue):
    seed_scale(towns=40, years=3)
    year = current_year() - 1
    counties = Region.objects.counties().filter(code__startswith="90")
    assert SchemeVersion.objects.filter(county__in=counties, year=year).count() == 2
    county = counties.first()
    towns = Region.objects.within(county).towns()
    targets = Target.objects.filter(region__in=towns, year=year, indicator_id="jobs_created")
    assert targets.count() == 20

    client.force_login(factories.user_with_role(Role.ADMIN, None, "scale-admin"))
    league = f"/assessment/{county.code}/{year}/"
    page = client.get(league)
    assert page.status_code == 200
    assert len(page.context["rows"]) == 20
    breakdown = client.get(f"{league}town/{towns.first().code}/").content.decode()
    assert "完成目标" in breakdown

    drop_province()
    assert not SchemeVersion.objects.filter(county__in=counties).exists()
