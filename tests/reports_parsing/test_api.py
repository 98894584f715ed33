"""POST /api/v1/reports/{region}/{year}/parse/: figures with their sentences, nothing written."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from indicators.models import DataValue, PastReport

from .corpus import expected, read


def url(town, year=2021) -> str:
    return f"/api/v1/reports/{town.code}/{year}/parse/"


@pytest.fixture
def api(client, clerk, catalogue):
    client.force_login(clerk)
    return client


def test_a_report_file_answers_its_figures_and_writes_nothing(api, towns):
    upload = SimpleUploadedFile("r.docx", read("reference.docx"))
    response = api.post(url(towns[0]), {"file": upload})
    assert response.status_code == 200
    body = response.json()
    assert {f["indicator"]: Decimal(f["value"]) for f in body["figures"]} == expected(
        "reference.docx"
    )
    assert {f["indicator"]: f["value"] for f in body["figures"]}["raw_coal_output"] == "386.50"
    assert body["year"] == 2021
    assert "village_health_coverage" in body["not_found"]
    assert not DataValue.objects.exists() and not PastReport.objects.exists()


def test_json_text_answers_the_figure_with_its_place_in_the_sentence(api, towns):
    response = api.post(
        url(towns[0]), {"text": "建成集镇公厕三座。"}, content_type="application/json"
    )
    (figure,) = response.json()["figures"]
    assert figure == {
        "indicator": "public_toilets",
        "value": "3",
        "unit": "座",
        "sentence": "建成集镇公厕三座。",
        "start": 6,
        "end": 8,
    }
    assert response.json()["year"] is None


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("r.docx", b"not a word document", "不是 Word 文档"),
        ("r.txt", bytes(range(256)) * 4, "既不是 UTF-8 也不是 GBK"),
        ("r.docx", None, "解压后过大"),
    ],
)
def test_a_bad_file_is_a_json_400_in_chinese(api, towns, name, content, message):
    content = read("zip_bomb.docx") if content is None else content
    response = api.post(url(towns[0]), {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 400
    assert message in response.json()["error"]["message"]


def test_a_file_over_the_limit_is_a_json_400(api, towns):
    big = SimpleUploadedFile("r.txt", b"a" * (5 * 1024 * 1024 + 10))
    response = api.post(url(towns[0]), {"file": big})
    assert response.status_code == 400
    assert "文件太大" in response.json()["error"]["message"]


def test_a_town_outside_the_users_region_is_forbidden(api, towns):
    response = api.post(
        url(towns[1]), {"text": "建成集镇公厕三座。"}, content_type="application/json"
    )
    assert response.status_code == 403


def test_an_anonymous_caller_must_sign_in(client, towns, catalogue):
    response = client.post(url(towns[0]), {"text": "x"}, content_type="application/json")
    assert response.status_code in (401, 403)


def test_a_county_is_refused_for_figures_belong_to_towns(
    client, county_official, county, catalogue
):
    client.force_login(county_official)
    response = client.post(url(county), {"text": "x"}, content_type="application/json")
    assert response.status_code == 400


def test_a_request_without_file_or_text_says_what_to_send(api, towns):
    response = api.post(url(towns[0]), {}, content_type="application/json")
    assert response.status_code == 400
    assert "multipart" in response.json()["error"]["message"]
