"""Only the 管理员 opens the catalogue pages: anonymous visitors sign in first, anyone
else gets the 403 page, and a POST of theirs changes nothing."""

import pytest

from indicators.models import Indicator

from .conftest import FARMLAND, versions

PAGES = [
    "/catalogue/",
    "/catalogue/indicators/add/",
    "/catalogue/indicators/raw_coal_output/",
    "/catalogue/indicators/raw_coal_output/retire/",
    "/catalogue/sections/add/",
    "/catalogue/sections/industry/",
    "/catalogue/sections/industry/order/",
    "/catalogue/rules/",
    "/catalogue/rules/add/",
    "/catalogue/versions/",
    "/catalogue/versions/compare/",
    "/catalogue/export.toml",
    "/catalogue/import/",
]


@pytest.mark.django_db
@pytest.mark.parametrize("url", PAGES)
def test_an_anonymous_visitor_is_sent_to_sign_in(client, catalogue, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.parametrize("url", PAGES)
def test_a_clerk_gets_the_403_page(clerk_client, url):
    response = clerk_client.get(url)
    assert response.status_code == 403
    assert "您没有权限打开此页。" in response.content.decode()


def test_a_clerks_post_adds_nothing(clerk_client):
    response = clerk_client.post("/catalogue/indicators/add/", FARMLAND)
    assert response.status_code == 403
    assert not Indicator.objects.filter(code="farmland_built").exists()
    assert versions() == 0


@pytest.mark.parametrize("role", ["county", "reviewer", "auditor", "sysadmin"])
def test_other_roles_get_the_403_page_too(client, catalogue, towns, role):
    from tests.factories import user_with_role

    region = {"county": towns[0].parent, "reviewer": towns[0]}.get(role)
    client.force_login(user_with_role(role, region))
    assert client.get("/catalogue/").status_code == 403


def test_the_menu_links_the_catalogue_for_the_administrator_only(editor, client, clerk):
    assert 'href="/catalogue/"' in editor.get("/").content.decode()
    client.force_login(clerk)
    assert 'href="/catalogue/"' not in client.get("/").content.decode()
    client.logout()
    assert 'href="/catalogue/"' not in client.get("/").content.decode()
