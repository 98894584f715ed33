from indicators.audit.models import Action, AuditEvent
from indicators.models import CatalogueRule, CatalogueVersion, DataValue, Indicator, Section, Target


def snapshot() -> dict:
    """Everything a refused change must leave as it was."""
    return {
        "indicators": sorted(Indicator.objects.values_list(*FIELDS)),
        "sections": sorted(
            Section.objects.values_list("code", "number", "short_name", "is_public")
        ),
        "rules": sorted(CatalogueRule.objects.values_list("code", "kind", "title", "order")),
        "versions": CatalogueVersion.objects.count(),
        "audit": AuditEvent.objects.filter(action=Action.CATALOGUE_CHANGED).count(),
        "values": sorted(DataValue.objects.values_list("indicator_id", "report_id", "value")),
        "targets": sorted(Target.objects.values_list("indicator_id", "region_id", "year", "value")),
    }


FIELDS = (
    "code",
    "section_id",
    "order",
    "name",
    "unit",
    "value_type",
    "decimals",
    "min_value",
    "max_value",
    "aggregation",
    "scope_id",
    "retired_from",
)


FARMLAND = {
    "code": "farmland_built",
    "section": "industry",
    "name": "高标准农田建设",
    "name_en": "High-standard farmland built",
    "unit": "亩",
    "unit_en": "mu",
    "value_type": "decimal",
    "decimals": 1,
    "min_value": "0",
    "max_value": "100000",
    "aggregation": "sum",
    "higher_is_better": True,
    "source_sentence": "建成高标准农田XX亩",
}
