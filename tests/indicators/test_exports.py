"""Formula injection: no CSV or XLSX the product writes holds a cell that becomes a formula."""

import csv
import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from rest_framework.test import APIClient

from indicators.models import Role, Source
from indicators.reads.exports import safe_cell
from tests import factories

EVIL = '=HYPERLINK("http://evil.example","x")'
COUNTY = "888801000000"


# The function


@pytest.mark.parametrize(
    "text",
    [
        "=1+1",
        EVIL,
        "+1+1",
        "-2+3",
        "-cmd|' /C calc'!A0",
        "@SUM(A1:A2)",
        "\t=1+1",
        "\r=1+1",
        "-",
        "+",
        "-1.2.3",
        "- 5",
        "-5 ",
        "-١",  # an Arabic-Indic digit is not a plain number
    ],
)
def test_a_text_that_could_start_a_formula_gets_an_apostrophe(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["-5", "-1.25", "+3", "-0.5", "-.5", "-5.", "-1E+5", "+2e-3"])
def test_plain_numbers_stay_as_they_are(text):
    assert safe_cell(text) is text


@pytest.mark.parametrize(
    "value",
    ["原煤产量", "", "1+1", "a=b", "'=1+1", "－5", "＝1+1", "100.25", "888801101000"],
)
def test_other_texts_stay_as_they_are(value):
    assert safe_cell(value) is value


@pytest.mark.parametrize(
    "value",
    [None, -5, 0, Decimal("-1.25"), -0.5, True, date(2024, 1, 1), datetime(2024, 1, 1, 8)],
)
def test_values_that_are_not_text_pass_through(value):
    assert safe_cell(value) is value


# End to end


@pytest.fixture
def evil_town(county):
    """A town whose name is a formula, with an approved figure."""
    return factories.town(county, 1, "=1+1")


def test_an_anonymous_targets_csv_neutralises_a_comment_formula(catalogue, county, county_official):
    official = APIClient()
    official.force_authenticate(county_official)
    year = timezone.localdate().year
    row = {"indicator": "raw_coal_output", "region": COUNTY, "year": year, "value": "350"}
    written = official.post(
        "/api/v1/targets/bulk/", {"values": [{**row, "comment": EVIL}]}, format="json"
    )
    assert written.json()["created"] == 1
    response = APIClient().get("/api/v1/targets/?format=csv")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    (target,) = csv.DictReader(io.StringIO(text))
    assert target["comment"] == "'" + EVIL
    assert target["value"] == "350.00"
    assert "\n=HYPERLINK" not in text and ",=HYPERLINK" not in text


def test_an_anonymous_targets_xlsx_neutralises_a_comment_formula(catalogue, county):
    factories.TargetFactory(
        indicator=catalogue["raw_coal_output"], region=county, year=2026, comment=EVIL
    )
    response = APIClient().get("/api/v1/targets/?format=xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)))["目标"]
    comment = sheet["H2"]
    assert (comment.data_type, comment.value) == ("s", "'" + EVIL)
    assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)


def test_a_town_named_as_a_formula_is_text_in_the_api_values_xlsx(catalogue, evil_town, admin_user):
    factories.save_figures(evil_town, 2024, {"raw_coal_output": "5"}, user=admin_user)
    client = APIClient()
    client.force_authenticate(admin_user)
    response = client.get("/api/v1/values/?format=xlsx")
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    name = book["数字"]["E2"]
    assert (name.data_type, name.value) == ("s", "'=1+1")
    wide = book["宽表"]["B2"]
    assert (wide.data_type, wide.value) == ("s", "'=1+1")


def dashboard_download(client, fmt: str):
    return client.get(
        "/indicators/raw_coal_output/",
        {"county": COUNTY, "export": fmt, "table": "raw_coal_output", "unapproved": 1},
    )


@pytest.fixture
def evil_dashboard(client, catalogue, evil_town, admin_user):
    clerk = factories.user_with_role(Role.CLERK, evil_town, "evil-clerk")
    factories.save_figures(evil_town, 2024, {"raw_coal_output": "5"}, user=clerk)
    factories.save_figures(evil_town, 2025, {"raw_coal_output": "7.5"}, user=clerk)
    client.force_login(admin_user)
    return client


def test_a_town_named_as_a_formula_is_text_in_the_dashboard_xlsx(evil_dashboard):
    response = dashboard_download(evil_dashboard, "xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    label = next(row[0] for row in sheet.iter_rows() if "1+1" in str(row[0].value))
    assert label.data_type == "s", "not a formula ('f')"
    assert label.value == "'=1+1"
    figures = [cell for cell in next(r for r in sheet.iter_rows() if r[0] is label)[1:]]
    assert [cell.data_type for cell in figures[:2]] == ["n", "n"], "figures stay numbers"
    assert [cell.value for cell in figures[:2]] == [5, 7.5]
    assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)


def test_a_town_named_as_a_formula_is_text_in_the_dashboard_csv(evil_dashboard):
    response = dashboard_download(evil_dashboard, "csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    town = next(row for row in rows if "1+1" in row[0])
    assert town[0] == "'=1+1"
    assert town[1:3] == ["5.00*", "7.50*"], "figures are written as before"


def test_the_values_csv_keeps_figures_as_plain_numbers(catalogue, towns, admin_user):
    factories.save_figures(towns[0], 2024, {"raw_coal_output": "1234.5"}, user=admin_user)
    client = APIClient()
    client.force_authenticate(admin_user)
    response = client.get("/api/v1/values/?format=csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    (row,) = csv.DictReader(io.StringIO(text))
    assert row["value"] == "1234.50"
    assert row["region"] == towns[0].code
    assert row["year"] == "2024"
    assert "'" not in text


def test_every_csv_cell_of_the_api_goes_through_safe_cell(catalogue, county, admin_user):
    from indicators.api.renderers import csv_text

    text = csv_text(["=a", "b"], [["-5", "-2+3"], [Decimal("-1.50"), None], ["@x", 3]])
    assert list(csv.reader(io.StringIO(text.removeprefix("\ufeff")))) == [
        ["'=a", "b"],
        ["-5", "'-2+3"],
        ["-1.50", ""],
        ["'@x", "3"],
    ]


def test_the_write_path_accepts_a_formula_comment_unchanged(catalogue, towns, admin_user):
    """Neutralising is an export concern: the stored comment is what the user typed."""
    from indicators.models import DataValue

    factories.save_figures(
        towns[0], 2024, {"raw_coal_output": ("5", EVIL)}, user=admin_user, source=Source.FORM
    )
    assert DataValue.objects.get().comment == EVIL
