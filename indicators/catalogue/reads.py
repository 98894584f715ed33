"""What the catalogue's pages and forms show, read here: the pages run no query
themselves (tests/architecture/test_pages_without_orm.py). Each function answers one
question; a queryset returned is for a form's choices or a paginator, unevaluated."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, QuerySet

from ..models import CatalogueRule, CatalogueVersion, Indicator, Level, Region, Section


@dataclass(frozen=True)
class Overview:
    """Every section in order with its indicators (each with its count of figures)."""

    sections: list[tuple[Section, list[Indicator]]]
    rule_count: int
    latest: CatalogueVersion | None


def catalogue_overview() -> Overview:
    """The catalogue page's content, in four queries."""
    indicators = (
        Indicator.objects.in_report_order()
        .select_related("scope")
        .annotate(figures=Count("values"))
    )
    by_section: dict[str, list[Indicator]] = {}
    for indicator in indicators:
        by_section.setdefault(indicator.section_id, []).append(indicator)
    sections = [(section, by_section.get(section.code, [])) for section in sections_in_order()]
    return Overview(
        sections=sections,
        rule_count=CatalogueRule.objects.count(),
        latest=CatalogueVersion.objects.order_by("-pk").first(),
    )


def sections_in_order() -> QuerySet[Section]:
    """The report's sections by their number."""
    return Section.objects.order_by("number")


def section_named(code: str) -> Section | None:
    return Section.objects.filter(pk=code).first()


def indicators_in_order() -> QuerySet[Indicator]:
    """Every indicator in the report's order (a form's choices)."""
    return Indicator.objects.in_report_order()


def indicators_of_section(section: Section) -> dict[str, Indicator]:
    """A section's indicators by code, in their order within it."""
    return {i.code: i for i in Indicator.objects.filter(section=section).order_by("order")}


def indicator_named(code: str, *, scope: bool = False) -> Indicator | None:
    """The indicator with its section (and its scope's region when asked), or None."""
    related = ("section", "scope") if scope else ("section",)
    return Indicator.objects.select_related(*related).filter(pk=code).first()


def indicators_by_code(codes: Iterable[str]) -> dict[str, Indicator]:
    return Indicator.objects.in_bulk(list(codes), field_name="code")


def indicator_names() -> dict[str, str]:
    """Every indicator's Chinese name by code."""
    return dict(Indicator.objects.values_list("code", "name"))


def indicators_asked(region: Region, year: int, section: str | None = None) -> list[Indicator]:
    """The indicators the catalogue asks of the region that year, in the report's
    order, with their section; only one section's when ``section`` is given."""
    indicators = Indicator.objects.in_report_order().for_region_year(region, year)
    if section is not None:
        indicators = indicators.filter(section_id=section)
    return list(indicators)


def scope_regions() -> QuerySet[Region]:
    """The regions an indicator may be limited to: a province, prefecture or county."""
    levels = (Level.PROVINCE, Level.PREFECTURE, Level.COUNTY)
    return Region.objects.filter(level__in=levels).order_by("code")


def rules_in_order() -> QuerySet[CatalogueRule]:
    return CatalogueRule.objects.select_related("indicator", "other").order_by("order", "code")


def rule_named(code: str, *, indicators: bool = False) -> CatalogueRule | None:
    """The rule, with its two indicators read along when asked; None if there is none."""
    rules = CatalogueRule.objects.all()
    if indicators:
        rules = rules.select_related("indicator", "other")
    return rules.filter(pk=code).first()


def versions_newest_first() -> QuerySet[CatalogueVersion]:
    """The catalogue's versions, newest first, with who saved each, without snapshots."""
    return CatalogueVersion.objects.select_related("user").defer("snapshot").order_by("-pk")


def latest_version_numbers(count: int = 2) -> list[int]:
    return list(CatalogueVersion.objects.order_by("-pk").values_list("pk", flat=True)[:count])


def version_numbered(number: int, *, user: bool = False) -> CatalogueVersion | None:
    versions = CatalogueVersion.objects.select_related("user") if user else CatalogueVersion.objects
    return versions.filter(pk=number).first()


def version_before(version: CatalogueVersion) -> CatalogueVersion | None:
    return CatalogueVersion.objects.filter(pk__lt=version.pk).order_by("-pk").first()


def version_after(version: CatalogueVersion) -> CatalogueVersion | None:
    return CatalogueVersion.objects.filter(pk__gt=version.pk).order_by("pk").first()
