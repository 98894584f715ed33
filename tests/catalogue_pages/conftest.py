import pytest

from indicators.models import CatalogueVersion
from tests import factories

FARMLAND = {
    "code": "farmland_built",
    "section": "industry",
    "name": "高标准农田建设",
    "name_en": "High-standard farmland built",
    "unit": "亩",
    "unit_en": "mu",
    "value_type": "decimal",
    "decimals": "1",
    "min_value": "0",
    "max_value": "100000",
    "higher_is_better": "true",
    "aggregation": "sum",
    "is_public": "on",
    "source_sentence": "建成高标准农田1.2万亩。",
    "scope": "",
    "reason": "农业镇需要填报高标准农田",
}


@pytest.fixture
def editor(client, admin_user, catalogue):
    """The 管理员, signed in, with the repository's catalogue."""
    client.force_login(admin_user)
    return client


@pytest.fixture
def clerk_client(client, clerk, catalogue):
    client.force_login(clerk)
    return client


@pytest.fixture
def with_figures(towns, catalogue):
    """Raw coal output of town 1 in 2023 (120 万吨) and 2024 (150 万吨)."""
    factories.seed_figures(
        {(towns[0], 2023): {"raw_coal_output": 120}, (towns[0], 2024): {"raw_coal_output": 150}}
    )
    return towns[0]


def by_people():
    """The versions people made (loading the repository's file makes one too)."""
    return CatalogueVersion.objects.filter(user__isnull=False)


def versions() -> int:
    return by_people().count()


def form_data(indicator, **changes) -> dict:
    """The indicator form as the page fills it in for ``indicator``, with ``changes``."""
    direction = {None: "", True: "true", False: "false"}[indicator.higher_is_better]
    data = {
        "code": indicator.code,
        "section": indicator.section_id,
        "name": indicator.name,
        "name_en": indicator.name_en,
        "unit": indicator.unit,
        "unit_en": indicator.unit_en,
        "value_type": indicator.value_type,
        "decimals": str(indicator.decimals),
        "min_value": f"{indicator.min_value.normalize():f}",
        "max_value": f"{indicator.max_value.normalize():f}",
        "higher_is_better": direction,
        "aggregation": indicator.aggregation,
        "source_sentence": indicator.source_sentence,
        "scope": indicator.scope_id or "",
        "reason": "测试修改",
    }
    if indicator.is_public:
        data["is_public"] = "on"
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def _tree(response):
    from lxml import html

    return html.fromstring(response.content.decode())


def field_errors(response, field: str) -> list[str]:
    """The messages shown on one field of the form."""
    path = f"//div[@id='field-{field}']//p[contains(@class, 'field-error')]"
    return [p.text_content().strip() for p in _tree(response).xpath(path)]


def top_errors(response) -> list[str]:
    path = "//form//p[contains(@class, 'message') and contains(@class, 'error')]"
    return [p.text_content().strip() for p in _tree(response).xpath(path)]


def field_value(response, field: str) -> str | None:
    """What the form shows in an input or textarea (the text typed is kept)."""
    tree = _tree(response)
    for element in tree.xpath(f"//*[@name='{field}']"):
        if element.tag == "textarea":
            return (element.text or "").removeprefix("\n")  # the one newline browsers drop
        if element.tag == "select":
            chosen = element.xpath(".//option[@selected]")
            return chosen[0].get("value") if chosen else ""
        return element.get("value")
    return None
