import pytest
from django.contrib.auth.models import User

from indicators.models import (
    CatalogueRule,
    DataValue,
    Report,
    ReportTransition,
    Role,
    Source,
    Status,
)
from tests.factories import save_figures, user_with_role

from .conftest import entry_url, form_data


def test_the_rules_page_lists_every_rule_of_the_catalogue(
    catalogue, client, django_assert_max_num_queries
):
    with django_assert_max_num_queries(1):
        html = client.get("/rules/").content.decode()
    for rule in CatalogueRule.objects.all():
        assert f'id="rule-{rule.code}"' in html
        assert rule.title in html
    assert "超能力生产" in html and "原煤产量 不应高于 煤矿设计产能" in html
    assert 'id="rule-outside_bounds"' in html  # the built-in check of the bounds


def test_a_rule_added_to_the_catalogue_shows_on_the_next_load_of_the_rules_page(catalogue, client):
    CatalogueRule.objects.create(
        code="lights_limit",
        kind="change_limit",
        indicator=catalogue["street_lights"],
        limit_percent=50,
        title="路灯变化超过 ±50%",
        explanation="路灯一年之内增减一半以上时请说明。",
        blocks_submit=True,
    )
    html = client.get("/rules/").content.decode()
    rule = html.split('id="rule-lights_limit"')[1].split("</section>")[0]
    assert "路灯变化超过 ±50%" in rule and "比上年变化超过 ±50% 需在备注中说明：安装路灯" in rule
    assert "未写备注不能提交审核" in rule


def test_the_login_page_is_in_chinese(client):
    html = client.get("/accounts/login/").content.decode()
    assert "用户名" in html and "密码" in html and "登录</button>" in html


def test_a_wrong_password_is_refused_in_chinese(client, clerk):
    response = client.post("/accounts/login/", {"username": "clerk", "password": "wrong"})
    assert "请输入一个正确的" in response.content.decode()


def test_signed_in_users_see_their_name_and_a_logout_form(client, clerk):
    clerk.first_name = "张填报"
    clerk.save()
    client.force_login(clerk)
    html = client.get("/rules/").content.decode()
    assert "张填报" in html
    assert 'action="/accounts/logout/" method="post"' in html


def test_logging_out_is_a_post(client, clerk):
    client.force_login(clerk)
    client.post("/accounts/logout/")
    assert "_auth_user_id" not in client.session


def test_town_staff_are_sent_to_their_town_and_the_year_in_progress(client, clerk, towns):
    Report.objects.create(region=towns[0], year=2025)
    client.force_login(clerk)
    response = client.get("/entry/")
    assert response["Location"] == entry_url(towns[0], 2025)


def test_county_officials_are_sent_to_the_progress_page(client, county_official):
    client.force_login(county_official)
    assert client.get("/entry/")["Location"] == "/progress/"


@pytest.fixture
def submitted(report, reviewer, catalogue, client):
    client.force_login(reviewer)
    client.post(
        entry_url(report),
        form_data(
            catalogue, values={"street_lights": "5"}, action="submit", confirm_incomplete=True
        ),
    )
    report.refresh_from_db()
    assert report.status == Status.SUBMITTED
    return report


def transition(client, report, action, reason="", version=None):
    """Post a workflow step as the page does: with the version the page showed."""
    if version is None:
        report.refresh_from_db()
        version = report.version
    data = {"action": action, "reason": reason, "version": str(version)}
    return client.post(entry_url(report) + "transition/", data)


def test_a_county_official_approves_from_the_page(client, submitted, county_official):
    client.force_login(county_official)
    response = transition(client, submitted, "approve")
    submitted.refresh_from_db()
    assert response.status_code == 302
    assert submitted.status == Status.APPROVED


def test_returning_without_a_reason_is_refused_with_a_message(client, submitted, county_official):
    client.force_login(county_official)
    response = transition(client, submitted, "return")
    assert response.status_code == 400
    assert "请填写理由" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_a_returned_report_shows_the_reason_to_the_town(client, submitted, county_official, clerk):
    client.force_login(county_official)
    transition(client, submitted, "return", "路灯数量请核实")
    client.force_login(clerk)
    html = client.get(entry_url(submitted)).content.decode()
    assert "路灯数量请核实" in html and 'data-status="returned"' in html


def test_a_clerk_cannot_approve_through_the_url(client, submitted, clerk):
    client.force_login(clerk)
    assert transition(client, submitted, "approve").status_code == 403
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_a_clerk_of_another_town_cannot_touch_the_workflow(client, submitted, towns):
    client.force_login(user_with_role(Role.CLERK, towns[1], "neighbour"))
    assert transition(client, submitted, "approve").status_code == 403


def test_approving_twice_is_a_conflict(client, submitted, county_official):
    client.force_login(county_official)
    transition(client, submitted, "approve")
    assert transition(client, submitted, "approve").status_code == 409


def test_a_transition_needs_a_post(client, submitted, county_official):
    client.force_login(county_official)
    assert client.get(entry_url(submitted) + "transition/").status_code == 405


def test_history_shows_old_and_new_value_who_when_comment_and_source(
    client, report, catalogue, clerk, reviewer, django_assert_max_num_queries
):
    save_figures(report.region, 2024, {"street_lights": 10}, user=clerk)
    save_figures(
        report.region, 2024, {"street_lights": (12, "补录")}, user=reviewer, source=Source.IMPORT
    )
    client.force_login(clerk)
    with django_assert_max_num_queries(9):
        html = client.get(entry_url(report) + "history/?indicator=street_lights").content.decode()
    rows = html.split("<tbody>")[1].split("</tbody>")[0].split("<tr>")[1:]
    newest = rows[0]
    assert ">10<" in newest and ">12<" in newest and "reviewer" in newest
    assert "补录" in newest and "导入" in newest
    assert "表单" in rows[1] and "clerk" in rows[1]


def test_the_town_year_history_lists_every_indicator_and_the_transitions(
    client, submitted, catalogue, reviewer
):
    client.force_login(reviewer)
    html = client.get(entry_url(submitted) + "history/").content.decode()
    assert "安装路灯" in html
    assert "审核记录" in html and 'data-status="submitted"' in html


def test_history_of_another_town_is_forbidden(client, report, towns):
    client.force_login(user_with_role(Role.CLERK, towns[1], "neighbour"))
    assert client.get(entry_url(report) + "history/").status_code == 403


def test_only_an_administrator_may_remove_history(client, report, catalogue, clerk, admin_user):
    save_figures(report.region, 2024, {"street_lights": 1}, user=clerk)
    record = DataValue.history.get()
    url = f"/admin/indicators/historicaldatavalue/{record.history_id}/delete/"
    staff = User.objects.create_user("staff", is_staff=True)  # staff, but no admin role
    client.force_login(staff)
    assert client.post(url, {"post": "yes"}).status_code == 403
    client.force_login(admin_user)
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not DataValue.history.exists()


def test_every_transition_is_listed_with_who_and_why(client, submitted, county_official):
    client.force_login(county_official)
    transition(client, submitted, "return", "请核实")
    steps = list(
        ReportTransition.objects.filter(report=submitted).values_list("to_status", "reason")
    )
    assert steps == [("submitted", ""), ("returned", "请核实")]


@pytest.mark.parametrize("path", ["entry", "history", "progress", "rules"])
def test_the_pages_render_in_english_too(client, report, county_official, path):
    client.cookies["django_language"] = "en"
    client.force_login(county_official)
    url = {
        "entry": entry_url(report),
        "history": entry_url(report) + "history/",
        "progress": "/progress/?year=2024",
        "rules": "/rules/",
    }[path]
    response = client.get(url)
    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()


def test_approving_from_a_stale_page_is_a_conflict_showing_the_current_figures(
    client, submitted, catalogue, county_official, clerk, reviewer
):
    # The official's page shows the report at this version, with 5 street lights.
    seen = submitted.version
    client.force_login(county_official)
    transition(client, submitted, "return", "路灯数量请核实")
    submitted.refresh_from_db()
    client.force_login(clerk)
    client.post(
        entry_url(submitted),
        form_data(
            catalogue,
            version=submitted.version,
            values={"street_lights": "7"},
            shown={"street_lights": "5"},
        ),
    )
    client.force_login(reviewer)
    transition(client, submitted, "submit")
    steps = ReportTransition.objects.filter(report=submitted).count()

    client.force_login(county_official)
    response = transition(client, submitted, "approve", version=seen)
    html = response.content.decode()
    assert response.status_code == 409
    refusal = html.split('class="message error refusal"')[1].split("</div>")[0]
    assert 'data-code="stale"' in refusal and "在您打开页面之后" in refusal
    assert "数字或状态已有变化" in refusal
    assert '<details class="panel transitions" open>' in html  # what happened meanwhile
    row = html.split('id="row-street_lights"')[1].split("</tr>")[0]
    assert 'class="readonly-value">7<' in row  # the figure as it is now, not the 5 A saw
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED
    assert ReportTransition.objects.filter(report=submitted).count() == steps
    # The page now carries the current version: approving again is deliberate and works.
    assert f'name="version" value="{submitted.version}"' in html
    assert transition(client, submitted, "approve").status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Status.APPROVED


def test_a_stale_return_keeps_the_reason_typed(client, submitted, county_official, reviewer):
    seen = submitted.version
    client.force_login(county_official)
    transition(client, submitted, "return", "请补充备注")
    client.force_login(reviewer)
    transition(client, submitted, "submit")
    client.force_login(county_official)
    response = transition(client, submitted, "return", "原煤产量请核实", version=seen)
    assert response.status_code == 409
    assert "原煤产量请核实</textarea>" in response.content.decode()


def test_a_transition_without_the_page_version_is_refused(client, submitted, county_official):
    client.force_login(county_official)
    url = entry_url(submitted) + "transition/"
    response = client.post(url, {"action": "approve", "reason": ""}, follow=True)
    assert "无法执行此操作" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED


def test_a_save_from_a_page_opened_before_a_return_is_kept_and_shows_the_reason(
    client, report, catalogue, clerk, reviewer, county_official
):
    # Only the status moved meanwhile: no figure conflicts, so the typing is saved,
    # and the page it lands on shows why the county returned the report.
    seen = report.version
    client.force_login(reviewer)
    transition(client, report, "submit")
    client.force_login(county_official)
    transition(client, report, "return", "请核实")
    client.force_login(clerk)
    response = client.post(
        entry_url(report),
        form_data(catalogue, version=seen, values={"street_lights": "3"}),
        follow=True,
    )
    assert "请核实" in response.content.decode()
    assert report.values.get().value == 3
