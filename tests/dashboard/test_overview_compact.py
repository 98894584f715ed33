"""The county overview at a glance: one summary row per section, opened to its cards."""

import json
import re
from decimal import Decimal

from indicators.models import Section, Target
from tests import factories

COUNTY = "888801000000"
TOWN = "888801101000"


def overview(client, **params) -> str:
    return client.get("/", {"county": COUNTY, **params}).content.decode()


def summary_of(html: str, section: str) -> str:
    """The <summary> of a section's row: what shows before the row is opened."""
    row = re.search(
        rf'<details [^>]*id="section-{section}"[^>]*>\s*<summary>(.*?)</summary>', html, re.S
    )
    return row[1]


def text(fragment: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment))


def test_every_section_is_one_closed_row_that_opens_to_its_cards(client, small_county):
    html = overview(client)
    rows = re.findall(r'<details class="[^"]*section-row[^"]*" id="section-(\w+)"', html)
    assert rows == list(Section.objects.order_by("number").values_list("code", flat=True))
    assert "<details open" not in html
    # The cards are inside the row, after its summary: opened without any script.
    industry = html.split('id="section-industry"')[1].split("</details>\n    \n")[0]
    assert industry.index("</summary>") < industry.index(
        '<article class="card" data-indicator="raw_coal_output"'
    )
    assert "onclick" not in html and "javascript:" not in html


def test_a_summary_row_shows_the_sections_first_figures_and_their_change(client, small_county):
    shown = text(summary_of(overview(client), "industry"))
    # Sums of the three towns' 2021 figures (11 + 21 + 31), each 3 up on 2020.
    assert "煤矿整治重组 63 座" in shown
    assert "比上年 ▲ +3（+5.0%）" in shown
    assert "原煤产量 63.00 万吨 比上年 ▲ +3.00（+5.0%）" in shown
    assert "洗精煤产量" not in shown  # the fourth figure waits until the row is opened


def test_a_summary_row_counts_figures_below_on_and_above_their_targets(
    client, small_county, county
):
    Target.objects.filter(region=county, year=2021, indicator__section="industry").delete()
    for code, target in [
        ("coal_mines_consolidated", 70),
        ("raw_coal_output", 63),
        ("coal_design_capacity", 60),
    ]:
        Target.objects.create(indicator_id=code, region=county, year=2021, value=Decimal(target))
    shown = text(summary_of(overview(client), "industry"))
    assert "目标 未完成 1 · 完成 1 · 超额 1" in shown


def test_a_summary_row_says_when_towns_reported_only_some_of_its_figures(client, small_county):
    factories.seed_figures({(TOWN, 2021): {"raw_coal_output": None}})
    industry = text(summary_of(overview(client), "industry"))
    green = text(summary_of(overview(client), "green"))
    assert "2–3/3 镇填报 · 2–3/3 镇已审核" in industry
    assert "3/3 镇填报 · 3/3 镇已审核" in green


def test_sparklines_are_drawn_larger_than_in_a_table(client, small_county):
    html = overview(client)
    assert 'class="spark" viewBox="0 0 220 48"' in html


def test_the_attainment_chart_names_the_county_and_year_for_a_download(client, small_county):
    html = overview(client)
    data = re.search(r'data-chart="attain-industry">(.*?)</script>', html, re.S)[1]
    title = json.loads(data)["layout"]["title"]
    assert title["text"] == "产业发展 目标完成情况"
    assert title["subtitle"]["text"] == "测试县 · 2021年"
    assert f'data-filename="attainment-industry-{COUNTY}-2021"' in html
