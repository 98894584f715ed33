import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from indicators.audit.models import Action, AuditEvent
from indicators.catalogue.years import current_year
from indicators.divisions.regions_csv import load_regions
from indicators.models import DataValue, Region, RegionChange, Role, Status
from tests import factories

from .conftest import snapshot
from .test_codes_csv import EDITION_2020, EDITION_2024

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


def confirmed(client, path: str, data: dict):
    """A succession's page: previewed, then confirmed with the preview's digest."""
    preview = client.post(path, data)
    assert preview.status_code == 200, preview.content.decode()
    assert 'id="division-carry"' in preview.content.decode()
    digest = preview.context["carry"].digest
    return client.post(path, {**data, "digest": digest, "confirm": "1"})


def test_only_the_administrator_sees_the_pages_and_the_link(admin_client, county_towns, county):
    client = Client()
    assert client.get("/divisions/").status_code == 302  # sign in first
    official = factories.user_with_role(Role.COUNTY, county, "official")
    client.force_login(official)
    for path in ("/divisions/", "/divisions/merge/", "/divisions/history/", "/divisions/codes/"):
        refused = client.get(path)
        assert refused.status_code == 403
        assert "只有管理员可以调整行政区划" in refused.content.decode()
    assert "/divisions/" not in client.get("/").content.decode()
    before = snapshot()
    data = {"region": county_towns[0].code, "name": "乙镇", "year": 2026, "reason": "x"}
    assert client.post("/divisions/rename/", data).status_code == 403
    assert snapshot() == before
    page = admin_client.get("/divisions/").content.decode()
    assert 'href="/divisions/"' in admin_client.get("/").content.decode()
    assert county_towns[0].code in page and "测试1镇" in page


def test_the_tree_shows_years_and_past_names(admin_client, admin, county_towns):
    admin_client.post(
        "/divisions/rename/",
        {"region": county_towns[0].code, "name": "青山街道", "year": 2021, "reason": "撤镇设街道"},
    )
    confirmed(
        admin_client,
        "/divisions/merge/",
        {
            "sources": f"{county_towns[1].code} {county_towns[2].code}",
            "code": "888801201000",
            "name": "合并镇",
            "year": 2026,
            "reason": "撤并",
        },
    )
    page = admin_client.get("/divisions/").content.decode()
    assert "测试1镇（至 2020 年）" in page
    assert "2026 年起" in page and "至 2025 年" in page
    history = admin_client.get("/divisions/history/").content.decode()
    assert "撤并" in history and "撤镇设街道" in history and "888801201000" in history
    # Each change names its regions as they were then: the rename's town by its old
    # name before 2021 and its new one from 2021.
    assert "测试1镇（" in history and "青山街道（" in history and "合并镇（" in history


def test_a_merge_from_the_page_and_its_refusal(admin_client, county_towns, past_figures):
    data = {
        "sources": f"{county_towns[0].code},{county_towns[1].code}",
        "code": "888801201000",
        "name": "合并镇",
        "year": 2025,
        "reason": "撤并乡镇",
    }
    before = snapshot()
    refused = admin_client.post("/divisions/merge/", data)
    assert refused.status_code == 400
    text = refused.content.decode()
    assert "没有调整" in text and "2025 年（" in text
    assert snapshot() == before
    preview = admin_client.post("/divisions/merge/", {**data, "year": 2026})
    assert preview.status_code == 200 and "没有尚未提交的数字" in preview.content.decode()
    assert snapshot() == before
    done = confirmed(admin_client, "/divisions/merge/", {**data, "year": 2026})
    assert done.status_code == 302
    assert Region.objects.get(code="888801201000").active_from == 2026
    assert AuditEvent.objects.filter(action=Action.REGIONS_CHANGED).count() == 1


def test_a_form_needs_a_reason_and_known_codes(admin_client, county_towns):
    before = snapshot()
    blank = admin_client.post(
        "/divisions/retire/", {"region": county_towns[0].code, "year": 2026, "reason": ""}
    )
    assert blank.status_code == 400 and "请填写调整原因" in blank.content.decode()
    unknown = admin_client.post(
        "/divisions/split/",
        {"region": "999999999999", "targets": "888801201000,东镇", "year": 2026, "reason": "x"},
    )
    assert unknown.status_code == 400 and "不存在或不在您管理的范围内" in unknown.content.decode()
    assert admin_client.get("/divisions/nope/").status_code == 404
    assert snapshot() == before


def test_split_and_move_pages(admin_client, county_towns, other_county):
    split = confirmed(
        admin_client,
        "/divisions/split/",
        {
            "region": county_towns[0].code,
            "targets": "888801201000,东镇\n888801202000，西镇\n",
            "year": 2026,
            "reason": "拆分",
        },
    )
    assert split.status_code == 302
    move = confirmed(
        admin_client,
        "/divisions/move/",
        {
            "region": county_towns[1].code,
            "parent": other_county.code,
            "code": "888802150000",
            "year": 2026,
            "reason": "划转",
        },
    )
    assert move.status_code == 302
    assert Region.objects.get(code="888802150000").name == "测试2镇"
    assert RegionChange.objects.count() == 2


def test_a_retired_towns_accounts_are_listed_as_a_warning(admin_client, county_towns):
    factories.user_with_role(Role.CLERK, county_towns[0], "clerk-a")
    admin_client.post(
        "/divisions/retire/", {"region": county_towns[0].code, "year": 2026, "reason": "撤销"}
    )
    page = admin_client.get("/divisions/").content.decode()
    assert 'id="stranded-accounts"' in page and 'data-user="clerk-a"' in page


def upload(client, text: str):
    file = SimpleUploadedFile("codes.csv", text.encode(), content_type="text/csv")
    return client.post("/divisions/codes/", {"file": file})


def test_a_code_list_is_previewed_then_confirmed(admin_client):
    load_regions(EDITION_2020)
    before = snapshot()
    preview = upload(admin_client, EDITION_2024)
    assert preview.status_code == 200
    text = preview.content.decode()
    assert "新增 1 个，更名 1 个，新版中没有（将撤销） 1 个，不变 4 个" in text
    assert "高桥镇" in text and "松坎街道" in text
    assert snapshot() == before
    no_reason = admin_client.post(
        "/divisions/codes/confirm/", {"content": EDITION_2024, "year": 2024, "reason": ""}
    )
    assert no_reason.status_code == 400 and snapshot() == before
    done = admin_client.post(
        "/divisions/codes/confirm/", {"content": EDITION_2024, "year": 2024, "reason": "2024 版"}
    )
    assert done.status_code == 302
    assert Region.objects.get(code="520322102000").retired_from == 2024


def test_a_gbk_code_list_with_chinese_levels_is_previewed(admin_client):
    load_regions(EDITION_2020)
    chinese = EDITION_2024.replace(",town,", ",乡镇,").replace(",county,", ",县,")
    file = SimpleUploadedFile("codes.csv", chinese.encode("gbk"), content_type="text/csv")
    preview = admin_client.post("/divisions/codes/", {"file": file})
    assert preview.status_code == 200
    assert "新增 1 个，更名 1 个，新版中没有（将撤销） 1 个，不变 4 个" in preview.content.decode()


def test_a_bad_code_list_shows_every_bad_line(admin_client):
    load_regions(EDITION_2020)
    response = upload(admin_client, EDITION_2024 + "5203221,短码镇,town,520322000000\n")
    assert response.status_code == 400
    text = response.content.decode()
    assert "第 8 行" in text and "确认调整" not in text


def test_a_confirm_refused_for_its_year_lists_why(admin_client):
    load_regions(EDITION_2020)
    town = Region.objects.get(code="520322102000")
    factories.seed_figures(
        {(town.code, 2024): {factories.IndicatorFactory().code: 1}}, status=Status.DRAFT
    )
    before = snapshot()
    response = admin_client.post(
        "/divisions/codes/confirm/", {"content": EDITION_2024, "year": 2024, "reason": "x"}
    )
    assert response.status_code == 400
    assert "2024 年（1 个数字）" in response.content.decode()
    assert snapshot() == before


def test_a_merge_with_open_figures_is_previewed_then_confirmed(admin_client, county_towns):
    a, b = county_towns[:2]
    year = current_year()
    factories.IndicatorFactory(code="output", name="原煤产量", aggregation="sum")
    factories.IndicatorFactory(code="rate", name="覆盖率", aggregation="mean")
    factories.seed_figures(
        {(a, year): {"output": "10", "rate": "40"}, (b, year): {"output": "5", "rate": "60"}},
        status=Status.DRAFT,
    )
    data = {
        "sources": f"{a.code} {b.code}",
        "code": "888801201000",
        "name": "合并镇",
        "year": year,
        "reason": "撤并乡镇",
    }
    before = snapshot()
    preview = admin_client.post("/divisions/merge/", data)
    page = preview.content.decode()
    assert preview.status_code == 200 and snapshot() == before
    assert 'id="carry-figures"' in page and "15.00" in page
    assert 'id="carry-reentry"' in page and "需在新镇重新填报" in page and "覆盖率" in page
    stale = admin_client.post("/divisions/merge/", {**data, "digest": "0" * 32, "confirm": "1"})
    assert stale.status_code == 400 and "预览之后" in stale.content.decode()
    assert snapshot() == before
    done = confirmed(admin_client, "/divisions/merge/", data)
    assert done.status_code == 302
    merged = DataValue.objects.get(report__region_id="888801201000", indicator_id="output")
    assert merged.value == 15


def test_the_new_towns_english_names_come_from_the_forms(admin_client, county_towns, other_county):
    a, b, c, d = county_towns
    merged = confirmed(
        admin_client,
        "/divisions/merge/",
        {
            "sources": f"{a.code} {b.code}",
            "code": "888801201000",
            "name": "双河镇",
            "name_en": "Shuanghe Town",
            "year": 2026,
            "reason": "撤并",
        },
    )
    assert merged.status_code == 302
    split = confirmed(
        admin_client,
        "/divisions/split/",
        {
            "region": c.code,
            "targets": "888801202000,东镇,Dongzhen\n888801203000，西镇",
            "year": 2026,
            "reason": "拆分",
        },
    )
    assert split.status_code == 302
    moved = confirmed(
        admin_client,
        "/divisions/move/",
        {
            "region": d.code,
            "parent": other_county.code,
            "code": "888802150000",
            "name": "",
            "name_en": "Moved Town",
            "year": 2026,
            "reason": "划转",
        },
    )
    assert moved.status_code == 302
    names = dict(Region.objects.filter(active_from=2026).values_list("code", "name_en"))
    assert names == {
        "888801201000": "Shuanghe Town",
        "888801202000": "Dongzhen",
        "888801203000": "",
        "888802150000": "Moved Town",
    }


def test_a_merge_refused_for_an_earlier_recorded_merge_says_so_on_the_page(
    admin_client, county_towns
):
    a, b, c = county_towns[:3]
    data = {"sources": f"{a.code} {b.code}", "code": b.code, "year": 2026, "reason": "并入"}
    assert confirmed(admin_client, "/divisions/merge/", data).status_code == 302
    before = snapshot()
    refused = admin_client.post(
        "/divisions/merge/",
        {
            "sources": f"{a.code} {c.code}",
            "code": "888801201000",
            "name": "双河镇",
            "year": 2025,
            "reason": "撤并",
        },
    )
    assert refused.status_code == 400
    assert f"测试1镇（{a.code}）已于 2026 年并入测试2镇（{b.code}），不能再从 2025 年起合并。" in (
        refused.content.decode()
    )
    assert snapshot() == before
