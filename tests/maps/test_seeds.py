"""The demo and the scale seeds draw their regions' boundaries, shared borders and all."""

import pytest

from indicators.maps.models import Boundary
from indicators.models import Level, Region
from indicators.seeding.demo import seed_demo
from indicators.seeding.scale import seed_scale

pytestmark = pytest.mark.django_db


def test_the_demo_county_has_a_boundary_for_each_of_its_eight_towns(catalogue):
    seed_demo()
    towns = Boundary.objects.filter(region__level=Level.TOWN)
    assert towns.count() == 8 and all(b.valid_to is None for b in towns)


def test_the_scale_province_has_boundaries_at_every_level(catalogue):
    seed_scale(towns=30, years=1)
    shaped = set(Boundary.objects.values_list("region_id", flat=True))
    below = Region.objects.exclude(level=Level.PROVINCE).values_list("code", flat=True)
    assert set(below) <= shaped
