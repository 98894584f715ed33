"""The ADX mapping: services, CSV out and in with a preview, and its page for the 管理员."""

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from indicators.audit.models import Action, AuditEvent
from indicators.exchange.adx import MappingRefused, mapping_delete, mapping_save
from indicators.exchange.adx.mapping_csv import (
    MappingFileError,
    mapping_csv,
    mapping_import,
    mapping_plan,
)
from indicators.exchange.models import AdxMapping, MappingKind
from indicators.models import Role
from tests import factories

pytestmark = pytest.mark.django_db

PAGE = "/exchange/adx/"


@pytest.fixture
def town(catalogue, towns):
    return towns[0]


@pytest.fixture
def boss(db):
    return factories.user_with_role(Role.ADMIN, None, "boss")


def csv_bytes(*lines: str) -> bytes:
    return ("kind,code,dhis2_id,category_option_combo\n" + "\n".join(lines) + "\n").encode()


def test_an_identifier_stands_for_one_code_only(town, towns, boss):
    mapping_save(kind=MappingKind.REGION, code=town.code, dhis2_id="OU1", user=boss)
    with pytest.raises(MappingRefused, match="OU1 已对应"):
        mapping_save(kind=MappingKind.REGION, code=towns[1].code, dhis2_id="OU1", user=boss)


@pytest.mark.parametrize(
    ("kind", "code", "dhis2_id", "problem"),
    [
        ("indicator", "no_such_code", "DE1", "未知的指标代码"),
        ("region", "888801000000", "OU1", "未知的镇区划代码"),  # a county
        ("indicator", "street_lights", "has space", "DHIS2 标识应为"),
        ("indicator", "street_lights", "raw_coal_output", "读回时会混淆"),
        ("dataset", "x", "DS1", "应为空"),
    ],
)
def test_a_wrong_row_is_refused_with_a_chinese_message(town, boss, kind, code, dhis2_id, problem):
    with pytest.raises(MappingRefused, match=problem):
        mapping_save(kind=kind, code=code, dhis2_id=dhis2_id, user=boss)
    assert not AdxMapping.objects.exists()


def test_csv_export_reads_back_unchanged(town, boss):
    mapping_save(kind=MappingKind.REGION, code=town.code, dhis2_id="OU1", user=boss)
    mapping_save(
        kind=MappingKind.INDICATOR, code="street_lights", dhis2_id="DE1", combo="C1", user=boss
    )
    mapping_save(kind=MappingKind.DATASET, code="", dhis2_id="DS1", user=boss)
    plan = mapping_plan(mapping_csv().encode())
    assert not plan.errors and [row.action for row in plan.rows] == ["unchanged"] * 3


def test_an_identifier_a_spreadsheet_would_run_is_exported_as_text_and_reads_back(town, boss):
    mapping_save(kind=MappingKind.REGION, code=town.code, dhis2_id="-SUM1", user=boss)
    exported = mapping_csv()
    assert f"region,{town.code},'-SUM1," in exported
    plan = mapping_plan(exported.encode())
    assert not plan.errors
    assert [(row.dhis2_id, row.action) for row in plan.rows] == [("-SUM1", "unchanged")]


def test_a_csv_preview_writes_nothing_and_the_import_writes_it(town, boss):
    data = csv_bytes(f"region,{town.code},OU1,", "indicator,street_lights,DE1,C1")
    plan = mapping_plan(data)
    assert [row.action for row in plan.rows] == ["created", "created"]
    assert not AdxMapping.objects.exists()
    mapping_import(data, user=boss)
    assert AdxMapping.objects.get(kind="indicator").category_option_combo == "C1"


def test_a_csv_with_one_bad_row_writes_nothing_and_names_the_line(town, towns, boss):
    data = csv_bytes(
        f"region,{town.code},OU1,", f"region,{towns[1].code},OU1,", "indicator,nope,DE1,"
    )
    with pytest.raises(MappingFileError) as error:
        mapping_import(data, user=boss)
    assert any(message.startswith("第 4 行") for message in error.value.errors)
    assert any("同时对应" in message for message in error.value.errors)
    assert not AdxMapping.objects.exists()


@pytest.mark.parametrize(
    ("data", "problem"),
    [(b"a,b\n1,2\n", "缺少列"), ("kind,code,dhis2_id\n".encode("utf-16"), "UTF-8")],
)
def test_an_unreadable_csv_is_refused(town, data, problem):
    with pytest.raises(MappingFileError, match=problem):
        mapping_plan(data)


@pytest.fixture
def admin_client(town, boss):
    client = Client(enforce_csrf_checks=True)
    client.force_login(User.objects.get(username="boss"))
    client.get(PAGE)
    return client


def csrf(client) -> dict:
    return {"csrfmiddlewaretoken": client.cookies["csrftoken"].value}


def test_only_the_admin_sees_the_mapping_page(town, clerk):
    client = Client()
    assert client.get(PAGE).status_code == 302  # to sign in
    client.force_login(clerk)
    response = client.get(PAGE)
    assert response.status_code == 403 and "只有管理员" in response.content.decode()


def test_the_admin_adds_a_row_on_the_page_with_csrf(admin_client, town):
    row = {"kind": "region", "code": town.code, "dhis2_id": "OU1", "category_option_combo": ""}
    assert Client(enforce_csrf_checks=True).post(PAGE, row).status_code in (302, 403)
    response = admin_client.post(PAGE, {**row, **csrf(admin_client)})
    assert response.status_code == 302
    assert AdxMapping.objects.get().dhis2_id == "OU1"
    bad = admin_client.post(PAGE, {**row, "dhis2_id": "a b", **csrf(admin_client)})
    assert bad.status_code == 400 and "DHIS2 标识应为" in bad.content.decode()


def test_the_page_previews_a_csv_and_applies_it_on_confirmation(admin_client, town):
    upload = SimpleUploadedFile("m.csv", csv_bytes(f"region,{town.code},OU1,"))
    preview = admin_client.post(f"{PAGE}upload/", {"file": upload, **csrf(admin_client)})
    assert preview.status_code == 200 and 'data-action="created"' in preview.content.decode()
    assert not AdxMapping.objects.exists()
    content = preview.context["confirm"].initial["content"]
    done = admin_client.post(f"{PAGE}confirm/", {"content": content, **csrf(admin_client)})
    assert done.status_code == 302 and AdxMapping.objects.get().dhis2_id == "OU1"


def test_the_page_exports_the_mapping_as_csv(admin_client, town, boss):
    mapping_save(kind=MappingKind.REGION, code=town.code, dhis2_id="OU1", user=boss)
    response = admin_client.get(f"{PAGE}mapping.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert f"region,{town.code},OU1," in response.content.decode("utf-8-sig")


def test_every_change_of_the_mapping_is_in_the_audit_trail(town, boss):
    row = mapping_save(kind=MappingKind.REGION, code=town.code, dhis2_id="OU1", user=boss)
    mapping_import(csv_bytes("indicator,street_lights,DE1,"), user=boss)
    mapping_delete(pk=row.pk, user=boss)
    events = AuditEvent.objects.filter(action=Action.ADMIN_ACTION, user=boss).order_by("pk")
    assert [event.details["adx_mapping"] for event in events] == ["save", "import", "delete"]
    assert events[0].details["rows"] == [["region", town.code, "OU1", ""]]
