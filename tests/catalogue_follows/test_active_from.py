"""An indicator added in the browser is reported from its year on (从某年起填报): the
years before never asked for it, so their reports, progress, dashboards, entry forms
and Excel templates do not count it as missing."""

import io
import tomllib

import pytest
from openpyxl import load_workbook
from rest_framework.test import APIClient

from indicators.catalogue import editing, read_catalogue
from indicators.catalogue.editing import CatalogueRefused
from indicators.catalogue.toml_io import catalogue_parse
from indicators.models import Indicator, Status
from indicators.reports import build_report
from tests import factories
from tests.factories import refusal_codes, save_figures

pytestmark = pytest.mark.django_db

NEW = "farmland_built"
FIELDS = {
    "code": NEW,
    "section": "industry",
    "name": "高标准农田建设",
    "name_en": "High-standard farmland built",
    "unit": "亩",
    "value_type": "decimal",
    "decimals": 1,
    "max_value": "100000",
    "aggregation": "sum",
    "source_sentence": "全年新建高标准农田XX亩",
}


@pytest.fixture
def in_2026(monkeypatch):
    monkeypatch.setattr("indicators.catalogue.years.current_year", lambda: 2026)


@pytest.fixture
def added(catalogue, admin_user, in_2026) -> Indicator:
    """高标准农田建设 added in 2026, as the catalogue page adds it."""
    editing.indicator_add(user=admin_user, fields=FIELDS, reason="县里新增考核指标")
    return Indicator.objects.get(code=NEW)


@pytest.fixture
def approved_2025(towns, catalogue):
    """Every town's 2025 report complete and approved, before the indicator came."""
    codes = Indicator.objects.exclude(code=NEW).values_list("code", flat=True)
    figures = {code: "1" for code in codes}
    factories.seed_figures({(town, 2025): figures for town in towns}, status=Status.APPROVED)
    return towns


# --- the catalogue


def test_a_new_indicator_is_reported_from_the_current_year_unless_told_otherwise(
    catalogue, admin_user, in_2026
):
    editing.indicator_add(user=admin_user, fields=FIELDS, reason="新增")
    assert Indicator.objects.get(code=NEW).active_from == 2026
    editing.indicator_add(
        user=admin_user,
        fields={**FIELDS, "code": "b", "name": "乙", "active_from": 2020},
        reason="新增",
    )
    assert Indicator.objects.get(code="b").active_from == 2020
    editing.indicator_add(
        user=admin_user,
        fields={**FIELDS, "code": "c", "name": "丙", "active_from": None},
        reason="新增",
    )
    assert Indicator.objects.get(code="c").active_from is None


def test_the_version_names_the_change_of_its_first_year(added, admin_user):
    version = editing.indicator_change(
        user=admin_user, code=NEW, fields={"active_from": 2024}, reason="补报 2024 年"
    )
    [change] = version.changes
    assert change["fields"] == [
        {"field": "active_from", "label": "启用年份", "before": "2026", "after": "2024"}
    ]


def test_a_first_year_after_years_with_figures_is_refused(added, towns, clerk, admin_user):
    editing.indicator_change(user=admin_user, code=NEW, fields={"active_from": 2024}, reason="r")
    save_figures(towns[0], 2024, {NEW: "12"}, user=clerk)
    with pytest.raises(CatalogueRefused) as caught:
        editing.indicator_change(
            user=admin_user, code=NEW, fields={"active_from": 2025}, reason="r"
        )
    refusal = caught.value
    assert (refusal.code, refusal.field) == ("active_hides_figures", "active_from")
    assert "2025 年以前已有 1 个数字（最早 2024 年）" in refusal.message
    assert Indicator.objects.get(code=NEW).active_from == 2024
    editing.indicator_change(user=admin_user, code=NEW, fields={"active_from": 2023}, reason="r")


def test_a_first_year_not_before_the_retirement_is_refused(added, admin_user):
    with pytest.raises(CatalogueRefused) as caught:
        editing.indicator_retire(user=admin_user, code=NEW, from_year=2026, reason="r")
    assert caught.value.code == "bad_years"
    assert "启用年份应早于停用年份" in caught.value.message


def test_the_toml_export_and_import_keep_the_first_year(added, admin_user):
    text = editing.catalogue_toml()
    entry = next(i for i in tomllib.loads(text)["indicators"] if i["code"] == NEW)
    assert entry["active_from"] == 2026
    assert "active_from" not in next(
        i for i in tomllib.loads(text)["indicators"] if i["code"] == "street_lights"
    )
    assert catalogue_parse(text).indicators[NEW]["active_from"] == 2026
    changed = text.replace("active_from = 2026", "active_from = 2023")
    editing.catalogue_import(user=admin_user, text=changed, reason="从 2023 年起")
    assert Indicator.objects.get(code=NEW).active_from == 2023


def test_the_repository_file_reads_the_first_year(tmp_path, added):
    path = tmp_path / "catalogue.toml"
    path.write_text(editing.catalogue_toml(), encoding="utf-8")
    _sections, indicators = read_catalogue(path)
    assert next(i for i in indicators if i["code"] == NEW)["active_from"] == 2026


def test_the_api_shows_and_takes_the_first_year(added, admin_user, in_2026):
    api = APIClient()
    assert api.get(f"/api/v1/indicators/{NEW}/").json()["active_from"] == 2026
    api.force_authenticate(admin_user)
    body = {**FIELDS, "code": "later", "name": "乙", "active_from": 2027, "reason": "r"}
    created = api.post("/api/v1/indicators/", body, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["indicator"]["active_from"] == 2027
    body = {**FIELDS, "code": "now", "name": "丙", "reason": "r"}
    default = api.post("/api/v1/indicators/", body, format="json")
    assert default.json()["indicator"]["active_from"] == 2026


def test_the_indicator_form_offers_this_year_and_saves_the_choice(client, added, admin_user):
    client.force_login(admin_user)
    page = client.get("/catalogue/indicators/add/")
    assert page.context["form"]["active_from"].value() == 2026
    assert "从某年起填报" in page.content.decode()
    edit = client.get(f"/catalogue/indicators/{NEW}/")
    assert 'name="active_from" value="2026"' in edit.content.decode()


# --- what follows it


def test_earlier_reports_are_not_incomplete_without_it(added, approved_2025, county, admin_user):
    town_2025 = build_report(admin_user, approved_2025[0], 2025)
    assert NEW not in [run.code for run in town_2025.missing]
    county_2025 = build_report(admin_user, county, 2025)
    assert NEW not in [run.code for run in county_2025.missing]
    assert "高标准农田" not in "".join(
        p.text for part in county_2025.parts for p in part.paragraphs
    )
    town_2026 = build_report(admin_user, approved_2025[0], 2026)
    assert NEW in [run.code for run in town_2026.missing]


def test_progress_counts_it_from_its_year_only(client, added, towns, county, county_official):
    client.force_login(county_official)
    every = Indicator.objects.count()

    def totals(year):
        response = client.get(f"/progress/?county={county.code}&year={year}")
        return {row.total for row in response.context["rows"]}

    assert totals(2025) == {every - 1}
    assert totals(2026) == {every}


def test_the_overview_and_section_pages_of_earlier_years_have_no_card_or_row(
    client, added, approved_2025, county
):
    for url in ("/", "/sections/industry/"):
        earlier = client.get(url, {"county": county.code, "year": 2025}).content.decode()
        assert f'data-indicator="{NEW}"' not in earlier, url
        assert "高标准农田建设" not in earlier, url
    this_year = client.get("/", {"county": county.code, "year": 2026}).content.decode()
    assert f'data-indicator="{NEW}"' in this_year


def form_codes(response) -> set[str]:
    html = response.content.decode()
    return {part.split('"', 1)[0] for part in html.split('data-code="')[1:]}


def template_codes(response) -> set[str]:
    assert response.status_code == 200, response.content[:300]
    sheet = load_workbook(io.BytesIO(response.content))["填报"]
    return {row[3] for row in sheet.iter_rows(min_row=5, values_only=True)}


def test_the_entry_form_and_template_of_earlier_years_do_not_offer_it(client, added, towns, clerk):
    client.force_login(clerk)
    town = towns[0].code
    assert NEW not in form_codes(client.get(f"/entry/{town}/2025/"))
    assert NEW not in template_codes(client.get(f"/entry/{town}/2025/template.xlsx"))
    assert NEW in form_codes(client.get(f"/entry/{town}/2026/"))
    assert NEW in template_codes(client.get(f"/entry/{town}/2026/template.xlsx"))


def test_a_figure_of_a_year_before_it_is_refused_by_the_write_path(added, towns, clerk):
    assert refusal_codes(towns[0], 2025, {NEW: "5"}, user=clerk) == ["not_yet_active"]
    assert refusal_codes(towns[0], 2026, {NEW: "5"}, user=clerk) == []
