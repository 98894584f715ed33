"""The entry form guides the clerk: missing figures, the comment limit, the county's reason."""

from rest_framework.test import APIClient

from indicators.accounts.tokens import token_issue
from indicators.models import Indicator, Report, Status
from indicators.reads.progress import county_progress
from indicators.workflow.transitions import report_reopen, report_return, report_submit
from tests.factories import reports_set_status, save_figures

from .conftest import entry_url, form_data


def _tag(html: str, marker: str) -> str:
    """The whole HTML tag that holds ``marker``."""
    before, after = html.split(marker, 1)
    return before.rsplit("<", 1)[1] + marker + after.split(">", 1)[0]


def test_tab_goes_down_the_figures_and_a_comment_has_its_own_button(client, clerk, report):
    client.force_login(clerk)
    html = client.get(entry_url(report)).content.decode()
    row = html.split('data-code="street_lights"')[1].split("</tr>")[0]
    comment = _tag(row, 'name="comment-street_lights"')
    assert 'tabindex="-1"' in comment and 'maxlength="500"' in comment
    assert 'class="comment-toggle" tabindex="-1" aria-controls="id_comment-street_lights"' in row
    assert "还可输入 500 字" in row
    assert "tabindex" not in _tag(row, 'name="value-street_lights"')


def test_the_counter_starts_from_what_is_already_written(client, clerk, report):
    save_figures(report.region, 2024, {"street_lights": (7, "新装" * 10)}, user=clerk)
    client.force_login(clerk)
    html = client.get(entry_url(report)).content.decode()
    assert "还可输入 480 字" in html.split('data-code="street_lights"')[1].split("</tr>")[0]


def test_submitting_an_incomplete_report_lists_the_missing_figures_first(
    client, reviewer, report, catalogue
):
    client.force_login(reviewer)
    typed = {code: "1" for code in list(catalogue)[:29]}
    response = client.post(entry_url(report), form_data(catalogue, values=typed, action="submit"))
    html = response.content.decode()
    panel = html.split('id="incomplete"')[1].split("</div>")[0]
    missing = list(Indicator.objects.in_report_order())[29:]
    assert response.status_code == 200
    assert f"还有 {len(missing)} 项数字没有填写" in panel
    listed = [chunk.split("</a>")[0].split(">")[-1] for chunk in panel.split("<li>")[1:]]
    assert listed == [indicator.name for indicator in missing]
    assert 'name="confirm_incomplete" value="1"' in panel
    assert 'value="1"' in _tag(html, 'name="value-street_lights"')  # the typing is kept
    report.refresh_from_db()
    assert (report.status, report.values.count()) == (Status.DRAFT, 0)


def test_confirming_submits_the_incomplete_report(client, reviewer, report, catalogue):
    client.force_login(reviewer)
    data = form_data(
        catalogue, values={"street_lights": "5"}, action="submit", confirm_incomplete=True
    )
    assert client.post(entry_url(report), data).status_code == 302
    report.refresh_from_db()
    assert (report.status, report.values.count()) == (Status.SUBMITTED, 1)


def test_a_complete_report_is_submitted_without_a_question(client, reviewer, report, catalogue):
    client.force_login(reviewer)
    every = {code: str(indicator.min_value + 1) for code, indicator in catalogue.items()}
    response = client.post(entry_url(report), form_data(catalogue, values=every, action="submit"))
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.values.count()) == (Status.SUBMITTED, len(catalogue))


def test_a_comment_over_the_limit_is_refused_in_our_words(client, clerk, report, catalogue):
    client.force_login(clerk)
    data = form_data(
        catalogue, values={"street_lights": "5"}, comments={"street_lights": "说" * 501}
    )
    response = client.post(entry_url(report), data)
    row = response.content.decode().split('data-code="street_lights"')[1].split("</tr>")[0]
    assert response.status_code == 400
    assert "说明最多 500 字，现在有 501 字。" in row
    assert not report.values.exists()


def test_the_api_refuses_a_long_comment_in_our_words_and_its_json_shape(clerk, report):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token_issue(user=clerk)}")
    item = {"indicator": "street_lights", "region": report.region_id, "year": 2024, "value": 5}
    response = api.post(
        "/api/v1/values/bulk/", {"values": [{**item, "comment": "说" * 501}]}, format="json"
    )
    error = response.json()["error"]
    assert response.status_code == 400
    assert error["code"] == "invalid"
    assert error["details"]["values"]["0"]["comment"] == "说明最多 500 字，现在有 501 字。"


def _with_open_warning(report, reviewer):
    save_figures(
        report.region, 2024, {"raw_coal_output": 150, "coal_design_capacity": 120}, user=reviewer
    )
    report.refresh_from_db()
    return report


def test_a_draft_announces_its_unexplained_warnings(client, reviewer, report, catalogue):
    _with_open_warning(report, reviewer)
    client.force_login(reviewer)
    assert "条提醒尚未说明" in client.get(entry_url(report)).content.decode()


def test_a_submitted_report_shows_no_pending_warning_banner(client, reviewer, report, catalogue):
    report_submit(report=_with_open_warning(report, reviewer), user=reviewer)
    client.force_login(reviewer)
    html = client.get(entry_url(report)).content.decode()
    assert "尚未说明" not in html
    assert 'data-rule="over_capacity"' in html  # the row still says what is odd


def test_the_latest_return_reason_is_at_the_top_of_the_page(
    client, reviewer, county_official, clerk, report, catalogue
):
    county_official.first_name = "王县"
    county_official.save()
    report_submit(report=_with_open_warning(report, reviewer), user=reviewer)
    report_return(report=report, user=county_official, reason="原煤产量请核实")
    client.force_login(clerk)
    html = client.get(entry_url(report)).content.decode()
    top = html.split('class="message error last-reason"')[1].split("</div>")[0]
    assert "退回理由" in top and "王县" in top and "原煤产量请核实" in top
    assert html.index("last-reason") < html.index("审核记录")


def test_after_a_reopen_its_reason_is_the_one_shown(client, clerk, county_official, report):
    reports_set_status(Report.objects.filter(pk=report.pk), Status.APPROVED)
    report.refresh_from_db()
    report_reopen(report=report, user=county_official, reason="补报路灯")
    client.force_login(clerk)
    html = client.get(entry_url(report)).content.decode()
    top = html.split("last-reason")[1].split("</div>")[0]
    assert "重新打开的理由" in top and "补报路灯" in top


def test_the_progress_page_shows_each_towns_completeness(
    client, county_official, towns, catalogue, reviewer
):
    save_figures(towns[0], 2024, {code: 1 for code in list(catalogue)[:29]}, user=reviewer)
    rows = {
        row.town.code: (row.filled, row.total)
        for row in county_progress(towns[0].parent, 2024, towns)
    }
    client.force_login(county_official)
    html = client.get(f"/progress/?county={towns[0].parent_id}&year=2024").content.decode()
    row = html.split(f'data-town="{towns[0].code}"')[1].split("</tr>")[0]
    assert rows[towns[0].code] == (29, len(catalogue))
    assert f"29/{len(catalogue)}" in row
