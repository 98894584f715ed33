"""A past report in a real browser: upload, see each figure marked in its sentence,
confirm, and the town's figures are there with the source 历年报告."""

from pathlib import Path

from playwright.sync_api import expect

from indicators.models import DataValue, Source
from tests import factories

from .conftest import login

CORPUS = Path(__file__).resolve().parent.parent / "report_corpus"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_a_past_report_is_previewed_with_its_sentences_then_fills_the_towns_figures(
    page, catalogue, county, admin_user, console_errors, outside_requests
):
    town = factories.town(county, 2, name="龙潭镇")  # a demo town's name, read from the file name
    content = (CORPUS / "reference.docx").read_bytes()
    login(page, admin_user)
    page.goto("/past-reports/")

    page.set_input_files(
        "input[type=file]",
        {"name": "龙潭镇2021年工作报告.docx", "mimeType": DOCX, "buffer": content},
    )
    page.get_by_role("button", name="上传并预览").click()

    lights = page.locator("tr[data-indicator=street_lights]")
    expect(lights.locator("mark")).to_have_text("450盏")
    expect(lights.locator("td.sentence")).to_contain_text("安装路灯450盏")
    expect(page.locator("table.past-report-figures mark")).to_have_count(37)
    expect(page.locator("table.past-report-summary")).to_contain_text("龙潭镇")
    assert not DataValue.objects.exists()

    page.get_by_role("button", name="确认导入").click()

    expect(page.locator(".message.success").first).to_contain_text("已导入")
    figures = DataValue.objects.filter(report__region=town, report__year=2021)
    assert figures.count() == 37
    assert figures.get(indicator_id="street_lights").value == 450
    assert {record.source for record in DataValue.history.all()} == {Source.PAST_REPORT}
    assert console_errors == [] and outside_requests == []
