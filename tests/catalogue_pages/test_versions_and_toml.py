"""Versions (list, one version, any two compared) and the TOML export and import."""

import re

from django.core.files.uploadedfile import SimpleUploadedFile

from indicators.models import Indicator

from .conftest import FARMLAND, by_people, form_data, top_errors, versions

CJK = re.compile(r"[\u4e00-\u9fff]")


def _two_changes(editor):
    editor.post("/catalogue/indicators/add/", FARMLAND)
    farmland = Indicator.objects.get(code="farmland_built")
    editor.post(
        "/catalogue/indicators/farmland_built/",
        form_data(farmland, name="高标准农田", reason="名称按新文件"),
    )
    return list(by_people().order_by("pk"))


def test_the_versions_list_says_who_when_and_why(editor):
    first, second = _two_changes(editor)
    page = editor.get("/catalogue/versions/").content.decode()
    assert page.index(f'data-version="{second.pk}"') < page.index(f'data-version="{first.pk}"')
    assert "农业镇需要填报高标准农田" in page and "名称按新文件" in page
    assert "admin" in page


def test_a_version_page_shows_what_changed_since_the_one_before(editor):
    _first, second = _two_changes(editor)
    response = editor.get(f"/catalogue/versions/{second.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "名称按新文件" in page
    assert "高标准农田建设" in page and "高标准农田" in page  # before and after


def test_two_versions_compared_side_by_side(editor):
    first, second = _two_changes(editor)
    response = editor.get("/catalogue/versions/compare/", {"old": first.pk, "new": second.pk})
    assert response.status_code == 200
    page = response.content.decode()
    row = page[page.index('class="changed"') :]
    row = row[: row.index("</tr>")]
    assert "高标准农田建设" in row and "高标准农田" in row
    assert row.index('class="before"') < row.index('class="after"')


def test_comparing_a_version_that_does_not_exist_says_so(editor):
    _two_changes(editor)
    response = editor.get("/catalogue/versions/compare/", {"old": 999, "new": 998})
    assert response.status_code == 400
    assert "没有这个版本。" in response.content.decode()


def test_the_export_is_a_toml_file_to_download(editor):
    response = editor.get("/catalogue/export.toml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/toml")
    assert 'attachment; filename="catalogue-' in response["Content-Disposition"]
    text = response.content.decode()
    assert 'code = "raw_coal_output"' in text


def _exported(editor) -> str:
    return editor.get("/catalogue/export.toml").content.decode()


def test_an_import_shows_the_differences_first_and_changes_nothing(editor):
    text = _exported(editor).replace('name = "原煤产量"', 'name = "原煤产量（导入）"', 1)
    response = editor.post("/catalogue/import/", {"text": text})
    assert response.status_code == 200
    page = response.content.decode()
    assert "原煤产量（导入）" in page and "原煤产量" in page
    assert 'name="reason"' in page
    assert Indicator.objects.get(code="raw_coal_output").name == "原煤产量"
    assert versions() == 0


def test_an_uploaded_file_is_previewed_too(editor):
    text = _exported(editor).replace('name = "原煤产量"', 'name = "原煤产量（导入）"', 1)
    upload = SimpleUploadedFile("catalogue.toml", text.encode(), content_type="application/toml")
    response = editor.post("/catalogue/import/", {"file": upload})
    assert response.status_code == 200
    assert "原煤产量（导入）" in response.content.decode()


def test_confirming_an_import_with_a_reason_makes_a_version(editor):
    text = _exported(editor).replace('name = "原煤产量"', 'name = "原煤产量（导入）"', 1)
    refused = editor.post("/catalogue/import/confirm/", {"text": text, "reason": ""})
    assert refused.status_code == 400
    assert Indicator.objects.get(code="raw_coal_output").name == "原煤产量"

    response = editor.post("/catalogue/import/confirm/", {"text": text, "reason": "省里统一目录"})
    assert response.status_code == 302
    version = by_people().get()
    assert response["Location"] == f"/catalogue/versions/{version.pk}/"
    assert version.reason == "省里统一目录"
    assert Indicator.objects.get(code="raw_coal_output").name == "原煤产量（导入）"


def test_a_malformed_file_gets_a_chinese_message_and_nothing_changes(editor):
    response = editor.post("/catalogue/import/", {"text": '[[sections]]\ncode = "x\n'})
    assert response.status_code == 400
    errors = top_errors(response) + [
        e for e in response.content.decode().split() if "field-error" in e
    ]
    assert any(CJK.search(error) for error in top_errors(response)), errors
    assert versions() == 0
    response = editor.post("/catalogue/import/confirm/", {"text": "[[x", "reason": "试试"})
    assert response.status_code == 400
    assert versions() == 0


def test_an_empty_import_asks_for_a_file(editor):
    response = editor.post("/catalogue/import/", {"text": "   "})
    assert response.status_code == 400
    assert top_errors(response) == ["请选择 TOML 文件，或粘贴 TOML 文本。"]
