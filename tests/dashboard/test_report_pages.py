"""The report page and its Word download: what they show, to whom, and how one gets there."""

import io
import re

import pytest
from django.test import Client
from docx import Document

from indicators.audit.models import Action, AuditEvent
from indicators.models import Region, RegionFact, Report, Status
from tests.factories import reports_set_status, save_figures

TOWN = "888801101000"
COUNTY = "888801000000"


def page(client, url):
    response = client.get(url)
    return response, response.content.decode()


def paper(html: str) -> str:
    """The report itself, without the page's tools."""
    return html.split('<article class="report-paper"')[1].split("</article>")[0]


def missing_panel(html: str) -> str:
    return html.split('id="missing"')[1].split("</section>")[0]


@pytest.fixture
def drafted(catalogue, towns, clerk):
    """Two figures of the first town in 2025 (a draft), one of them also in 2024."""
    save_figures(towns[0], 2024, {"raw_coal_output": "100"}, user=clerk)
    save_figures(towns[0], 2025, {"raw_coal_output": "112.5", "street_lights": 40}, user=clerk)
    return towns[0]


def test_town_staff_see_their_draft_with_each_figure_linked_to_its_history(client, drafted, clerk):
    client.force_login(clerk)
    response, html = page(client, f"/report/{TOWN}/2025/")
    assert response.status_code == 200
    assert '<h1 class="report-title">测试1镇2025年度工作报告</h1>' in html
    figure = re.search(r'<a href="([^"]+)" class="figure unapproved"[^>]*>112\.50</a>', html)
    assert figure is not None
    assert figure.group(1) == f"/entry/{TOWN}/2025/history/?indicator=raw_coal_output"
    assert "112.50</a>万吨（同比增长12.5%）、洗精煤" in html


def test_missing_figures_are_listed_and_link_to_their_field_in_the_entry_form(
    client, drafted, clerk
):
    client.force_login(clerk)
    _, html = page(client, f"/report/{TOWN}/2025/")
    panel = missing_panel(html)
    assert "尚缺 35 个数字" in panel
    entry = f'<a href="/entry/{TOWN}/2025/#id_value-coal_mines_consolidated">煤矿整治重组</a>'
    assert entry in panel
    assert "raw_coal_output" not in panel
    # In the text every missing figure is a highlighted XX that leads to its field too.
    text = paper(html)
    assert text.count('<mark class="xx">XX</mark>') == 35
    assert (
        f'<a href="/entry/{TOWN}/2025/#id_value-coal_mines_consolidated" class="figure missing"'
        in text
    )


def test_an_anonymous_visitor_is_told_that_hidden_figures_print_as_missing(client, drafted):
    _, html = page(client, f"/report/{TOWN}/2025/")
    assert "未登录访客只能看到已审核、公开的数字" in html
    assert "112.50" not in html  # a draft
    # It cannot tell a hidden figure from a missing one, and is not asked to.
    assert "报告中有 37 个数字印作" in missing_panel(html)
    assert "/entry/" not in html  # no way into the entry form
    assert 'href="#fig-petitions_handled"' in missing_panel(html)
    assert '<span class="figure missing" title="办理转办件和群众来信来访（件） · 没有数字"' in html


def test_the_county_report_adds_up_the_towns(client, catalogue, towns, clerk, county_official):
    save_figures(towns[0], 2025, {"street_lights": 40}, user=clerk)
    client.force_login(county_official)
    _, html = page(client, f"/report/{COUNTY}/2025/")
    assert "测试县2025年度工作报告" in html
    assert "安装路灯" in html
    lights = re.search(r'class="figure unapproved partial"[^>]*>40</a>盏', html)
    assert lights is not None
    assert "/indicators/street_lights/?county=888801000000&amp;year=2025&amp;view=county" in html
    assert "县的数字由 3 个镇的数字按各指标的汇总方式" in html


def test_the_word_download_is_the_report(client, drafted, clerk):
    client.force_login(clerk)
    response = client.get(f"/report/{TOWN}/2025/docx/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    assert ".docx" in response["Content-Disposition"]
    document = Document(io.BytesIO(b"".join(response.streaming_content)))
    assert document.paragraphs[0].text == "测试1镇2025年度工作报告"
    assert any("原煤产量112.50万吨（同比增长12.5%）" in p.text for p in document.paragraphs)


@pytest.mark.parametrize(
    ("url", "status", "message"),
    [
        (f"/report/{TOWN}/2099/", 400, "年度应在 2000 至"),
        (f"/report/{TOWN}/1999/", 400, "年度应在 2000 至"),
        ("/report/888801199000/2025/", 404, "找不到区划"),
        ("/report/8888011010/2025/", 404, "代码应为12位数字"),
        (f"/report/{TOWN}/2099/docx/", 400, "年度应在 2000 至"),
    ],
)
def test_a_bad_address_says_what_is_wrong(client, towns, url, status, message):
    response, html = page(client, url)
    assert response.status_code == status
    assert message in html


def test_only_towns_and_counties_have_a_report(client, county, towns):
    province = Region.objects.create(code="880000000000", name="测试省", level="province")
    response, html = page(client, f"/report/{province.code}/2025/")
    assert response.status_code == 400
    assert "只有镇和县有" in html


def test_the_report_is_reachable_from_the_town_page_the_entry_form_and_the_overview(
    client, drafted, clerk
):
    reports_set_status(Report.objects.filter(region=drafted, year=2024), Status.APPROVED)
    _, town = page(client, f"/towns/{TOWN}/?year=2024")
    assert f'href="/report/{TOWN}/2024/"' in town
    _, overview = page(client, f"/?county={COUNTY}&year=2024")
    assert f'href="/report/{COUNTY}/2024/"' in overview
    client.force_login(clerk)
    _, entry = page(client, f"/entry/{TOWN}/2025/")
    assert f'href="/report/{TOWN}/2025/"' in entry


def test_the_page_needs_no_inline_style_or_script(client, drafted, clerk):
    # A strict Content-Security-Policy (no 'unsafe-inline') must not break the report.
    client.force_login(clerk)
    _, html = page(client, f"/report/{TOWN}/2025/")
    assert ' style="' not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    main = html.split("<main>")[1].split("</main>")[0]
    assert not re.search(r"\son[a-z]+=", main)
    assert '<link rel="stylesheet" href="/static/css/report.css">' in html


@pytest.mark.parametrize("url", [f"/report/{TOWN}/2025/", f"/report/{COUNTY}/2025/"])
def test_the_page_reads_in_a_fixed_number_of_queries(
    client, drafted, clerk, admin_user, towns, url, django_assert_max_num_queries
):
    client.force_login(clerk)
    # 15: one more for a county, whether its towns have boundaries for the maps;
    # one for the saved template versions (the town's and its county's); one for
    # the region's name in the report's year (the heading).
    with django_assert_max_num_queries(15):
        assert client.get(url).status_code == 200
    for town in towns[1:]:
        save_figures(town, 2025, {"raw_coal_output": "5", "street_lights": 3}, user=admin_user)
    with django_assert_max_num_queries(15):
        assert client.get(url).status_code == 200


# The facts page: a town's (or county's) own names for its report.

FACTS = f"/report/{TOWN}/facts/"


def facts_form(**names) -> dict:
    return {kind: "\n".join(values) for kind, values in names.items()}


def test_the_towns_reviewer_records_its_rivers_and_the_report_names_them(
    client, drafted, reviewer, clerk
):
    guarded = Client(enforce_csrf_checks=True)
    guarded.force_login(reviewer)
    form = guarded.get(FACTS)
    assert form.status_code == 200
    token = form.cookies["csrftoken"].value
    response = guarded.post(FACTS, {"河流": "小溪河\n大沙河、小溪河", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert RegionFact.objects.get(region_id=TOWN, kind="河流").names == ["小溪河", "大沙河"]
    recorded = AuditEvent.objects.get(action=Action.FACTS_CHANGED)
    assert (recorded.username, recorded.details["region"]) == (reviewer.username, TOWN)
    save_figures(drafted, 2025, {"river_governance_investment": "88"}, user=clerk)
    _, html = page(guarded, f"/report/{TOWN}/2025/")
    assert "万元完成小溪河、大沙河综合治理。" in paper(html)
    assert 'class="facts-link"' in html


def test_a_post_without_the_csrf_token_is_refused(client, drafted, reviewer):
    guarded = Client(enforce_csrf_checks=True)
    guarded.force_login(reviewer)
    assert guarded.post(FACTS, {"河流": "小溪河"}).status_code == 403
    assert not RegionFact.objects.exists()


@pytest.mark.parametrize(
    ("who", "url", "status"),
    [
        ("clerk", FACTS, 403),  # clerks enter figures; the reviewer vouches for names
        ("official", FACTS, 403),  # the county official edits the county's, not a town's
        ("official", f"/report/{COUNTY}/facts/", 200),
        ("reviewer", f"/report/{COUNTY}/facts/", 403),
        ("reviewer", "/report/888801102000/facts/", 403),  # another town
    ],
)
def test_only_the_places_own_reviewer_or_county_official_edits_its_facts(
    client, drafted, clerk, reviewer, county_official, who, url, status
):
    client.force_login({"clerk": clerk, "reviewer": reviewer, "official": county_official}[who])
    assert client.get(url).status_code == status
    client.post(url, {"河流": "小溪河"})
    assert RegionFact.objects.filter(kind="河流").exists() == (status == 200)


def test_an_anonymous_visitor_is_sent_to_sign_in(client, drafted):
    response = client.get(FACTS)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_name_with_template_marks_is_refused_in_chinese_and_nothing_is_saved(
    client, drafted, reviewer
):
    client.force_login(reviewer)
    data = facts_form(水库=["龙塘水库"], 河流=["青山河", "【坏】"])
    response = client.post(FACTS, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "“河流”中的“【坏】”含有不能用的符号" in html
    assert not RegionFact.objects.exists()


def test_the_facts_page_reads_in_a_fixed_number_of_queries(
    client, drafted, reviewer, django_assert_max_num_queries
):
    client.force_login(reviewer)
    with django_assert_max_num_queries(8):
        assert client.get(FACTS).status_code == 200


def test_readers_get_no_note_meant_for_editors_and_the_lead_is_the_reports_class(
    client, drafted, reviewer
):
    _, html = page(client, f"/report/{TOWN}/2025/")
    assert "请修改报告模板" not in html and "区划数据中缺少" not in html
    assert 'class="facts-link"' not in html
    assert '<span class="report-lead">突出优势优化存量，着力建设工业强镇。</span>' in paper(html)
    assert 'class="lead"' not in paper(html)  # app.css greys .lead
