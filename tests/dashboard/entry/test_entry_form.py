from decimal import Decimal

import pytest
from django.contrib.auth.models import User

from indicators.models import DataValue, Report, Role, Status
from tests.factories import (
    ReportFactory,
    TargetFactory,
    reports_set_status,
    save_figures,
    user_with_role,
)

from .conftest import entry_url, form_data


def test_anonymous_visitors_are_sent_to_the_login_page(client, report):
    response = client.get(entry_url(report))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_form_lists_every_indicator_grouped_by_section(client, clerk, report, catalogue):
    client.force_login(clerk)
    response = client.get(entry_url(report))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('class="entry-row') == len(catalogue)
    assert html.count('class="panel entry-section"') == 5
    assert '<span class="count">0</span>/11 已填' in html


def test_each_row_shows_last_years_figure_and_this_years_target(client, clerk, towns, catalogue):
    lights = catalogue["street_lights"]
    save_figures(towns[0], 2023, {"street_lights": 120}, user=clerk)
    TargetFactory(indicator=lights, region=towns[0], year=2024, value=Decimal(150))
    client.force_login(clerk)
    response = client.get(entry_url(towns[0], 2024))
    row = response.content.decode().split('data-code="street_lights"')[1]
    assert '<td class="num previous" data-label="上年">120</td>' in row
    assert '<td class="num target" data-label="本年目标">150</td>' in row


def test_a_clerk_of_town_a_gets_403_on_town_b(client, clerk, towns, catalogue):
    client.force_login(clerk)
    assert client.get(entry_url(towns[1], 2024)).status_code == 403
    response = client.post(entry_url(towns[1], 2024), form_data(catalogue))
    assert response.status_code == 403
    assert not Report.objects.filter(region=towns[1]).exists()


def test_an_official_of_another_county_gets_403(client, towns, other_county, catalogue):
    client.force_login(user_with_role(Role.COUNTY, other_county, "stranger"))
    assert client.get(entry_url(towns[0], 2024)).status_code == 403


@pytest.mark.parametrize("path", ["/entry/999999999999/2024/", "/entry/888801000000/2024/"])
def test_an_unknown_place_or_a_county_has_no_entry_form(client, admin_user, catalogue, path):
    client.force_login(admin_user)
    assert client.get(path).status_code == 404


def test_a_year_out_of_range_is_not_found(client, clerk, towns, catalogue):
    client.force_login(clerk)
    assert client.get(entry_url(towns[0], 1990)).status_code == 404


def test_viewing_the_form_creates_no_report(client, county_official, towns, catalogue):
    client.force_login(county_official)
    assert client.get(entry_url(towns[2], 2024)).status_code == 200
    assert not Report.objects.exists()


def test_a_clerk_saves_figures_typed_the_way_people_type_them(client, clerk, report, catalogue):
    client.force_login(clerk)
    typed = {
        "street_lights": "１２３",
        "raw_coal_output": "1,234.5",
        "washed_coal_output": "1，034.5",
        "public_toilets": "  7 ",
        "garbage_trucks": "-",
    }
    response = client.post(entry_url(report), form_data(catalogue, values=typed))
    assert response.status_code == 302
    saved = dict(report.values.values_list("indicator_id", "value"))
    assert saved == {
        "street_lights": Decimal(123),
        "raw_coal_output": Decimal("1234.5"),
        "washed_coal_output": Decimal("1034.5"),
        "public_toilets": Decimal(7),
    }
    report.refresh_from_db()
    assert report.version == 1


@pytest.mark.parametrize(
    ("code", "typed", "message"),
    [
        ("street_lights", "abc", "“abc”不是数字"),
        ("street_lights", "-5", "不能为负数"),
        ("street_lights", "12.5", "应为整数"),
        ("raw_coal_output", "12.345", "最多保留 2 位小数"),
        ("village_health_coverage", "101", "超出合理范围"),
        ("street_lights", "NaN", "不接受 NaN 或无穷大"),
        ("street_lights", "Infinity", "不接受 NaN 或无穷大"),
        ("street_lights", "1,23", "千分位逗号的位置不对"),
    ],
)
def test_a_refused_figure_shows_its_message_next_to_its_field_and_nothing_saves(
    client, clerk, report, catalogue, code, typed, message
):
    client.force_login(clerk)
    values = {code: typed, "public_toilets": "3"}
    response = client.post(entry_url(report), form_data(catalogue, values=values))
    html = response.content.decode()
    assert response.status_code == 400
    row = html.split(f'data-code="{code}"')[1].split("</tr>")[0]
    assert message in row
    assert f'value="{typed}"' in row  # what was typed is kept
    assert 'value="3"' in html.split('data-code="public_toilets"')[1]
    assert not DataValue.objects.exists()


def test_every_error_is_shown_at_once(client, clerk, report, catalogue):
    client.force_login(clerk)
    values = {"street_lights": "abc", "public_toilets": "-1", "garbage_trucks": "1.5"}
    response = client.post(entry_url(report), form_data(catalogue, values=values))
    assert response.content.decode().count('class="field-error"') == 3
    assert "有 3 处填写有误" in response.content.decode()


def test_a_comment_without_a_figure_is_refused_rather_than_lost(client, clerk, report, catalogue):
    client.force_login(clerk)
    data = form_data(catalogue, comments={"street_lights": "今年未统计"})
    response = client.post(entry_url(report), data)
    assert response.status_code == 400
    assert "备注随数字保存" in response.content.decode()


def test_a_stale_save_keeps_what_others_changed_and_saves_the_rest(
    client, clerk, reviewer, report, catalogue
):
    # The two tabs: A sets a figure; B, on a page opened before, edits another.
    save_figures(report.region, 2024, {"street_lights": 10}, user=clerk)
    reviewer.first_name = "李审核"
    reviewer.save()
    save_figures(report.region, 2024, {"villages_collective_economy": 13}, user=reviewer)
    client.force_login(clerk)
    data = form_data(
        catalogue, version=1, values={"public_toilets": "4"}, shown={"street_lights": "10"}
    )

    response = client.post(entry_url(report), data, follow=True)

    assert response.redirect_chain[-1][1] == 302
    assert dict(report.values.values_list("indicator_id", "value")) == {
        "street_lights": Decimal(10),
        "villages_collective_economy": Decimal(13),
        "public_toilets": Decimal(4),
    }
    assert "李审核 修改了 1 项（集体经济达标村" in response.content.decode()


def test_saving_after_a_merge_never_clears_a_figure_the_user_did_not_clear(
    client, clerk, reviewer, report, catalogue
):
    save_figures(report.region, 2024, {"villages_collective_economy": 13}, user=reviewer)
    client.force_login(clerk)
    stale = form_data(catalogue, version=0, values={"public_toilets": "4"})
    client.post(entry_url(report), stale)
    # The same stale page saved again, as the old conflict message invited.
    client.post(entry_url(report), form_data(catalogue, version=0, values={"public_toilets": "5"}))
    assert report.values.get(indicator_id="villages_collective_economy").value == 13


def test_a_figure_both_changed_is_shown_side_by_side_and_nothing_is_saved(
    client, clerk, reviewer, report, catalogue
):
    save_figures(report.region, 2024, {"street_lights": 10}, user=clerk)
    reviewer.first_name = "李审核"
    reviewer.save()
    save_figures(report.region, 2024, {"street_lights": 12}, user=reviewer)
    client.force_login(clerk)
    data = form_data(
        catalogue,
        version=1,
        values={"street_lights": "11", "public_toilets": "4"},
        shown={"street_lights": "10"},
    )

    response = client.post(entry_url(report), data)

    html = response.content.decode()
    assert response.status_code == 409
    table = html.split('class="message error merge-conflicts"')[1].split("</table>")[0]
    assert "安装路灯" in table and ">11<" in table and ">12<" in table and "李审核" in table
    assert 'value="4"' in html.split('data-code="public_toilets"')[1]
    assert 'name="version" value="2"' in html
    assert report.values.get().value == 12

    # Saving the merged page keeps the clerk's choice: a deliberate decision now.
    again = form_data(
        catalogue,
        version=2,
        values={"street_lights": "11", "public_toilets": "4"},
        shown={"street_lights": "12"},
    )
    assert client.post(entry_url(report), again).status_code == 302
    assert dict(report.values.values_list("indicator_id", "value")) == {
        "street_lights": Decimal(11),
        "public_toilets": Decimal(4),
    }


def test_a_figure_someone_removed_meanwhile_is_a_conflict_too(
    client, clerk, reviewer, report, catalogue
):
    save_figures(report.region, 2024, {"street_lights": 10}, user=clerk)
    save_figures(report.region, 2024, {"street_lights": None}, user=reviewer)
    client.force_login(clerk)
    data = form_data(
        catalogue, version=1, values={"street_lights": "11"}, shown={"street_lights": "10"}
    )
    response = client.post(entry_url(report), data)
    table = response.content.decode().split('class="message error merge-conflicts"')[1]
    assert response.status_code == 409
    assert "安装路灯" in table.split("</table>")[0] and "reviewer" in table.split("</table>")[0]
    assert not report.values.exists()


def test_the_reviewer_saves_and_submits_in_one_step(client, reviewer, report, catalogue):
    client.force_login(reviewer)
    data = form_data(
        catalogue, values={"street_lights": "5"}, action="submit", confirm_incomplete=True
    )
    assert client.post(entry_url(report), data).status_code == 302
    report.refresh_from_db()
    assert (report.status, report.values.count()) == (Status.SUBMITTED, 1)


def test_a_clerk_sees_no_submit_button_and_cannot_submit(client, clerk, report, catalogue):
    client.force_login(clerk)
    assert "提交审核</button>" not in client.get(entry_url(report)).content.decode()
    data = form_data(
        catalogue, values={"street_lights": "5"}, action="submit", confirm_incomplete=True
    )
    response = client.post(entry_url(report), data)
    assert response.status_code == 403
    report.refresh_from_db()
    assert (report.status, report.values.count()) == (Status.DRAFT, 0)


def test_submission_refused_for_missing_comments_keeps_the_typing(
    client, reviewer, towns, catalogue
):
    save_figures(towns[0], 2023, {"street_lights": 100}, user=reviewer)
    report = ReportFactory(region=towns[0], year=2024)
    client.force_login(reviewer)
    data = form_data(
        catalogue, values={"street_lights": "300"}, action="submit", confirm_incomplete=True
    )
    response = client.post(entry_url(report), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "没有备注" in html and 'value="300"' in html
    refusal = html.split('data-code="comment_required"')[1].split("</div>")[0]
    assert '<a href="#row-street_lights"><strong>安装路灯</strong></a>' in refusal
    notes = html.split('class="entry-notes" data-code="street_lights"')[1].split("</tr>")[0]
    assert 'data-rule="change_over_30_percent"' in notes
    assert not report.values.exists()


def test_approved_figures_show_read_only_and_refuse_a_save(client, clerk, report, catalogue):
    save_figures(report.region, 2024, {"street_lights": 7}, user=clerk)
    reports_set_status(Report.objects.filter(pk=report.pk), Status.APPROVED)
    client.force_login(clerk)
    html = client.get(entry_url(report)).content.decode()
    assert 'name="value-street_lights"' not in html
    assert '<span class="readonly-value">7</span>' in html
    assert "保存草稿" not in html
    response = client.post(
        entry_url(report),
        form_data(
            catalogue, version=1, values={"street_lights": "8"}, shown={"street_lights": "7"}
        ),
    )
    assert response.status_code == 409
    assert "已审核锁定" in response.content.decode()
    assert report.values.get().value == 7


def test_warnings_show_inline_next_to_their_row(client, clerk, report, catalogue):
    save_figures(
        report.region, 2024, {"raw_coal_output": 150, "coal_design_capacity": 120}, user=clerk
    )
    client.force_login(clerk)
    html = client.get(entry_url(report)).content.decode()
    notes = html.split('class="entry-notes" data-code="raw_coal_output"')[1].split("</tr>")[0]
    assert 'data-rule="over_capacity"' in notes
    assert "超能力生产：原煤产量 150 万吨，高于煤矿设计产能 120 万吨／年" in notes


@pytest.mark.parametrize("filled", [0, 41])
def test_the_form_takes_a_fixed_number_of_queries(
    client, clerk, report, catalogue, django_assert_max_num_queries, filled
):
    figures = {i.code: i.min_value for i in list(catalogue.values())[:filled]}
    if figures:
        save_figures(report.region, 2024, figures, user=clerk)
    client.force_login(clerk)
    # 13: the catalogue's rules; one for the town's name in the report's year.
    with django_assert_max_num_queries(13):
        assert client.get(entry_url(report)).status_code == 200


@pytest.mark.parametrize(
    ("role", "buttons"),
    [
        (Role.CLERK, {"保存草稿"}),
        (Role.REVIEWER, {"保存草稿", "提交审核"}),
        (Role.COUNTY, set()),
    ],
)
def test_the_buttons_match_the_users_rights_on_a_draft(client, report, towns, role, buttons):
    region = towns[0] if role != Role.COUNTY else towns[0].parent
    client.force_login(user_with_role(role, region, f"user-{role}"))
    html = client.get(entry_url(report)).content.decode()
    shown = {b for b in ["保存草稿", "提交审核", "审核通过", "重新打开"] if f"{b}</button>" in html}
    assert shown == buttons


def test_a_county_official_sees_approve_and_return_on_submitted_figures(
    client, report, county_official
):
    reports_set_status(Report.objects.filter(pk=report.pk), Status.SUBMITTED)
    client.force_login(county_official)
    html = client.get(entry_url(report)).content.decode()
    assert "审核通过</button>" in html and "退回</button>" in html
    assert "保存草稿" not in html


def test_users_without_a_profile_are_refused(client, report):
    client.force_login(User.objects.create_user("nobody"))
    assert client.get(entry_url(report)).status_code == 403


def test_a_post_without_the_page_version_is_refused_not_an_error(client, clerk, report, catalogue):
    client.force_login(clerk)
    data = form_data(catalogue, values={"street_lights": "5"})
    data["version"] = "abc"
    response = client.post(entry_url(report), data)
    assert response.status_code == 400
    assert "请刷新页面" in response.content.decode()
    assert not report.values.exists()


def test_clearing_a_figure_keeps_the_comment_as_the_reason_in_history(
    client, clerk, report, catalogue
):
    save_figures(report.region, 2024, {"street_lights": 7}, user=clerk)
    client.force_login(clerk)
    data = form_data(
        catalogue,
        version=1,
        values={"street_lights": ""},
        comments={"street_lights": "重复统计，删除"},
        shown={"street_lights": "7"},
    )
    assert client.post(entry_url(report), data).status_code == 302
    assert not report.values.exists()
    removal = DataValue.history.filter(history_type="-").get()
    assert (removal.comment, removal.history_user) == ("重复统计，删除", clerk)
