"""GET /api/v1/reports/{region}/{year}/: the report as JSON, HTML or Word."""

import io

import pytest
from docx import Document

from indicators.models import Region
from tests.factories import save_figures

TOWN = "888801101000"
COUNTY = "888801000000"


def url(region: str = TOWN, year: int = 2025, fmt: str = "json") -> str:
    return f"/api/v1/reports/{region}/{year}/?format={fmt}"


@pytest.fixture
def drafted(catalogue, towns, clerk):
    save_figures(towns[0], 2024, {"raw_coal_output": "100"}, user=clerk)
    save_figures(towns[0], 2025, {"raw_coal_output": "112.5", "street_lights": 40}, user=clerk)
    return towns[0]


def figure(body: dict, code: str) -> tuple[dict, dict]:
    for part in body["sections"]:
        for paragraph in part["paragraphs"]:
            for item in paragraph["figures"]:
                if item["indicator"] == code:
                    return paragraph, item
    raise AssertionError(code)


def test_json_gives_the_sections_as_text_with_the_figures_marked(drafted, clerk, client_for):
    body = client_for(clerk).get(url()).json()
    assert body["title"] == "测试1镇2025年度工作报告"
    assert [part["heading"] for part in body["sections"]][:3] == [
        None,
        "一、聚焦产业发展，经济社会稳步发展",
        "二、聚焦协调发展，城镇化建设形成新格局",
    ]
    paragraph, coal = figure(body, "raw_coal_output")
    assert coal == {
        "indicator": "raw_coal_output",
        "name": "原煤产量",
        "value": "112.50",
        "unit": "万吨",
        "text": "112.50万吨（同比增长12.5%）",
        "approved": False,
        "year_on_year": "同比增长12.5%",
        "target": None,
        "towns": None,
        "start": coal["start"],
        "end": coal["end"],
    }
    assert paragraph["text"][coal["start"] : coal["end"]] == "112.50万吨（同比增长12.5%）"
    assert "完成原煤产量【112.50】万吨（同比增长12.5%）、洗精煤【XX】万吨" in paragraph["marked"]
    _paragraph, washed = figure(body, "washed_coal_output")
    assert (washed["value"], washed["text"], washed["approved"]) == (None, "XX万吨", None)
    assert len(body["missing"]) == 35
    assert body["unapproved"] == 2


def test_an_anonymous_caller_gets_xx_for_what_it_may_not_see(drafted, anonymous):
    body = anonymous.get(url()).json()
    _paragraph, coal = figure(body, "raw_coal_output")
    assert coal["value"] is None
    assert len(body["missing"]) == 37


def test_the_county_report_adds_up_its_towns(catalogue, towns, clerk, admin_user, client_for):
    save_figures(towns[0], 2025, {"street_lights": 40}, user=clerk)
    save_figures(towns[1], 2025, {"street_lights": 2}, user=admin_user)
    body = client_for(admin_user).get(url(COUNTY)).json()
    assert body["region"] == {"code": COUNTY, "name": "测试县", "level": "county"}
    _paragraph, lights = figure(body, "street_lights")
    assert (lights["value"], lights["towns"]) == ("42", 2)


def test_html_is_a_printable_page_of_its_own(drafted, clerk, client_for):
    response = client_for(clerk).get(url(fmt="html"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    html = response.content.decode()
    assert html.startswith("<!DOCTYPE html>")
    assert '<link rel="stylesheet" href="/static/css/report.css">' in html
    assert '<span class="figure unapproved"' in html  # marked, not linked
    assert '<mark class="xx">XX</mark></span>万吨' in html


def test_docx_reads_back(drafted, clerk, client_for):
    response = client_for(clerk).get(url(fmt="docx"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument")
    assert response["Content-Disposition"].startswith("attachment; filename*=utf-8''")
    document = Document(io.BytesIO(response.content))
    assert document.paragraphs[0].text == "测试1镇2025年度工作报告"


@pytest.mark.parametrize(
    ("address", "status", "code", "where"),
    [
        (url(year=2099), 400, "invalid", "year"),
        (url(year=1999), 400, "invalid", "year"),
        (url(year=2099, fmt="docx"), 400, "invalid", "year"),
        (url(region="88880110100x"), 400, "invalid", "region"),
        (url(region="888801199000"), 404, "not_found", None),
    ],
)
def test_errors_have_the_apis_one_shape(towns, anonymous, address, status, code, where):
    response = anonymous.get(address)
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    error = response.json()["error"]
    assert (error["status"], error["code"]) == (status, code)
    if where:
        assert where in error["details"]


def test_a_region_that_is_neither_town_nor_county_is_refused(county, anonymous):
    Region.objects.create(code="880000000000", name="测试省", level="province")
    error = anonymous.get(url(region="880000000000")).json()["error"]
    assert error["status"] == 400
    assert "只有镇和县有年度工作报告" in error["message"]


def test_the_schema_describes_the_endpoint(anonymous):
    schema = anonymous.get("/api/v1/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/reports/{region}/{year}/"]["get"]
    formats = {p["name"]: p for p in operation["parameters"]}["format"]["schema"]["enum"]
    assert set(formats) == {"json", "html", "docx"}
    assert set(operation["responses"]["200"]["content"]) == {
        "application/json",
        "text/html",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    }
