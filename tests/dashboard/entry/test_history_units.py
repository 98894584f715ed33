"""A figure's history after a unit conversion: the rows before it keep the unit they
were entered in, the conversion is a row of its own, later rows are in the new unit."""

import re
from decimal import Decimal

import pytest

from indicators.catalogue import editing
from indicators.models import Indicator, Report
from indicators.reads.history import report_history
from tests.factories import save_figures

pytestmark = pytest.mark.django_db

CODE = "farmland_built"


@pytest.fixture
def converted(catalogue, towns, clerk, admin_user, monkeypatch):
    """1234.5 亩, then 1300 亩 entered for 2026; then 亩 → 万亩 (× 0.0001); then 0.2 万亩."""
    monkeypatch.setattr("indicators.catalogue.years.current_year", lambda: 2026)
    fields = {
        "code": CODE,
        "section": "industry",
        "name": "高标准农田建设",
        "unit": "亩",
        "value_type": "decimal",
        "decimals": 2,
        "max_value": "100000",
        "aggregation": "sum",
        "active_from": None,
    }
    editing.indicator_add(user=admin_user, fields=fields, reason="新增")
    save_figures(towns[0], 2026, {CODE: "1234.5"}, user=clerk)
    save_figures(towns[0], 2026, {CODE: "1300"}, user=clerk)
    version = editing.indicator_change(
        user=admin_user,
        code=CODE,
        fields={"unit": "万亩", "decimals": 4},
        reason="改用万亩",
        conversion=Decimal("0.0001"),
    )
    save_figures(towns[0], 2026, {CODE: "0.2"}, user=clerk)
    return version


def rows(html: str) -> list[list[str]]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row)]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    ]


def test_the_conversion_records_the_units_it_converted_between(converted):
    change = next(c for c in converted.changes if c["action"] == "converted")
    assert (change["unit_from"], change["unit_to"], change["factor"]) == ("亩", "万亩", "0.0001")


def test_rows_before_the_conversion_keep_the_unit_they_were_entered_in(
    client, clerk, towns, converted
):
    client.force_login(clerk)
    page = client.get(f"/entry/{towns[0].code}/2026/history/", {"indicator": CODE})
    html = page.content.decode()
    assert "高标准农田建设（万亩）" in html
    assert "单位换算以前的数字按填报时的单位显示。" in html
    # time, old, new, who, source, comment — newest first
    shown = [row[1:3] + row[4:] for row in rows(html)]
    assert shown == [
        ["0.1300", "0.2000", "表单", ""],
        ["1300 亩", "0.1300", "单位换算", "单位换算：1300 亩 → 0.13 万亩"],
        ["1234.5 亩", "1300 亩", "表单", ""],
        ["—", "1234.5 亩", "表单", ""],
    ]


def test_the_history_of_every_indicator_marks_the_old_unit_too(towns, converted):
    report = Report.objects.get(region=towns[0], year=2026)
    indicators = {i.code: i for i in Indicator.objects.all()}
    changes = report_history(report, indicators)
    assert [(c.old_text, c.new_text) for c in changes] == [
        ("0.1300", "0.2000"),
        ("1300 亩", "0.1300"),
        ("1234.5 亩", "1300 亩"),
        ("", "1234.5 亩"),
    ]


def test_a_history_without_conversions_reads_no_catalogue_version(
    towns, clerk, catalogue, django_assert_num_queries
):
    save_figures(towns[0], 2026, {"street_lights": 3}, user=clerk)
    report = Report.objects.get(region=towns[0], year=2026)
    indicators = {i.code: i for i in Indicator.objects.all()}
    with django_assert_num_queries(1):
        [change] = report_history(report, indicators)
    assert (change.new_text, change.new_unit, change.note) == ("3", "", "")
