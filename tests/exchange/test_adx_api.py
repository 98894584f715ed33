"""ADX out and in over the API: the round trip, changes, refusals and visibility."""

from decimal import Decimal

import pytest
from django.core.cache import cache
from lxml import etree
from rest_framework.test import APIClient

from indicators.accounts.tokens import token_issue
from indicators.api.counters import forget_all
from indicators.exchange.adx import adx_figures
from indicators.exchange.models import AdxMapping, MappingKind
from indicators.figures import figures_import
from indicators.models import DataValue, Report, Role, Source, Status
from tests import factories
from tests.factories import reports_set_status

pytestmark = pytest.mark.django_db

URL = "/api/v1/adx/"
NS = {"adx": "urn:ihe:qrph:adx:2015"}
YEAR = 2024


@pytest.fixture(autouse=True)
def fresh_throttle_counts():
    cache.clear()
    forget_all()
    yield
    forget_all()


def api_for(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_issue(user=user)}")
    return client


def save(town, figures: dict, user) -> None:
    rows = factories.figure_rows(town, YEAR, figures)
    assert not figures_import(rows=rows, user=user, source=Source.FORM).conflicts


@pytest.fixture
def town(catalogue, towns):
    """A draft with a public figure (with a comment) and a non-public one."""
    town = towns[0]
    save(
        town,
        {"raw_coal_output": ("1200.50", "新矿投产"), "street_lights": 40, "petitions_handled": 7},
        user=factories.user_with_role(Role.CLERK, town, "writer"),
    )
    return town


def export(client, town, year=YEAR) -> bytes:
    response = client.get(URL, {"region": town.code, "year": year})
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/adx+xml")
    return response.content


def post(client, body: bytes, dry_run="false", content_type="application/adx+xml"):
    return client.generic("POST", f"{URL}?dry_run={dry_run}", body, content_type=content_type)


def stored(town, year=YEAR) -> dict:
    values = DataValue.objects.filter(report__region=town, report__year=year)
    return dict(values.values_list("indicator_id", "value"))


def message(
    *values, org_unit="888801101000", period=f"{YEAR}-01-01/P1Y", dataset="TOWN_INDICATORS"
):
    lines = "".join(
        f'<dataValue dataElement="{element}" value="{value}"/>' for element, value in values
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<adx xmlns="urn:ihe:qrph:adx:2015" exported="2026-01-01T00:00:00+00:00">'
        f'<group orgUnit="{org_unit}" period="{period}" dataSet="{dataset}">{lines}</group>'
        "</adx>"
    ).encode()


def test_export_is_an_adx_message_with_yearly_period_and_mapped_identifiers(town, clerk):
    AdxMapping.objects.create(kind=MappingKind.REGION, code=town.code, dhis2_id="OU0000001aa")
    AdxMapping.objects.create(
        kind=MappingKind.INDICATOR,
        code="street_lights",
        dhis2_id="DE00000001a",
        category_option_combo="HllvX50cXC0",
    )
    AdxMapping.objects.create(kind=MappingKind.DATASET, code="", dhis2_id="DS0000001ab")
    root = etree.fromstring(export(api_for(clerk), town))
    group = root.find("adx:group", NS)
    assert root.tag == "{urn:ihe:qrph:adx:2015}adx" and root.get("exported")
    assert (group.get("orgUnit"), group.get("period"), group.get("dataSet")) == (
        "OU0000001aa",
        "2024-01-01/P1Y",
        "DS0000001ab",
    )
    values = {
        node.get("dataElement"): (node.get("value"), node.get("categoryOptionCombo"))
        for node in group.findall("adx:dataValue", NS)
    }
    # Unmapped indicators fall back to their own code; figures lose trailing zeros.
    assert values["DE00000001a"] == ("40", "HllvX50cXC0")
    assert values["raw_coal_output"] == ("1200.5", None)
    annotation = group.find("adx:dataValue[@dataElement='raw_coal_output']/adx:annotation", NS)
    assert annotation.text == "新矿投产"


def test_an_exported_town_year_imports_back_with_no_changes(town, clerk):
    client = api_for(clerk)
    body = export(client, town)
    before = stored(town)
    response = post(client, body)
    summary = response.json()
    assert response.status_code == 200, summary
    assert (summary["created"], summary["updated"], summary["deleted"]) == (0, 0, 0)
    assert summary["unchanged"] == 3
    assert stored(town) == before


def test_a_modified_message_changes_exactly_its_figures_with_source_adx(town, clerk):
    client = api_for(clerk)
    body = export(client, town).replace(b'value="40"', b'value="41"')
    response = post(client, body)
    assert response.json()["updated"] == 1 and response.json()["unchanged"] == 2
    assert stored(town)["street_lights"] == Decimal("41")
    assert stored(town)["raw_coal_output"] == Decimal("1200.5")
    figure = DataValue.objects.get(report__region=town, indicator_id="street_lights")
    assert figure.source == Source.ADX
    assert DataValue.objects.get(indicator_id="raw_coal_output").source != Source.ADX


def test_a_dry_run_reports_the_change_and_writes_nothing(town, clerk):
    client = api_for(clerk)
    body = export(client, town).replace(b'value="40"', b'value="41"')
    response = post(client, body, dry_run="true")
    assert response.json()["dry_run"] is True and response.json()["updated"] == 1
    assert stored(town)["street_lights"] == Decimal("40")


@pytest.mark.parametrize("dry_run", ["", "yes", "1", "True"])
def test_dry_run_must_be_true_or_false(town, clerk, dry_run):
    response = post(api_for(clerk), message(("street_lights", "1")), dry_run=dry_run)
    assert response.status_code == 400
    assert "dry_run" in response.json()["error"]["message"]


def test_a_mapped_org_unit_and_data_element_are_read_back_as_our_codes(town, clerk):
    AdxMapping.objects.create(kind=MappingKind.REGION, code=town.code, dhis2_id="OU0000001aa")
    AdxMapping.objects.create(kind=MappingKind.INDICATOR, code="street_lights", dhis2_id="DE1")
    response = post(api_for(clerk), message(("DE1", "55"), org_unit="OU0000001aa"))
    assert response.status_code == 200, response.json()
    assert stored(town)["street_lights"] == Decimal("55")


def test_an_org_unit_outside_the_mapping_is_an_unknown_region_conflict(town, clerk):
    response = post(api_for(clerk), message(("street_lights", "1"), org_unit="XYZ123"))
    conflict = response.json()["conflicts"][0]
    assert response.status_code == 409
    assert conflict["code"] == "unknown_region" and "XYZ123" in conflict["message"]
    assert stored(town)["street_lights"] == Decimal("40")


def test_a_mapped_code_is_known_only_by_its_dhis2_identifier(town, clerk):
    AdxMapping.objects.create(kind=MappingKind.INDICATOR, code="street_lights", dhis2_id="DE1")
    response = post(api_for(clerk), message(("street_lights", "1"), ("raw_coal_output", "9")))
    assert response.status_code == 409
    assert [c["code"] for c in response.json()["conflicts"]] == ["unknown_indicator"]
    assert stored(town)["raw_coal_output"] == Decimal("1200.5")


def test_the_same_figure_twice_is_a_duplicate_and_nothing_is_written(town, clerk):
    response = post(api_for(clerk), message(("street_lights", "1"), ("street_lights", "2")))
    assert response.status_code == 409
    assert "duplicate" in [c["code"] for c in response.json()["conflicts"]]
    assert stored(town)["street_lights"] == Decimal("40")


@pytest.mark.parametrize("period", ["2024-01-01/P1M", "2024Q1", "2024", "2024-07-01/P1Y"])
def test_a_period_that_is_not_a_calendar_year_is_refused(town, clerk, period):
    response = post(api_for(clerk), message(("street_lights", "1"), period=period))
    error = response.json()["error"]
    assert response.status_code == 400 and error["code"] == "invalid_adx"
    assert period in error["message"] and error["details"]["problems"][0]["line"] == 1
    assert stored(town)["street_lights"] == Decimal("40")


@pytest.mark.parametrize(
    "body",
    [
        b"<adx xmlns='urn:ihe:qrph:adx:2015'><group",
        b"<adx><group/></adx>",
        b"",
        message(("street_lights", "")),
        message(("street_lights", "1"), dataset="OTHER"),
        message(("street_lights", "1")).replace(b'value="1"', b'value="1" SEX="M"'),
    ],
    ids=["truncated", "no-namespace", "empty", "blank-value", "other-dataset", "disaggregated"],
)
def test_a_malformed_message_is_a_400_with_a_chinese_message(town, clerk, body):
    response = post(api_for(clerk), body)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_adx"
    assert "ADX 报文有误" in response.json()["error"]["message"]


def test_external_entities_are_refused_and_never_read(town, clerk, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    body = (
        f'<?xml version="1.0"?><!DOCTYPE adx [<!ENTITY x SYSTEM "file://{secret}">]>'
        '<adx xmlns="urn:ihe:qrph:adx:2015"><group orgUnit="888801101000" '
        'period="2024-01-01/P1Y" dataSet="TOWN_INDICATORS">'
        '<dataValue dataElement="street_lights" value="1"><annotation>&x;</annotation>'
        "</dataValue></group></adx>"
    ).encode()
    response = post(api_for(clerk), body)
    assert response.status_code == 400 and "DOCTYPE" in response.json()["error"]["message"]
    assert b"TOP-SECRET" not in response.content
    assert DataValue.objects.get(indicator_id="street_lights").comment == ""


def test_a_body_that_is_not_xml_is_a_415(town, clerk):
    response = post(api_for(clerk), b"{}", content_type="application/json")
    assert response.status_code == 415
    assert "application/adx+xml" in response.json()["error"]["message"]


def test_import_needs_a_user_with_write_rights_for_the_town(town, towns, county_official):
    anonymous = post(APIClient(), message(("street_lights", "1")))
    assert anonymous.status_code == 401
    assert post(api_for(county_official), message(("street_lights", "1"))).status_code == 403
    stranger = factories.user_with_role(Role.CLERK, towns[1], "stranger")
    response = post(api_for(stranger), message(("street_lights", "1")))
    assert response.status_code == 409
    assert response.json()["conflicts"][0]["code"] == "forbidden"


def test_an_approved_town_year_is_locked_for_adx_too(town, clerk):
    reports_set_status(Report.objects.filter(region=town, year=YEAR), Status.APPROVED)
    response = post(api_for(clerk), message(("street_lights", "2")))
    assert response.json()["conflicts"][0]["code"] == "locked"


def test_anonymous_export_holds_only_approved_public_figures(town, clerk):
    assert b"dataValue" not in export(APIClient(), town)  # a draft
    reports_set_status(Report.objects.filter(region=town, year=YEAR), Status.APPROVED)
    root = etree.fromstring(export(APIClient(), town))
    elements = {node.get("dataElement") for node in root.iterfind(".//adx:dataValue", NS)}
    assert elements == {"raw_coal_output", "street_lights"}  # not petitions_handled
    own = etree.fromstring(export(api_for(clerk), town))
    assert len(own.findall(".//adx:dataValue", NS)) == 3


def test_export_of_a_county_holds_a_group_per_town(town, towns):
    save(towns[1], {"street_lights": 3}, user=factories.user_with_role(Role.ADMIN, None, "boss"))
    reports_set_status(Report.objects.filter(year=YEAR), Status.APPROVED)
    root = etree.fromstring(export(APIClient(), town.parent))
    assert [group.get("orgUnit") for group in root.findall("adx:group", NS)] == [
        towns[0].code,
        towns[1].code,
    ]


@pytest.mark.parametrize("extra_towns", [0, 20])
def test_the_figures_of_an_export_are_read_in_one_query(
    town, county, admin_user, extra_towns, django_assert_num_queries
):
    for number in range(10, 10 + extra_towns):
        other = factories.town(county, number)
        save(other, {"street_lights": number, "raw_coal_output": "1.5"}, user=admin_user)
    with django_assert_num_queries(1):
        figures = adx_figures(admin_user, county, YEAR)
    assert len(figures) == 3 + 2 * extra_towns


@pytest.mark.parametrize(
    "query",
    [
        {"year": YEAR},
        {"region": "12", "year": YEAR},
        {"region": "999999999999", "year": YEAR},
        {"region": "888801101000"},
        {"region": "888801101000", "year": "x"},
        {"region": "888801101000", "year": YEAR, "yaer": 1},
    ],
)
def test_export_parameters_are_strict(town, query):
    response = APIClient().get(URL, query)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
