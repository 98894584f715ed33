"""The template editor opened from a year's report: that year's headings, preview and
picker (no indicator retired by then or not yet reported), and people by their names."""

import pytest

from indicators.models import Indicator, Role
from indicators.reports.editing import template_save
from tests import factories

TOWN = "888801101000"
INDUSTRY = f"/report/{TOWN}/templates/01_industry/"

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, reviewer, catalogue):
    client.force_login(reviewer)
    return client


def picker(html: str) -> str:
    return html.split('class="panel template-picker"', 1)[1].split("</aside>", 1)[0]


def test_the_report_of_2026_opens_the_templates_of_2026(signed_in):
    report = signed_in.get(f"/report/{TOWN}/2026/").content.decode()
    assert f'href="/report/{TOWN}/templates/?year=2026"' in report
    listing = signed_in.get(f"/report/{TOWN}/templates/", {"year": 2026}).content.decode()
    assert "查看 2026 年度工作报告" in listing
    assert f'href="{INDUSTRY}?year=2026"' in listing


def test_the_editor_previews_the_year_it_was_opened_for(signed_in):
    page = signed_in.get(INDUSTRY, {"year": 2026})
    assert page.context["form"]["year"].value() == 2026
    assert page.context["preview_year"] == 2026
    assert f'href="/report/{TOWN}/2026/"' in page.content.decode()
    default = signed_in.get(INDUSTRY)
    assert default.context["preview_year"] == 2025  # the last whole year


@pytest.mark.parametrize("year", ["1999", "2100", "x", ""])
def test_a_year_outside_the_reports_falls_back_to_the_default(signed_in, year):
    assert signed_in.get(INDUSTRY, {"year": year}).context["preview_year"] == 2025


def test_the_picker_offers_what_the_catalogue_asks_that_year(signed_in):
    Indicator.objects.filter(code="jobs_created").update(retired_from=2026)
    Indicator.objects.filter(code="income_gain_per_capita").update(active_from=2027)
    this_year = picker(signed_in.get(INDUSTRY, {"year": 2026}).content.decode())
    assert "【带动就业】" not in this_year  # retired from 2026
    assert "【人均增收】" not in this_year  # reported from 2027
    assert "【原煤产量】" in this_year
    earlier = picker(signed_in.get(INDUSTRY, {"year": 2025}).content.decode())
    assert "【带动就业】" in earlier
    assert "【人均增收】" not in earlier


def test_versions_name_who_saved_them_as_other_history_pages_do(signed_in, towns):
    saver = factories.user_with_role(Role.REVIEWER, towns[0], "li")
    saver.first_name = "测试1镇 李审核"
    saver.save()
    template_save(saver, towns[0], "99_closing", "下一步，继续努力。\n", "改写")
    closing = f"/report/{TOWN}/templates/99_closing/"
    for url in (closing, f"/report/{TOWN}/templates/", f"{closing}compare/"):
        html = signed_in.get(url).content.decode()
        assert "测试1镇 李审核" in html, url
        assert "· li<" not in html and ">li<" not in html, url
