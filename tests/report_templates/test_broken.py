"""The last safety net: a report whose installation template no longer binds to the
catalogue answers 409 with the file and line to fix (page, Word file, API), and the
error is logged; never a 500."""

import logging
import re

import pytest
from django.db.models import Q
from rest_framework.test import APIClient

from indicators.accounts.tokens import token_issue
from indicators.catalogue.editing import indicator_change
from indicators.models import CatalogueRule, Indicator

pytestmark = pytest.mark.django_db

TOWN = "888801101000"
COUNTY = "888801000000"
LINE = re.compile(r"01_industry\.txt 第 (\d+) 行：指标目录中没有“原煤产量”")


@pytest.fixture
def moved(catalogue, towns, admin_user):
    """原煤产量 gone from the catalogue (an import deletes an indicator without figures):
    01_industry.txt names it, and a file cannot follow."""
    CatalogueRule.objects.filter(
        Q(indicator="raw_coal_output") | Q(other="raw_coal_output")
    ).delete()
    Indicator.objects.filter(code="raw_coal_output").delete()


def test_an_indicator_moved_to_another_section_still_prints_where_the_file_names_it(
    client, catalogue, towns, admin_user
):
    indicator_change(
        user=admin_user, code="raw_coal_output", fields={"section": "urbanisation"}, reason="移"
    )
    client.force_login(admin_user)
    assert client.get(f"/report/{TOWN}/2025/").status_code == 200


def test_the_report_page_and_word_file_say_which_line_to_fix(
    client, moved, admin_user, reviewer, caplog
):
    for user, may_edit in ((admin_user, True), (reviewer, True)):
        client.force_login(user)
        with caplog.at_level(logging.ERROR, logger="indicators.reports.broken"):
            response = client.get(f"/report/{TOWN}/2025/")
        assert response.status_code == 409
        html = response.content.decode()
        assert LINE.search(html), html
        assert "请管理员修改模板的这一行" in html
        assert (f"/report/{TOWN}/templates/01_industry/" in html) is may_edit
        assert any(TOWN in record.getMessage() for record in caplog.records)
        word = client.get(f"/report/{TOWN}/2025/docx/")
        assert word.status_code == 409
        assert LINE.search(word.content.decode())


def test_a_clerk_sees_the_message_without_the_editor(client, moved, clerk):
    client.force_login(clerk)
    response = client.get(f"/report/{COUNTY}/2024/")
    assert response.status_code == 409
    html = response.content.decode()
    assert LINE.search(html) and "/templates/01_industry/" not in html


@pytest.mark.parametrize("fmt", ["json", "html", "docx"])
def test_the_api_answers_409_in_its_error_shape(moved, admin_user, fmt):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_issue(user=admin_user)}")
    response = client.get(f"/api/v1/reports/{TOWN}/2025/?format={fmt}")
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "report_template_error"
    assert LINE.search(error["message"])


def test_the_template_editor_still_opens(client, moved, admin_user):
    client.force_login(admin_user)
    assert client.get(f"/report/{TOWN}/templates/").status_code == 200
    assert client.get(f"/report/{TOWN}/templates/01_industry/").status_code == 200
