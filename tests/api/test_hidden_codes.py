"""A code the caller may not read is answered exactly as a code that does not exist."""

import pytest

from indicators.models import Indicator

pytestmark = pytest.mark.django_db


@pytest.fixture
def hidden(figures):
    Indicator.objects.filter(code="street_lights").update(is_public=False)
    return "street_lights"


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/aggregates/?region=888801000000&indicator={code}",
        "/api/v1/aggregates/?region=888801000000&indicator=raw_coal_output,{code}",
    ],
)
def test_aggregates_answer_a_hidden_code_as_an_unknown_one(anonymous, hidden, url):
    as_hidden = anonymous.get(url.format(code=hidden))
    as_unknown = anonymous.get(url.format(code="no_such_code"))
    assert as_hidden.status_code == as_unknown.status_code == 400
    assert as_hidden.json()["error"]["message"] == as_unknown.json()["error"]["message"].replace(
        "no_such_code", hidden
    )


def test_aggregates_accept_a_hidden_code_from_a_user_of_the_region(client_for, clerk, hidden):
    url = f"/api/v1/aggregates/?region=888801000000&indicator={hidden}"
    assert client_for(clerk).get(url).status_code == 200


def test_the_indicator_page_of_a_hidden_code_is_the_404_of_an_unknown_one(client, hidden):
    as_hidden = client.get(f"/indicators/{hidden}/")
    as_unknown = client.get("/indicators/no_such_code/")
    assert as_hidden.status_code == as_unknown.status_code == 404
    assert f"找不到指标：{hidden}。" in as_hidden.content.decode()
    assert "找不到指标：no_such_code。" in as_unknown.content.decode()
    assert "请登录" not in as_hidden.content.decode()


def test_the_indicator_page_of_a_hidden_code_opens_for_its_region(client, clerk, hidden):
    client.force_login(clerk)
    assert client.get(f"/indicators/{hidden}/").status_code == 200
