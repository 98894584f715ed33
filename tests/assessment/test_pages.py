"""The pages, downloads and API agree; what-if writes nothing; corrections show."""

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from docx import Document
from openpyxl import load_workbook

from indicators.assessment.models import Publication, SchemeVersion
from indicators.assessment.services import assessment_publish
from indicators.audit.models import Action, AuditEvent
from indicators.models import Role
from tests import factories

from .conftest import assessed_county, correct

pytestmark = pytest.mark.django_db


def league_url(county):
    return f"/assessment/{county.code}/2025/"


def api(client, county, fmt="json"):
    return client.get(f"/api/v1/assessments/{county.code}/2025/?format={fmt}")


def test_page_xlsx_docx_and_api_agree_on_the_ranking(official_client, county, assessed):
    page = official_client.get(league_url(county))
    data = api(official_client, county).json()
    ranking = [(t["rank"], t["name"], t["total"], t["grade"]) for t in data["towns"]]
    rows = page.context["rows"]
    assert [
        (r.town["rank"], r.town["name"], r.town["total"], r.town["grade"]) for r in rows
    ] == ranking
    sheet = load_workbook(
        io.BytesIO(official_client.get(league_url(county) + "download.xlsx").content)
    ).active
    cells = [[c.value for c in row] for row in sheet.iter_rows(min_row=4)]
    assert [(r[0], r[1], f"{Decimal(r[2]):.2f}", r[3]) for r in cells] == ranking
    notice = Document(io.BytesIO(official_client.get(league_url(county) + "download.docx").content))
    table = notice.tables[0]
    docx_rows = [[cell.text for cell in row.cells] for row in table.rows[1:]]
    assert [(int(r[0]), r[1], r[-2], r[-1]) for r in docx_rows] == ranking
    screen = official_client.get(f"/bigscreen/?county={county.code}&year=2025").context
    panel = screen["assessment"]["rows"]
    assert [tuple(r.town[k] for k in ("rank", "name", "total", "grade")) for r in panel] == ranking


def test_visitors_never_see_the_assessment_on_the_big_screen(client, county, assessed):
    assessment_publish(county=county, year=2025, user=None)
    response = client.get(f"/bigscreen/?county={county.code}&year=2025")
    assert response.context["assessment"] is None
    assert "镇综合考核" not in response.content.decode()


def test_assessment_menu_leads_to_the_users_county(official_client, county, assessed):
    response = official_client.get("/assessment/")
    assert response.url == league_url(county)


def test_every_towns_items_add_up_and_ranks_follow_totals(official_client, county, assessed):
    towns = api(official_client, county).json()["towns"]
    for town in towns:
        assert sum(Decimal(i["points"]) for i in town["items"]) == Decimal(town["total"])
    totals = [Decimal(t["total"]) for t in towns]
    assert totals == sorted(totals, reverse=True)
    assert [t["rank"] for t in towns] == sorted(t["rank"] for t in towns)


def test_the_veto_town_fails(official_client, county, assessed):
    town = next(
        t for t in api(official_client, county).json()["towns"] if t["code"] == assessed[1].code
    )
    assert town["grade"] == "不合格"
    assert town["vetoes"][0].startswith("否决：当年发生安全生产事故")


def test_breakdown_explains_every_item(official_client, county, assessed):
    page = official_client.get(f"{league_url(county)}town/{assessed[1].code}/")
    assert "完成目标" in page.content.decode()
    assert "否决：当年发生安全生产事故" in page.content.decode()


def test_what_if_reorders_the_table_and_writes_nothing(official_client, county, assessed):
    before = [r.town["code"] for r in official_client.get(league_url(county)).context["rows"]]
    # 落地产业项目 weighs 100: town 1, with the most projects, comes first.
    params = {"whatif": "1", "w-0-2": "100"}
    with CaptureQueriesContext(connection) as queries:
        page = official_client.get(league_url(county), params)
    writes = [
        q["sql"]
        for q in queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    after = [r.town["code"] for r in page.context["rows"]]
    assert page.context["trial"] is not None
    assert after != before and after[0] == assessed[0].code
    assert [w for w in writes if "django_session" not in w] == []
    assert SchemeVersion.objects.count() == 1


def test_a_figure_corrected_after_publication_is_a_pending_difference(
    official_client, county, assessed
):
    assessment_publish(county=county, year=2025, user=None)
    correct(assessed[0], "jobs_created", 50)
    page = official_client.get(league_url(county))
    assert page.context["standing"].differences
    assert "发布后数字有更正" in page.content.decode()
    published = api(official_client, county).json()
    assert published["published"] is True and published["pending_differences"] > 0
    official_client.post(league_url(county) + "publish/", {"note": "就业人数更正"})
    assert Publication.objects.count() == 2
    assert not official_client.get(league_url(county)).context["standing"].differences
    correction = AuditEvent.objects.filter(action=Action.ASSESSMENT_PUBLISHED).latest("id")
    assert correction.details["number"] == 2 and correction.details["note"] == "就业人数更正"


def test_town_staff_see_the_league_only_once_published(client, county, assessed):
    client.force_login(factories.user_with_role(Role.CLERK, assessed[0], "clerk"))
    assert client.get(league_url(county)).status_code == 302
    assert api(client, county).status_code == 404
    assert client.get(f"{league_url(county)}town/{assessed[0].code}/").status_code == 200
    assert client.get(f"{league_url(county)}town/{assessed[1].code}/").status_code == 403
    assessment_publish(county=county, year=2025, user=None)
    assert client.get(league_url(county)).status_code == 200


def test_api_csv_has_one_row_per_town_and_item(official_client, county, assessed):
    text = api(official_client, county, "csv").content.decode("utf-8-sig")
    lines = text.strip().splitlines()
    assert lines[0].startswith("town,name,rank,total,grade")
    assert len(lines) == 1 + 5 * 14


def test_bad_scheme_upload_is_refused_in_chinese_and_not_saved(official_client, county, assessed):
    response = official_client.post(f"{league_url(county)}scheme/toml/", {"source": "title = ["})
    assert response.status_code == 400
    assert "TOML 格式错误" in response.content.decode()
    assert SchemeVersion.objects.count() == 1


@pytest.mark.parametrize("towns", [5, 20])
def test_league_page_query_count_does_not_grow_with_towns(client, county, catalogue, towns):
    assessed_county(county, catalogue, towns=towns)
    client.force_login(factories.user_with_role(Role.COUNTY, county, "official"))
    client.get(league_url(county))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(league_url(county)).status_code == 200
    assert len(queries) == 12, [q["sql"][:80] for q in queries]
    breakdown = f"{league_url(county)}town/{county.code[:6]}101000/"
    with CaptureQueriesContext(connection) as queries:
        assert client.get(breakdown).status_code == 200
    assert len(queries) == 11, [q["sql"][:80] for q in queries]


def test_notice_has_the_title_the_scheme_and_the_grades(official_client, county, assessed):
    notice = Document(io.BytesIO(official_client.get(league_url(county) + "download.docx").content))
    texts = [paragraph.text for paragraph in notice.paragraphs]
    assert texts[0] == "关于测试县2025年度镇综合考核结果的通报"
    assert any(text.startswith("考核分经济发展40分") for text in texts)
    assert any(text.startswith("不合格：") and assessed[1].name in text for text in texts)


def test_api_gives_every_items_inputs(official_client, county, assessed):
    town = api(official_client, county).json()["towns"][0]
    target = next(item for item in town["items"] if item["method"] == "target")
    assert set(target["inputs"]) == {"actual", "target", "ratio"}


def test_what_if_with_a_bad_weight_says_so_in_chinese(official_client, county, assessed):
    page = official_client.get(league_url(county), {"whatif": "1", "w-0-0": "很多"})
    assert page.status_code == 200
    assert "“权重”应为数字" in page.content.decode()
    assert "“weight”" not in page.content.decode()


def test_scheme_edited_in_the_browser_becomes_a_new_version(official_client, county, assessed):
    source = SchemeVersion.objects.get().source.replace("cap = 120", "cap = 130", 1)
    response = official_client.post(f"{league_url(county)}scheme/toml/", {"source": source})
    assert response.status_code == 302
    assert list(SchemeVersion.objects.values_list("version", flat=True).order_by("version")) == [
        1,
        2,
    ]


def test_town_staff_cannot_publish_or_edit_the_scheme(client, county, assessed):
    client.force_login(factories.user_with_role(Role.CLERK, assessed[0], "clerk"))
    assert client.post(league_url(county) + "publish/").status_code == 403
    assert client.post(f"{league_url(county)}scheme/toml/", {"source": "x"}).status_code == 403
    assert client.post(f"{league_url(county)}scheme/", {"add_part": "1"}).status_code == 403
    assert not Publication.objects.exists()


def test_a_saved_scheme_the_catalogue_outgrew_is_explained_not_a_500(
    official_client, county, assessed
):
    stale = SchemeVersion.objects.get().source.replace("jobs_created", "jobs_retired")
    SchemeVersion.objects.update(source=stale)
    page = official_client.get(league_url(county))
    assert page.status_code == 409
    assert "指标“jobs_retired”不存在或已停用" in page.content.decode()
    assert api(official_client, county).status_code == 409


def test_what_if_with_an_absurd_weight_is_refused_not_a_500(official_client, county, assessed):
    page = official_client.get(league_url(county), {"whatif": "1", "w-0-0": "1e999999999"})
    assert page.status_code == 200
    assert "太大" in page.content.decode()


def test_a_town_that_no_longer_exists_in_the_year_is_not_ranked(official_client, county, assessed):
    gone = assessed[-1]
    gone.retired_from = 2025  # merged away from 2025: its figures of 2024 stay with it
    gone.save()
    names = [town["name"] for town in api(official_client, county).json()["towns"]]
    assert gone.name not in names and len(names) == len(assessed) - 1
