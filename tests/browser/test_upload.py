"""Excel upload in a real browser: preview with an error, fix the file, upload again, confirm."""

import io

from openpyxl import Workbook
from playwright.sync_api import expect

from indicators.models import DataValue

from .conftest import login

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook(rows) -> bytes:
    book = Workbook()
    book.active.append(["区划代码", "年度", "指标代码", "数值", "备注"])
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def choose(page, name: str, content: bytes) -> None:
    page.set_input_files("input[type=file]", {"name": name, "mimeType": XLSX, "buffer": content})
    page.get_by_role("button", name="上传并预览").click()


def test_a_clerk_fixes_a_bad_row_and_imports_the_file(
    page, catalogue, clerk, towns, console_errors, outside_requests
):
    town = towns[0].code
    login(page, clerk)
    page.goto("/upload/")

    choose(
        page,
        "路灯.xlsx",
        workbook([[town, 2024, "street_lights", 120], [town, 2024, "public_toilets", "三"]]),
    )

    errors = page.locator("section[data-kind=error] tbody tr")
    expect(errors).to_have_count(1)
    expect(errors).to_contain_text("不是数字")
    expect(page.get_by_role("button", name="确认导入")).to_have_count(0)
    assert not DataValue.objects.exists()

    page.get_by_role("link", name="重新上传").first.click()
    choose(
        page,
        "路灯.xlsx",
        workbook([[town, 2024, "street_lights", 120], [town, 2024, "public_toilets", 3]]),
    )
    expect(page.locator("[data-count=created]")).to_have_text("2")
    page.get_by_role("button", name="确认导入").click()

    expect(page.locator(".message.success")).to_contain_text("新增 2 项")
    assert dict(DataValue.objects.values_list("indicator_id", "value")) == {
        "street_lights": 120,
        "public_toilets": 3,
    }
    assert console_errors == [] and outside_requests == []
