"""API hardening: throttles that a forged header cannot escape, control bytes refused,
tokens kept as digests only, and non-public codes indistinguishable from unknown ones."""

from types import SimpleNamespace

import pytest
from django.db import connection
from knox.models import AuthToken
from rest_framework.test import APIClient

from indicators.accounts.tokens import token_issue, token_of, token_rotate
from indicators.models import Indicator, Section

pytestmark = pytest.mark.django_db


@pytest.fixture
def tight_anonymous_rate(settings, steady_clock):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "2/minute", "user": "100/minute"},
    }


# -- throttling by client address ----------------------------------------------


def test_a_new_forwarded_for_header_each_time_does_not_escape_the_anonymous_throttle(
    anonymous, figures, tight_anonymous_rate
):
    statuses = [
        anonymous.get("/api/v1/sections/", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}").status_code
        for n in range(4)
    ]
    assert statuses == [200, 200, 429, 429]


def test_without_proxies_the_address_is_remote_addr_whatever_forwarded_for_says(
    anonymous, figures, tight_anonymous_rate
):
    for n in range(2):
        anonymous.get("/api/v1/sections/", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
    other_machine = anonymous.get("/api/v1/sections/", REMOTE_ADDR="192.0.2.7")
    assert other_machine.status_code == 200


@pytest.mark.usefixtures("steady_clock")
def test_behind_one_proxy_a_forged_leftmost_address_does_not_escape_the_throttle(
    anonymous, figures, settings
):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "NUM_PROXIES": 1,
        "DEFAULT_THROTTLE_RATES": {"anon": "2/minute", "user": "100/minute"},
    }
    # The proxy appends the address it saw; the client forges what comes before it.
    statuses = [
        anonymous.get(
            "/api/v1/sections/", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}, 203.0.113.9"
        ).status_code
        for n in range(3)
    ]
    assert statuses == [200, 200, 429]
    another_client = anonymous.get("/api/v1/sections/", HTTP_X_FORWARDED_FOR="203.0.113.10")
    assert another_client.status_code == 200


def test_the_default_setting_trusts_no_proxy():
    from django.conf import settings

    assert settings.REST_FRAMEWORK["NUM_PROXIES"] == 0


# -- NUL and control bytes in headers and cookies --------------------------------


BAD_HEADERS = {
    "authorization": {"HTTP_AUTHORIZATION": "Token abc\x00def"},
    "session cookie": {"HTTP_COOKIE": "sessionid=abc\x00def"},
    "language cookie": {"HTTP_COOKIE": "django_language=zh-hans\x01"},
    "user agent": {"HTTP_USER_AGENT": "curl/8\x00"},
    "if-none-match": {"HTTP_IF_NONE_MATCH": '"etag"\x00'},
    "newline in a header": {"HTTP_X_SOMETHING": "a\r\nSet-Cookie: x=1"},
}


@pytest.mark.parametrize("headers", BAD_HEADERS.values(), ids=BAD_HEADERS.keys())
def test_a_control_byte_in_a_header_is_a_json_400_on_the_api(catalogue, headers):
    response = APIClient().get("/api/v1/values/", **headers)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_request"
    assert "控制字符" in response.json()["error"]["message"]


@pytest.mark.parametrize("headers", BAD_HEADERS.values(), ids=BAD_HEADERS.keys())
def test_a_control_byte_in_a_header_is_a_chinese_400_on_a_page(client, catalogue, headers):
    response = client.get("/indicators/", **headers)
    assert response.status_code == 400
    assert "控制字符" in response.content.decode()


def test_a_nul_in_the_session_cookie_never_reaches_the_database(
    client, catalogue, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get("/account/", HTTP_COOKIE="sessionid=abc\x00def")
    assert response.status_code == 400


def test_a_nul_in_a_posted_token_header_is_refused_before_authentication(clerk):
    response = APIClient().post(
        "/api/v1/values/bulk/", {"values": []}, format="json", HTTP_AUTHORIZATION="Token \x00"
    )
    assert response.status_code == 400


def test_a_control_byte_in_the_content_type_is_a_400(admin_user):
    client = APIClient()
    client.force_authenticate(admin_user)
    response = client.post(
        "/api/v1/values/bulk/", b'{"values": []}', content_type="application/json\x00"
    )
    assert response.status_code == 400
    assert "控制字符" in response.json()["error"]["message"]


def test_a_tab_in_a_header_value_is_allowed(client, catalogue):
    assert client.get("/indicators/", HTTP_USER_AGENT="a\tb").status_code == 200


# -- tokens stored as digests ------------------------------------------------------


def test_the_database_never_holds_a_clear_token(clerk, admin_user):
    keys = [token_issue(user=clerk), token_issue(user=admin_user)]
    tables = connection.introspection.table_names()
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            text = repr(cursor.fetchall())
            for key in keys:
                assert key not in text, f"{table} holds a clear token"
    assert AuthToken.objects.count() == 2


def test_the_token_metadata_never_carries_the_key(clerk):
    key = token_issue(user=clerk)
    info = token_of(user=clerk)
    assert key not in repr(info) and key.startswith(info.prefix)


def test_an_issued_token_authenticates_and_a_rotated_one_does_not(clerk, figures):
    old = token_issue(user=clerk)
    new = token_rotate(user=clerk)
    client = APIClient()
    assert client.get("/api/v1/values/", HTTP_AUTHORIZATION=f"Token {new}").status_code == 200
    refused = client.get("/api/v1/values/", HTTP_AUTHORIZATION=f"Token {old}")
    assert refused.status_code == 401
    assert refused.json()["error"]["code"] == "authentication_failed"


def test_a_token_of_an_inactive_user_is_refused(clerk, figures):
    key = token_issue(user=clerk)
    clerk.is_active = False
    clerk.save()
    response = APIClient().get("/api/v1/values/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 401


# -- non-public codes answered as unknown ones -----------------------------------------


@pytest.fixture
def hidden_indicator(figures):
    Indicator.objects.filter(code="street_lights").update(is_public=False)
    return "street_lights"


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/values/?indicator={code}",
        "/api/v1/values/?indicator=raw_coal_output,{code}",
        "/api/v1/targets/?indicator={code}",
    ],
)
def test_a_hidden_indicator_code_is_answered_as_an_unknown_code(anonymous, hidden_indicator, url):
    hidden = anonymous.get(url.format(code=hidden_indicator))
    unknown = anonymous.get(url.format(code="no_such_code"))
    assert hidden.status_code == unknown.status_code == 400
    assert hidden.json()["error"]["code"] == unknown.json()["error"]["code"] == "invalid"
    assert hidden.json()["error"]["message"] == unknown.json()["error"]["message"].replace(
        "no_such_code", hidden_indicator
    )


def test_a_hidden_indicator_is_a_404_like_an_unknown_one(anonymous, hidden_indicator):
    assert anonymous.get(f"/api/v1/indicators/{hidden_indicator}/").status_code == 404
    assert anonymous.get("/api/v1/indicators/no_such_code/").status_code == 404


def test_a_hidden_section_code_is_answered_as_an_unknown_code(anonymous, figures):
    Section.objects.filter(code="party").update(is_public=False)
    for url in ["/api/v1/values/?section={}", "/api/v1/indicators/?section={}"]:
        hidden = anonymous.get(url.format("party"))
        unknown = anonymous.get(url.format("nope"))
        assert hidden.status_code == unknown.status_code == 400


def test_a_signed_in_user_of_the_region_may_name_a_hidden_indicator(
    client_for, clerk, hidden_indicator
):
    response = client_for(clerk).get(f"/api/v1/values/?indicator={hidden_indicator}")
    assert response.status_code == 200


def test_the_catalogue_page_does_not_name_hidden_indicators_to_anonymous_visitors(
    client, clerk, catalogue
):
    hidden = Indicator.objects.get(code="street_lights")
    Indicator.objects.filter(pk=hidden.pk).update(is_public=False)
    Section.objects.filter(code="party").update(is_public=False)
    party = Section.objects.get(code="party")
    page = client.get("/indicators/").content.decode()
    assert hidden.name not in page and "street_lights" not in page
    assert party.display_name not in page
    client.force_login(clerk)
    page = client.get("/indicators/").content.decode()
    assert hidden.name in page and party.display_name in page


def test_a_clear_token_from_before_the_upgrade_is_hashed_and_keeps_working(clerk, figures):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("indicators.migrations.0006_hashed_tokens")
    old_key = "0123456789abcdef0123456789abcdef01234567"  # rest_framework.authtoken's shape
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, "
            "created timestamp with time zone NOT NULL, user_id integer NOT NULL)"
        )
        cursor.execute(
            "INSERT INTO authtoken_token VALUES (%s, %s, %s)",
            [old_key, "2025-01-02 03:04:05+00:00", clerk.pk],
        )
    # The migration uses only these two of the schema editor's attributes.
    editor = SimpleNamespace(connection=connection, quote_name=connection.ops.quote_name)
    migration.hash_existing_keys(apps, editor)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM authtoken_token")
        assert cursor.fetchone()[0] == 0
    response = APIClient().get("/api/v1/values/", HTTP_AUTHORIZATION=f"Token {old_key}")
    assert response.status_code == 200
    assert token_of(user=clerk).created.year == 2025
