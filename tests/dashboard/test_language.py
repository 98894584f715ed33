import re
from html import unescape

import pytest

from indicators.models import Indicator, Region, Report
from indicators.workflow.transitions import report_return, report_submit
from tests.factories import save_figures, user_with_role

COUNTY = "888801000000"
TOWN = "888801101000"
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+")
PUBLIC_PAGES = [
    "/",
    "/sections/industry/",
    "/sections/party/",
    "/towns/",
    f"/towns/{TOWN}/",
    "/indicators/",
    "/indicators/raw_coal_output/",
    "/rules/",
    f"/bigscreen/?county={COUNTY}",
]
SIGNED_IN_PAGES = [
    f"/entry/{TOWN}/2021/",
    f"/entry/{TOWN}/2022/",
    f"/entry/{TOWN}/2022/history/",
    f"/progress/?county={COUNTY}&year=2022",
]


def chinese_left(html: str) -> list[str]:
    """Runs of Chinese in the page (text, attributes, chart data), less what is data:
    place names, the report's own sentences and the Chinese names beside the English
    ones on an indicator's definition, and the language menu's 简体中文."""
    text = unescape(html)
    text = re.sub(r'<dd class="sentence">.*?</dd>', "", text, flags=re.S)
    data = [*Region.objects.values_list("name", flat=True)]
    data += [f"{name} / " for name in Indicator.objects.values_list("name", flat=True)]
    for name in sorted(data, key=len, reverse=True):
        text = text.replace(name, "")
    text = text.replace('<option value="zh-hans">简体中文</option>', "")
    text = text.replace("1，234.5", "")  # the rules page shows what people may type
    return sorted(set(CJK.findall(text)))


@pytest.fixture
def english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return client


@pytest.mark.django_db
def test_pages_are_chinese_even_for_an_english_browser(client, catalogue):
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "产业发展" in page


@pytest.mark.django_db
def test_the_language_switch_turns_pages_english(english, catalogue):
    page = english.get("/").content.decode()
    assert "Raw coal output" in page


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_an_english_page_has_no_chinese_of_ours(english, small_county, url):
    response = english.get(url, {"county": COUNTY} if "?" not in url else {})
    assert response.status_code == 200
    assert chinese_left(response.content.decode()) == []


@pytest.fixture
def returned_year(small_county, county_official):
    """Town 1's 2022: a warning, submitted, then returned with a reason."""
    town = Region.objects.get(code=TOWN)
    reviewer = user_with_role("reviewer", town, "reviewer")
    # Comments are data, kept as typed: English here, so that any Chinese left is ours.
    figures = {
        "raw_coal_output": (150, "A new mine opened"),
        "coal_design_capacity": (120, "Approved capacity"),
        "street_lights": 9,
    }
    save_figures(town, 2022, figures, user=reviewer)
    report = Report.objects.get(region=town, year=2022)
    report_submit(report=report, user=reviewer)
    report_return(report=report, user=county_official, reason="Please check coal output")
    return reviewer


@pytest.mark.parametrize("url", SIGNED_IN_PAGES)
def test_an_english_page_for_town_staff_has_no_chinese_of_ours(english, returned_year, url):
    english.force_login(returned_year)
    english.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = english.get(url)
    assert response.status_code == 200
    assert chinese_left(response.content.decode()) == []


def test_units_show_in_english(english, returned_year):
    english.force_login(returned_year)
    english.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = english.get(f"/entry/{TOWN}/2022/").content.decode()
    row = html.split('data-code="raw_coal_output"')[1].split("</tr>")[0]
    assert '<span class="unit">10k t</span>' in row
    assert "万吨" not in row
