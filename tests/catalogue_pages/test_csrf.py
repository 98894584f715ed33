"""Every form of the catalogue pages needs its CSRF token."""

import pytest
from django.test import Client

from indicators.models import CatalogueRule, Indicator, Section

from .conftest import FARMLAND, versions

POSTS = [
    ("/catalogue/indicators/add/", FARMLAND),
    ("/catalogue/indicators/raw_coal_output/retire/", {"from_year": "2027", "reason": "x"}),
    ("/catalogue/sections/add/", {"code": "x", "number": "9", "reason": "x"}),
    ("/catalogue/sections/industry/order/", {"save": "", "reason": "x"}),
    ("/catalogue/rules/add/", {"code": "x", "kind": "change_limit", "reason": "x"}),
    ("/catalogue/import/", {"text": "[[sections]]"}),
    ("/catalogue/import/confirm/", {"text": "", "reason": "x"}),
]


@pytest.mark.parametrize(("url", "data"), POSTS)
def test_a_post_without_the_csrf_token_is_refused(admin_user, catalogue, url, data):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    response = client.post(url, data)
    assert response.status_code == 403
    assert versions() == 0
    assert not Indicator.objects.filter(code="farmland_built").exists()
    assert not Section.objects.filter(code="x").exists()
    assert not CatalogueRule.objects.filter(code="x").exists()


def test_every_form_carries_the_token(admin_user, catalogue):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    for url in ("/catalogue/indicators/add/", "/catalogue/sections/industry/order/"):
        assert 'name="csrfmiddlewaretoken"' in client.get(url).content.decode()
