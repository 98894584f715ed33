"""A NUL character in a URL is refused with a 400: PostgreSQL cannot hold NUL in text."""

import pytest

PAGES = ["/towns/%00/", "/entry/%00/2025/", "/?county=%00", "/indicators/raw_coal_output/?town=%00"]
API = [
    "/api/v1/values/?indicator=%00",
    "/api/v1/values/?region=%00",
    "/api/v1/regions/%00/",
    "/api/v1/indicators/%00/",
    "/api/v1/targets/?region=%00",
    "/api/v1/aggregates/?region=%00&indicator=raw_coal_output",
]


@pytest.mark.django_db
@pytest.mark.parametrize("url", PAGES)
def test_a_page_address_with_nul_is_a_chinese_400(client, catalogue, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "空字符" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("url", API)
def test_an_api_address_with_nul_is_a_json_400(client, catalogue, url):
    response = client.get(url)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_request"
