"""A malformed ``Authorization: Token …`` header is a JSON 401, never a 500."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

# A WSGI server hands header bytes over as ISO-8859-1 (PEP 3333): "\xe9" here is the
# byte 0xE9 on the wire, which is not UTF-8 on its own.
BAD_BYTES = ["\xe9", "\x85", "\x9b", "\xff"]


@pytest.mark.parametrize("byte", BAD_BYTES, ids=["e9", "85", "9b", "ff"])
def test_a_non_utf8_byte_in_the_token_is_a_json_401(byte):
    client = Client(raise_request_exception=False)
    response = client.get("/api/v1/values/", HTTP_AUTHORIZATION=f"Token abc{byte}def")
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert "令牌" in response.json()["error"]["message"]


@pytest.mark.parametrize("byte", BAD_BYTES, ids=["e9", "85", "9b", "ff"])
def test_a_non_utf8_byte_in_the_scheme_is_another_scheme_and_anonymous(byte):
    client = Client(raise_request_exception=False)
    response = client.get("/api/v1/values/", HTTP_AUTHORIZATION=f"Tok{byte}n 0123abcd")
    assert response.status_code == 200  # the public figures, as for anyone
    assert response["Content-Type"].startswith("application/json")


def test_a_token_of_the_wrong_shape_is_refused_without_a_query(django_assert_num_queries):
    client = Client()
    with django_assert_num_queries(0):
        response = client.get("/api/v1/values/", HTTP_AUTHORIZATION="Token not-hex-at-all")
    assert response.status_code == 401
