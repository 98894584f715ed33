"""The one write path refuses a figure the catalogue or the division tree has no place
for, with a Chinese message, and writes nothing; every caller (form, API, Excel) hears it."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from indicators.accounts.tokens import token_issue
from indicators.figures import FigureRow, figures_import
from indicators.models import DataValue, ImportBatch, Source
from tests.factories import refusal_codes, save_figures

from .conftest import FARMLAND, retire

pytestmark = pytest.mark.django_db


def conflicts(region, year, figures, user) -> list[tuple[str, str]]:
    rows = [FigureRow(code, region.code, year, value) for code, value in figures.items()]
    summary = figures_import(rows=rows, user=user, source=Source.API)
    return [(conflict.code, conflict.message) for conflict in summary.conflicts]


def test_a_figure_of_an_added_indicator_is_accepted(towns, clerk, farmland):
    save_figures(towns[0], 2026, {FARMLAND: "1200.5"}, user=clerk)
    assert DataValue.objects.get(indicator_id=FARMLAND).value == Decimal("1200.5")


def test_a_figure_of_an_indicator_retired_that_year_is_refused_and_earlier_ones_stay(
    towns, clerk, catalogue, in_2027
):
    save_figures(towns[0], 2026, {"street_lights": 120}, user=clerk)
    retire("street_lights", 2027)

    assert conflicts(towns[0], 2027, {"street_lights": "130", "public_toilets": "3"}, clerk) == [
        ("retired_indicator", "“安装路灯”自 2027 年起停用，不能填报 2027 年的数字。")
    ]
    assert conflicts(towns[0], 2027, {"street_lights": "bad"}, clerk)[0][0] == "retired_indicator"
    assert list(DataValue.objects.values_list("report__year", "value")) == [(2026, 120)]
    save_figures(towns[0], 2026, {"street_lights": 125}, user=clerk)  # 2026 still open
    assert DataValue.objects.get().value == 125


def test_a_figure_of_another_countys_indicator_is_refused(
    towns, clerk, farmland, county, other_town, admin_user
):
    farmland.scope = county
    farmland.save()
    assert conflicts(other_town, 2026, {FARMLAND: "10"}, admin_user) == [
        ("out_of_scope", "“高标准农田建设”只适用于测试县，邻县1镇不填报。")
    ]
    save_figures(towns[0], 2026, {FARMLAND: "10"}, user=clerk)
    assert DataValue.objects.get().report.region == towns[0]


def test_a_figure_of_a_merged_town_is_refused_from_the_merge_and_taken_before(
    towns, clerk, catalogue, merged
):
    assert conflicts(merged, 2026, {"street_lights": "5"}, clerk) == [
        ("region_not_in_year", "测试1镇已于 2026 年并入测试2镇，不能填报 2026 年的数字。")
    ]
    save_figures(merged, 2025, {"street_lights": 5}, user=clerk)
    assert DataValue.objects.get().report.year == 2025


def test_a_town_retired_without_a_recorded_change_and_one_not_yet_set_up(
    towns, admin_user, catalogue
):
    towns[1].retired_from = 2026
    towns[1].save()
    towns[2].active_from = 2025
    towns[2].save()
    assert refusal_codes(towns[1], 2026, {"street_lights": 1}, user=admin_user) == [
        "region_not_in_year"
    ]
    assert conflicts(towns[1], 2026, {"street_lights": "1"}, admin_user)[0][1] == (
        "测试2镇已于 2026 年撤销，不能填报 2026 年的数字。"
    )
    assert conflicts(towns[2], 2024, {"street_lights": "1"}, admin_user)[0][1] == (
        "测试3镇自 2025 年起设立，不能填报 2024 年的数字。"
    )
    assert not DataValue.objects.exists()


def test_clearing_a_figure_stored_before_the_indicator_was_retired_is_allowed(
    towns, clerk, catalogue
):
    save_figures(towns[0], 2026, {"street_lights": 120}, user=clerk)
    retire("street_lights", 2026)
    assert conflicts(towns[0], 2026, {"street_lights": None}, clerk) == []
    assert not DataValue.objects.exists()


def test_the_api_answers_409_with_the_same_message(towns, clerk, catalogue, in_2027):
    retire("street_lights", 2027)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_issue(user=clerk)}")
    row = {"indicator": "street_lights", "region": towns[0].code, "year": 2027, "value": "3"}
    response = client.post("/api/v1/values/bulk/", {"values": [row]}, format="json")
    assert response.status_code == 409, response.content
    assert response.json()["conflicts"][0]["code"] == "retired_indicator"
    assert "自 2027 年起停用" in response.json()["conflicts"][0]["message"]
    assert not DataValue.objects.exists()


def test_an_upload_of_a_retired_indicator_is_refused_in_the_preview(
    client, towns, clerk, catalogue, farmland, in_2027
):
    retire("street_lights", 2027)
    client.force_login(clerk)
    csv = (
        "区划代码,年度,指标代码,数值\n"
        f"{towns[0].code},2027,street_lights,120\n"
        f"{towns[0].code},2027,{FARMLAND},300\n"
    ).encode()
    client.post("/upload/", {"file": SimpleUploadedFile("figures.csv", csv)})
    batch = ImportBatch.objects.latest("created_at")
    preview = client.get(f"/upload/{batch.pk}/").content.decode()
    assert "“安装路灯”自 2027 年起停用，不能填报 2027 年的数字。" in preview
    client.post(f"/upload/{batch.pk}/confirm/")
    assert not DataValue.objects.exists()


def test_an_upload_of_an_added_indicator_is_written(client, towns, clerk, farmland):
    client.force_login(clerk)
    csv = f"区划代码,年度,指标代码,数值\n{towns[0].code},2026,{FARMLAND},300.5\n".encode()
    client.post("/upload/", {"file": SimpleUploadedFile("figures.csv", csv)})
    batch = ImportBatch.objects.latest("created_at")
    client.post(f"/upload/{batch.pk}/confirm/")
    assert DataValue.objects.get(indicator_id=FARMLAND).value == Decimal("300.5")


def _statements(rows, user) -> int:
    with CaptureQueriesContext(connection) as queries:
        summary = figures_import(rows=rows, user=user, source=Source.API)
    assert not summary.conflicts, summary.conflicts[:3]
    return len(queries)


def test_planning_reads_no_more_with_scopes_retirements_and_town_years(
    towns, admin_user, catalogue, farmland, county, in_2027
):
    """Scoped and retired indicators, and towns with years, cost no query of their own."""
    plain = [FigureRow("street_lights", towns[0].code, 2024, "1")]
    baseline = _statements(plain, admin_user)
    farmland.scope = county
    farmland.save()
    retire("public_toilets", 2027)
    towns[1].active_from, towns[1].retired_from = 2020, 2030
    towns[1].save()
    rows = [
        FigureRow(code, town.code, 2025, "2")
        for town in towns
        for code in (FARMLAND, "public_toilets", "street_lights")
    ]
    assert _statements(rows, admin_user) == baseline
