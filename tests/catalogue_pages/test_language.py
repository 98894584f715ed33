"""The catalogue pages in English: no Chinese of ours is left, only data (names,
units, sentences, reasons, what a version changed and the place names)."""

import re
from html import unescape

import pytest

from indicators.models import CatalogueRule, CatalogueVersion, Indicator, Region, Section

from .conftest import FARMLAND, by_people, form_data

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+")
DATA_FIELDS = {
    Indicator: ("name", "unit", "source_sentence"),
    Section: ("heading", "short_name"),
    CatalogueRule: ("title", "explanation"),
    CatalogueVersion: ("reason",),
    Region: ("name",),
}


def chinese_left(html: str) -> list[str]:
    text = unescape(html)
    data = ["简体中文"]
    for model, fields in DATA_FIELDS.items():
        for row in model.objects.values_list(*fields):
            data += [value for value in row if value]
    data += [value for value in FARMLAND.values() if value]  # as typed
    for changes in CatalogueVersion.objects.values_list("changes", flat=True):
        for change in changes:  # names and values as they were before
            data.append(change.get("name") or "")
            for field in change.get("fields") or []:
                data += [str(field.get("before") or ""), str(field.get("after") or "")]
    for value in sorted(set(data) - {""}, key=len, reverse=True):
        text = text.replace(value, "")
    return sorted(set(CJK.findall(text)))


@pytest.fixture
def english(editor, county):
    editor.post("/catalogue/indicators/add/", {**FARMLAND, "scope": county.code})
    farmland = Indicator.objects.get(code="farmland_built")
    editor.post("/catalogue/indicators/farmland_built/", form_data(farmland, name="高标准农田"))
    editor.post(
        "/catalogue/rules/add/",
        {
            "code": "jump",
            "kind": "change_limit",
            "limit_percent": "30",
            "title": "变化超过30%",
            "reason": "要说明",
        },
    )
    editor.get("/catalogue/")  # the messages of those saves are shown, in Chinese
    editor.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return editor


def test_every_catalogue_page_in_english(english):
    versions = list(by_people().order_by("pk"))
    first, last = versions[0], versions[-1]
    pages = [
        "/catalogue/",
        "/catalogue/indicators/add/",
        "/catalogue/indicators/farmland_built/",
        "/catalogue/indicators/raw_coal_output/retire/",
        "/catalogue/sections/add/",
        "/catalogue/sections/industry/",
        "/catalogue/sections/industry/order/",
        "/catalogue/rules/",
        "/catalogue/rules/add/",
        "/catalogue/rules/jump/",
        "/catalogue/rules/jump/delete/",
        "/catalogue/versions/",
        f"/catalogue/versions/{last.pk}/",
        f"/catalogue/versions/compare/?old={first.pk}&new={last.pk}",
        "/catalogue/import/",
    ]
    left = {}
    for url in pages:
        response = english.get(url)
        assert response.status_code == 200, url
        if found := chinese_left(response.content.decode()):
            left[url] = found
    assert left == {}


def test_a_refusal_in_english(english):
    response = english.post("/catalogue/indicators/add/", {**FARMLAND, "reason": ""})
    assert response.status_code == 400
    assert chinese_left(response.content.decode()) == []
