"""Excel upload in a real browser: preview with an error, fix the file, upload again, confirm."""

import io
from itertools import islice

from django.core.management import call_command
from openpyxl import Workbook
from playwright.sync_api import expect

from indicators.models import DataValue
from tests import factories

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


DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


# Every percent the job page showed, kept in the tab's sessionStorage so that it
# survives the page going on to the preview.
RECORD_SHOWN_PERCENTS = """
document.addEventListener("DOMContentLoaded", () => {
  const shown = document.querySelector("[data-percent]");
  if (!shown) return;
  const record = () => {
    const all = JSON.parse(sessionStorage.getItem("percents") || "[]");
    all.push(Number(shown.textContent));
    sessionStorage.setItem("percents", JSON.stringify(all));
  };
  record();
  const changes = { childList: true, characterData: true, subtree: true };
  new MutationObserver(record).observe(shown, changes);
});
"""


def ten_thousand_figures(county, towns, catalogue) -> bytes:
    towns = towns + [factories.town(county, number) for number in range(4, 11)]
    rows = (
        [town.code, year, code, (number % 7) + 1]
        for year in range(2001, 2026)
        for town in towns
        for number, code in enumerate(sorted(catalogue))
    )
    return workbook(islice(rows, 10_000))


def test_a_large_upload_shows_its_progress_in_percent_up_to_100_then_the_preview(
    page, settings, catalogue, county, towns, admin_user, console_errors, outside_requests
):
    settings.TASKS = DATABASE_QUEUE  # queued for the worker, which the test runs below
    content = ten_thousand_figures(county, towns, catalogue)
    page.add_init_script(RECORD_SHOWN_PERCENTS)
    login(page, admin_user)
    page.goto("/upload/")

    choose(page, "一万个数字.xlsx", content)

    expect(page.locator(".job-percent")).to_have_text("已处理 0%")
    expect(page.locator("progress")).to_have_attribute("value", "0")
    call_command("db_worker", batch=True, interval=0, startup_delay=False, reload=False)
    expect(page.locator("[data-count=created]")).to_have_text("10000", timeout=30_000)
    shown = page.evaluate("JSON.parse(sessionStorage.getItem('percents'))")
    assert shown[0] == 0 and shown[-1] == 100 and shown == sorted(shown)
    assert not DataValue.objects.exists()
    assert console_errors == [] and outside_requests == []
