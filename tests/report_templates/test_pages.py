"""The template editor's pages: who gets them, saving, the preview, compare and restore,
and the report page and Word file after an edit."""

import io
import re

import pytest
from docx import Document

from indicators.models import ReportTemplateVersion, Role
from indicators.reports.editing import template_save
from tests import factories
from tests.factories import save_figures

TOWN = "888801101000"
COUNTY = "888801000000"
CLOSING = "99_closing"
EDIT = f"/report/{TOWN}/templates/{CLOSING}/"
NEW_CLOSING = "下一步，{镇}将团结带领全{级}人民，久久为功，建设美丽家园。\n"
PRINTED = "下一步，测试1镇将团结带领全镇人民，久久为功，建设美丽家园。"


def html_of(response) -> str:
    return response.content.decode()


def paper(html: str) -> str:
    return html.split('<article class="report-paper"')[1].split("</article>")[0]


@pytest.fixture
def signed_in(client, reviewer):
    client.force_login(reviewer)
    return client


@pytest.mark.parametrize(
    "url",
    [
        f"/report/{TOWN}/templates/",
        EDIT,
        f"/report/{TOWN}/templates/{CLOSING}/compare/",
    ],
)
def test_a_clerk_or_another_towns_reviewer_is_refused(client, catalogue, towns, clerk, url):
    other = factories.user_with_role(Role.REVIEWER, towns[1], "other-reviewer")
    for user in (clerk, other):
        client.force_login(user)
        assert client.get(url).status_code == 403
    response = client.post(
        EDIT, {"text": NEW_CLOSING, "year": 2025, "reason": "试", "action": "save"}
    )
    assert response.status_code == 403
    assert not ReportTemplateVersion.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, catalogue, towns):
    response = client.get(EDIT)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_list_shows_each_part_and_where_its_text_comes_from(
    signed_in, catalogue, county, towns, county_official
):
    template_save(county_official, county, "05_party", "始终把党的政治建设摆在首位。\n", "县统一")
    html = html_of(signed_in.get(f"/report/{TOWN}/templates/"))
    rows = dict(re.findall(r'<tr data-part="([^"]+)">.*?class="origin[^"]*">([^<]+)<', html, re.S))
    assert rows == {
        "00_preamble": "默认模板",
        "01_industry": "默认模板",
        "02_urbanisation": "默认模板",
        "03_green": "默认模板",
        "04_livelihood": "默认模板",
        "05_party": "沿用县的模板",
        "99_closing": "默认模板",
    }
    assert "五、聚焦党的建设，自身建设不断加强" not in html  # the county's version has no heading
    assert f'href="/report/{TOWN}/templates/01_industry/?year=2025"' in html


def test_the_editor_holds_the_text_the_picker_and_a_preview(signed_in, catalogue, towns):
    response = signed_in.get(f"/report/{TOWN}/templates/05_party/")
    html = html_of(response)
    assert response.status_code == 200
    assert "标题：聚焦党的建设，自身建设不断加强" in html  # the textarea
    # The picker: this section's indicators with their units, places and the town's facts.
    assert 'data-insert="【作风督查】次"' in html
    assert 'data-insert="【原煤产量】万吨"' not in html  # another section's
    assert 'data-insert="{镇}"' in html
    assert 'data-insert="〔{党建品牌}〕"' in html
    # The preview: the part as this town's report prints it.
    assert '<h2 class="report-heading">五、聚焦党的建设，自身建设不断加强</h2>' in html
    assert 'src="/static/js/report_templates.js"' in html
    assert "<script>" not in html


def test_saving_from_the_page_changes_the_report_page_and_word_file_on_the_next_load(
    signed_in, catalogue, towns, reviewer
):
    before = paper(html_of(signed_in.get(f"/report/{TOWN}/2025/")))
    assert "不忘初心，奋勇向前" in before
    response = signed_in.post(
        EDIT, {"text": NEW_CLOSING, "year": 2025, "reason": "改写结尾", "action": "save"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{EDIT}?year=2025"  # back to the year it previewed
    [version] = ReportTemplateVersion.objects.all()
    assert (version.reason, version.user) == ("改写结尾", reviewer)

    after = paper(html_of(signed_in.get(f"/report/{TOWN}/2025/")))
    assert PRINTED in after
    assert "不忘初心，奋勇向前" not in after
    word = signed_in.get(f"/report/{TOWN}/2025/docx/")
    document = Document(io.BytesIO(b"".join(word.streaming_content)))
    assert PRINTED in [paragraph.text for paragraph in document.paragraphs]


def test_a_county_official_edits_the_county_report(
    client, catalogue, county, towns, county_official
):
    client.force_login(county_official)
    url = f"/report/{COUNTY}/templates/{CLOSING}/"
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"text": NEW_CLOSING, "year": 2025, "reason": "县的结尾", "action": "save"}
    )
    assert response.status_code == 302
    county_page = paper(html_of(client.get(f"/report/{COUNTY}/2025/")))
    assert "下一步，测试县将团结带领全县人民，久久为功，建设美丽家园。" in county_page
    # The towns that kept the default follow the county.
    town_page = paper(html_of(client.get(f"/report/{TOWN}/2025/")))
    assert PRINTED in town_page
    assert client.get(f"/report/{TOWN}/templates/").status_code == 403


def test_a_bad_template_shows_its_line_keeps_the_text_and_saves_nothing(
    signed_in, catalogue, towns
):
    text = "下一步，全{级}人民。\n\n完成原煤产量【原煤总产量】万吨。\n"
    response = signed_in.post(EDIT, {"text": text, "year": 2025, "reason": "试", "action": "save"})
    html = html_of(response)
    assert response.status_code == 400
    assert (
        "没有保存：99_closing.txt 第 3 行：指标目录中没有“原煤总产量”（是不是“原煤产量”？）" in html
    )
    assert 'data-line="3"' in html
    assert '<pre class="error-line">完成原煤产量【原煤总产量】万吨。</pre>' in html
    assert "完成原煤产量【原煤总产量】万吨。\n</textarea>" in html
    assert not ReportTemplateVersion.objects.exists()


def test_a_save_without_a_reason_keeps_the_text(signed_in, catalogue, towns):
    response = signed_in.post(EDIT, {"text": NEW_CLOSING, "year": 2025, "action": "save"})
    assert response.status_code == 400
    assert "请填写修改原因" in html_of(response)
    assert NEW_CLOSING.strip() in html_of(response)
    assert not ReportTemplateVersion.objects.exists()


def test_the_preview_button_renders_the_draft_without_saving(signed_in, catalogue, towns):
    response = signed_in.post(EDIT, {"text": NEW_CLOSING, "year": 2025, "action": "preview"})
    assert response.status_code == 200
    html = html_of(response)
    preview = html.split('id="template-preview"')[1].split("</section>")[0]
    assert PRINTED in preview
    assert not ReportTemplateVersion.objects.exists()


def test_the_preview_endpoint_prints_the_part_with_the_years_figures_and_saves_nothing(
    signed_in, catalogue, towns, clerk
):
    save_figures(towns[0], 2024, {"conduct_inspections": 7}, user=clerk)
    save_figures(towns[0], 2025, {"conduct_inspections": 12}, user=clerk)
    text = "标题：聚焦党的建设\n\n全年开展作风督查【作风督查，同比】次。\n"
    url = f"/report/{TOWN}/templates/05_party/preview/"
    response = signed_in.post(url, {"text": text, "year": 2025})
    html = html_of(response)
    assert response.status_code == 200
    assert '<h2 class="report-heading">五、聚焦党的建设</h2>' in html
    assert re.search(r"全年开展作风督查<span[^>]*>12</span>次（同比增长71.4%）。", html)
    assert "<html" not in html  # a fragment for the editor
    earlier = html_of(signed_in.post(url, {"text": text, "year": 2024}))
    assert re.search(r"作风督查<span[^>]*>7</span>次。", earlier)
    assert not ReportTemplateVersion.objects.exists()


def test_the_preview_endpoint_answers_a_bad_template_with_its_line(signed_in, catalogue, towns):
    url = f"/report/{TOWN}/templates/05_party/preview/"
    response = signed_in.post(url, {"text": "全{乡}人民。", "year": 2025})
    assert response.status_code == 400
    assert "05_party.txt 第 1 行：不认识的地名“{乡}”" in html_of(response)
    assert signed_in.get(url).status_code == 405


def test_the_preview_endpoint_needs_the_csrf_token(catalogue, towns, reviewer):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(reviewer)
    url = f"/report/{TOWN}/templates/05_party/preview/"
    assert client.post(url, {"text": "正文。", "year": 2025}).status_code == 403


def test_versions_are_listed_compared_side_by_side_and_restored(
    signed_in, catalogue, towns, reviewer
):
    first = template_save(reviewer, towns[0], CLOSING, NEW_CLOSING, "第一稿")
    second = template_save(reviewer, towns[0], CLOSING, "下一步，砥砺前行。\n", "第二稿")
    html = html_of(signed_in.get(EDIT))
    assert f'<tr data-version="{second.pk}">' in html
    assert "第二稿" in html and "第一稿" in html
    assert f'action="/report/{TOWN}/templates/{CLOSING}/restore/{first.pk}/"' in html
    assert f"/restore/{second.pk}/" not in html  # the current one

    compare = html_of(signed_in.get(f"{EDIT}compare/?old={first.pk}&new={second.pk}"))
    row = re.search(r'<tr class="changed">(.*?)</tr>', compare, re.S).group(1)
    assert "下一步，{镇}将团结带领全{级}人民" in row and "下一步，砥砺前行。" in row
    against_file = html_of(signed_in.get(f"{EDIT}compare/?old=file&new={second.pk}"))
    assert 'class="removed"' in against_file or 'class="changed"' in against_file
    assert signed_in.get(f"{EDIT}compare/?old=999999&new={second.pk}").status_code == 404

    refused = signed_in.post(f"{EDIT}restore/{first.pk}/", {"reason": ""})
    assert refused.status_code == 302
    assert ReportTemplateVersion.objects.count() == 2
    response = signed_in.post(f"{EDIT}restore/{first.pk}/", {"reason": "还是第一稿好"})
    assert response.status_code == 302
    newest = ReportTemplateVersion.objects.order_by("-id").first()
    assert (newest.text, newest.reason) == (first.text, "还是第一稿好")
    assert PRINTED in paper(html_of(signed_in.get(f"/report/{TOWN}/2025/")))


def test_the_report_page_links_to_the_templates_for_those_who_may_edit(
    client, catalogue, towns, clerk, reviewer
):
    link = f'<a class="templates-link" href="/report/{TOWN}/templates/?year=2025">'
    client.force_login(reviewer)
    assert link in html_of(client.get(f"/report/{TOWN}/2025/"))
    client.force_login(clerk)
    assert link not in html_of(client.get(f"/report/{TOWN}/2025/"))
    client.logout()
    assert link not in html_of(client.get(f"/report/{TOWN}/2025/"))


def test_a_town_compares_its_countys_wording_with_the_default(
    signed_in, catalogue, county, towns, county_official
):
    link = f'href="{EDIT}compare/?old=file&amp;new=county"'
    assert link not in html_of(signed_in.get(EDIT))
    assert signed_in.get(f"{EDIT}compare/?old=file&new=county").status_code == 404
    template_save(county_official, county, CLOSING, NEW_CLOSING, "县的结尾")
    assert link in html_of(signed_in.get(EDIT))
    html = html_of(signed_in.get(f"{EDIT}compare/?old=file&new=county"))
    assert re.search(
        r'<tr class="(changed|added)">.*?下一步，\{镇\}将团结带领全\{级\}人民', html, re.S
    )
