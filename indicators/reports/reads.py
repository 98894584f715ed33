"""What the report pages and the template editor show, read here: the pages run no
query themselves (tests/architecture/test_pages_without_orm.py)."""

from ..models import Region, RegionFact, Report, ReportTemplateVersion
from .editing import template_versions
from .loader import template_regions


def town_report_status(region: Region, year: int) -> str | None:
    """The status of the region's report of that year; None when it has none."""
    found = Report.objects.filter(region=region, year=year).values_list("status", flat=True)
    return found.first()


def fact_names(region: Region) -> dict[str, list[str]]:
    """The region's local names (报告用地方名称) by kind."""
    return RegionFact.objects.names_for(region)


def versions_with_savers(region: Region, name: str) -> list[ReportTemplateVersion]:
    """The region's own saved versions of the part, newest first, with who saved each."""
    return list(template_versions(region, name).select_related("user"))


def county_has_own(region: Region, name: str) -> bool:
    """Whether a town's county has saved its own version of the part."""
    county = template_regions(region)[1:]
    return (
        bool(county)
        and ReportTemplateVersion.objects.filter(region_id__in=county, name=name).exists()
    )


def county_version(region: Region, name: str) -> ReportTemplateVersion | None:
    """A town's county's version of the part, if the county saved one."""
    county = template_regions(region)[1:]
    return ReportTemplateVersion.objects.filter(region_id__in=county, name=name).first()


def own_version(region: Region, name: str, number) -> ReportTemplateVersion | None:
    """The region's own version ``number`` of the part, or None."""
    return ReportTemplateVersion.objects.filter(pk=number, region=region, name=name).first()
