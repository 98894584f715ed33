"""Who reads and writes what: anonymous / clerk / reviewer / county official / admin."""

import pytest

from indicators.accounts.tokens import token_revoke
from indicators.models import Status

from .conftest import put_figures, results

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "clerk", "reviewer", "county_official", "admin_user"]


@pytest.fixture
def caller(request, anonymous, client_for):
    """The API client of the role named by the test's parameter."""

    def make(role):
        if role == "anonymous":
            return anonymous
        return client_for(request.getfixturevalue(role))

    return make


@pytest.fixture
def other_draft(figures, catalogue):
    put_figures(figures["elsewhere"], 2025, Status.DRAFT, {"street_lights": 5}, catalogue)


def value_row(region, year=2025, value="1"):
    return {"indicator": "street_lights", "region": region.code, "year": year, "value": value}


@pytest.mark.parametrize(
    ("role", "sees_own_draft", "sees_other_draft"),
    [
        ("anonymous", False, False),
        ("clerk", True, False),
        ("reviewer", True, False),
        ("county_official", True, False),
        ("admin_user", True, True),
    ],
)
def test_who_reads_unapproved_figures(
    caller, figures, other_draft, role, sees_own_draft, sees_other_draft
):
    response = caller(role).get("/api/v1/values/?year=2025")
    regions = {item["region"] for item in results(response)}
    assert (figures["towns"][0].code in regions) is sees_own_draft
    assert (figures["elsewhere"].code in regions) is sees_other_draft


@pytest.mark.parametrize("role", ROLES)
def test_everyone_reads_approved_figures_of_every_county(caller, figures, role):
    response = caller(role).get("/api/v1/values/?year=2024")
    assert figures["elsewhere"].code in {item["region"] for item in results(response)}


@pytest.mark.parametrize(
    ("role", "own_status", "other_status"),
    [
        ("anonymous", 401, 401),
        ("clerk", 200, 409),
        ("reviewer", 200, 409),
        ("county_official", 403, 403),
        ("admin_user", 200, 200),
    ],
)
def test_who_writes_figures(caller, figures, other_draft, role, own_status, other_status):
    own = caller(role).post(
        "/api/v1/values/bulk/", {"values": [value_row(figures["towns"][0])]}, format="json"
    )
    other = caller(role).post(
        "/api/v1/values/bulk/", {"values": [value_row(figures["elsewhere"])]}, format="json"
    )
    assert (own.status_code, other.status_code) == (own_status, other_status)
    if other_status == 409:
        assert other.json()["conflicts"][0]["code"] == "forbidden"


@pytest.mark.parametrize(
    ("role", "own_status", "other_status"),
    [
        ("anonymous", 401, 401),
        ("clerk", 403, 403),
        ("reviewer", 403, 403),
        ("county_official", 200, 409),
        ("admin_user", 200, 200),
    ],
)
def test_who_writes_targets(caller, figures, role, own_status, other_status):
    county = figures["towns"][0].parent
    own = caller(role).post(
        "/api/v1/targets/bulk/", {"values": [value_row(county, 2026, "50")]}, format="json"
    )
    other = caller(role).post(
        "/api/v1/targets/bulk/",
        {"values": [value_row(figures["elsewhere"], 2026, "50")]},
        format="json",
    )
    assert (own.status_code, other.status_code) == (own_status, other_status)


def test_a_clerk_of_another_town_in_the_same_county_may_not_write(client_for, figures, clerk):
    response = client_for(clerk).post(
        "/api/v1/values/bulk/", {"values": [value_row(figures["towns"][1])]}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["conflicts"][0]["code"] == "forbidden"


def test_a_revoked_token_is_refused(client_for, clerk, figures):
    client = client_for(clerk)
    token_revoke(user=clerk)
    response = client.get("/api/v1/values/")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "authentication_failed"
