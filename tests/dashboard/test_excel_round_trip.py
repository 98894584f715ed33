"""The template downloaded, filled in as a clerk would, uploaded and confirmed."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from indicators.models import DataValue, ImportBatch
from tests.factories import save_figures

FILLED = {"street_lights": "130", "raw_coal_output": Decimal("1234.5"), "public_toilets": 3}


def download(client, town, year=2024) -> bytes:
    response = client.get(f"/entry/{town.code}/{year}/template.xlsx")
    assert response.status_code == 200
    return response.content


def fill(workbook: bytes, values: dict, comments: dict | None = None) -> bytes:
    book = load_workbook(io.BytesIO(workbook))
    sheet = book["填报"]
    header = [cell.value for cell in sheet[4]]
    code, value, comment = (header.index(name) for name in ("指标代码", "本年数值", "备注"))
    for row in sheet.iter_rows(min_row=5):
        if row[code].value in values:
            row[value].value = values[row[code].value]
        if comments and row[code].value in comments:
            row[comment].value = comments[row[code].value]
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload_and_confirm(client, content: bytes):
    client.post("/upload/", {"file": SimpleUploadedFile("模板.xlsx", content)})
    batch = ImportBatch.objects.latest("created_at")
    preview = client.get(f"/upload/{batch.pk}/")
    return batch, preview, client.post(f"/upload/{batch.pk}/confirm/", follow=True)


@pytest.fixture
def signed_in(client, clerk, catalogue):
    client.force_login(clerk)
    return client


def test_the_figures_filled_in_the_template_are_the_figures_stored(signed_in, towns, clerk):
    save_figures(towns[0], 2024, {"street_lights": 120}, user=clerk)

    _batch, preview, _done = upload_and_confirm(
        signed_in, fill(download(signed_in, towns[0]), FILLED)
    )

    assert 'data-count="updated">1<' in preview.content.decode()
    stored = dict(DataValue.objects.filter(report__year=2024).values_list("indicator_id", "value"))
    assert stored == {k: Decimal(str(v)) for k, v in FILLED.items()}


def test_untouched_rows_are_not_written_again(signed_in, towns, clerk):
    save_figures(towns[0], 2024, {"street_lights": 120}, user=clerk)
    batch, _preview, _done = upload_and_confirm(
        signed_in, fill(download(signed_in, towns[0]), {"public_toilets": 3})
    )
    assert len(batch.rows) == 1 and batch.untouched == 40
    assert DataValue.history.filter(indicator_id="street_lights").count() == 1


def test_a_comment_that_looks_like_a_formula_survives_the_round_trip(signed_in, towns, clerk):
    save_figures(towns[0], 2024, {"street_lights": (120, "-暂估")}, user=clerk)
    _batch, _preview, done = upload_and_confirm(
        signed_in, fill(download(signed_in, towns[0]), {"street_lights": 125})
    )
    figure = DataValue.objects.get(indicator_id="street_lights")
    assert (figure.value, figure.comment) == (125, "-暂估")
    assert "导入：新增 0 项，修改 1 项" in done.content.decode()


def test_a_figure_a_colleague_changed_after_the_download_is_not_overwritten(
    signed_in, towns, clerk, reviewer
):
    save_figures(towns[0], 2024, {"street_lights": 120}, user=clerk)
    template = download(signed_in, towns[0])
    save_figures(towns[0], 2024, {"street_lights": 121}, user=reviewer)

    _batch, preview, _done = upload_and_confirm(
        signed_in, fill(template, {"street_lights": 130, "public_toilets": 3})
    )

    errors = preview.content.decode().split('data-kind="error"')[1].split("</section>")[0]
    assert "reviewer 已把这个数字改为 121" in errors
    assert DataValue.objects.get(indicator_id="street_lights").value == 121
    assert not DataValue.objects.filter(indicator_id="public_toilets").exists()


def test_the_county_template_round_trips_for_a_county_official_into_their_towns(
    client, county_official, towns, catalogue, admin_user
):
    client.force_login(admin_user)  # only town staff and administrators write figures
    workbook = client.get(f"/progress/template.xlsx?county={towns[0].parent_id}&year=2024")
    assert workbook.status_code == 200
    book = load_workbook(io.BytesIO(workbook.content))
    header = [cell.value for cell in book["填报"][4]]
    town_at, code_at, value_at = (header.index(n) for n in ("区划代码", "指标代码", "本年数值"))
    for row in book["填报"].iter_rows(min_row=5):
        if row[code_at].value == "street_lights":
            row[value_at].value = int(row[town_at].value[6:9])
    out = io.BytesIO()
    book.save(out)

    upload_and_confirm(client, out.getvalue())

    stored = dict(DataValue.objects.values_list("report__region_id", "value"))
    assert stored == {town.code: Decimal(int(town.code[6:9])) for town in towns}
