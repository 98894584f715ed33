"""Creating an indicator through the API: the schema marks required what creation
requires, and a missing field gets "请填写…" on that field, never "None"."""

import pytest
from rest_framework.test import APIClient

from indicators.models import Indicator

from .conftest import FARMLAND

pytestmark = pytest.mark.django_db

REQUIRED = ["code", "section", "name", "unit", "value_type", "aggregation", "max_value", "reason"]
LABELS = {
    "code": "代码",
    "section": "报告部分",
    "name": "名称",
    "unit": "单位",
    "value_type": "数值类型",
    "aggregation": "汇总方式",
    "max_value": "合理上限",
    "reason": "修改原因",
}


@pytest.fixture
def api(admin_user, catalogue) -> APIClient:
    client = APIClient()
    client.force_authenticate(admin_user)
    return client


def test_the_schema_requires_what_creation_requires(api):
    schema = api.get("/api/v1/schema/?format=json").json()
    body = schema["paths"]["/api/v1/indicators/"]["post"]["requestBody"]
    name = body["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    shape = schema["components"]["schemas"][name]
    assert sorted(shape["required"]) == sorted(REQUIRED)
    assert "conversion" not in shape["properties"]  # only a change converts
    assert "active_from" in shape["properties"]


@pytest.mark.parametrize("missing", REQUIRED)
def test_a_missing_field_is_asked_for_by_its_name(api, missing):
    body = {**FARMLAND, "reason": "新增"}
    del body[missing]
    response = api.post("/api/v1/indicators/", body, format="json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["field"] == missing
    assert error["message"].startswith(f"请填写{LABELS[missing]}")
    assert "None" not in error["message"]
    assert not Indicator.objects.filter(code="farmland_built").exists()


@pytest.mark.parametrize("field", ["value_type", "aggregation", "section", "max_value"])
def test_a_null_is_asked_for_too(api, field):
    response = api.post(
        "/api/v1/indicators/", {**FARMLAND, field: None, "reason": "新增"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["message"].startswith("请填写")
    assert "None" not in response.json()["error"]["message"]


def test_the_documented_body_is_accepted(api):
    body = {
        "code": "farmland_built",
        "section": "industry",
        "name": "高标准农田建设",
        "unit": "亩",
        "value_type": "decimal",
        "decimals": 1,
        "max_value": "100000",
        "aggregation": "sum",
        "source_sentence": "全年新建高标准农田XX亩",
        "reason": "县里新增考核指标",
    }
    response = api.post("/api/v1/indicators/", body, format="json")
    assert response.status_code == 201, response.json()
