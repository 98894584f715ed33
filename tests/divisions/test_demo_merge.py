"""The acceptance of 撤并乡镇 on the demo county: two towns merged from 2026, the year
being entered, leave every county total of 2016–2025 as it was (the API, the
overview's figures, the report), and the 2026 figures they had entered go to the new
town, so the 2026 county totals of what was carried stay too."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.core.cache import cache
from rest_framework.test import APIClient

from indicators.accounts.tokens import token_issue
from indicators.divisions import NewRegion, regions_merge, succession_preview
from indicators.models import Aggregation, DataValue, Region, Status, Target
from indicators.reads.area import area_data
from indicators.reports import build_report
from indicators.reports.plain import report_text
from indicators.seeding.demo import seed_demo

pytestmark = pytest.mark.django_db

PAST = range(2016, 2026)
NEW_CODE = settings.DEMO_COUNTY_CODE[:6] + "120000"


@pytest.fixture
def demo(catalogue):
    seed_demo()
    return Region.objects.get(code=settings.DEMO_COUNTY_CODE)


def aggregates(client: APIClient, county: Region) -> dict[tuple[str, int], str | None]:
    cache.clear()
    response = client.get(f"/api/v1/aggregates/?region={county.code}&year_min=2016&year_max=2026")
    assert response.status_code == 200, response.content
    return {(item["indicator"], item["year"]): item["value"] for item in response.json()}


def overview(user, county: Region) -> dict[tuple[str, int], Decimal | None]:
    data = area_data(
        user, area=county, year=2025, first_year=2016, last_year=2025, include_unapproved=True
    )
    return {key: aggregate.value for key, aggregate in data.area_values().items()}


def reports(user, county: Region) -> list[str]:
    return [report_text(build_report(user, county, year)) for year in PAST]


def test_merging_two_demo_towns_from_2026_keeps_the_county_totals(demo):
    admin = User.objects.get(username="admin")
    county_user = User.objects.get(username="county")
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token_issue(user=admin)}")
    qingshan = Region.objects.get(code=demo.code[:6] + "100000")  # 2026: a draft, 60 % entered
    qinghe = Region.objects.get(code=demo.code[:6] + "104000")  # 2026: a draft, 30 % entered
    assert {r.status for r in qingshan.reports.filter(year=2026)} == {Status.DRAFT}
    before_api, before_public = aggregates(api, demo), aggregates(APIClient(), demo)
    before_overview = overview(county_user, demo)
    before_reports = reports(AnonymousUser(), demo)
    sources = {
        (town, indicator): value
        for town, indicator, value in DataValue.objects.filter(
            report__region__in=[qingshan, qinghe], report__year=2026
        ).values_list("report__region__name", "indicator_id", "value")
    }
    assert sources

    preview = succession_preview(
        regions_merge,
        admin,
        [qingshan, qinghe],
        target=NewRegion(NEW_CODE, "青河镇"),
        year=2026,
        reason="撤并乡镇",
    )
    assert not Region.objects.filter(code=NEW_CODE).exists()  # a preview changes nothing
    assert preview.carried and preview.reentry and preview.targets_carried
    regions_merge(
        admin,
        [qingshan, qinghe],
        target=NewRegion(NEW_CODE, "青河镇"),
        year=2026,
        reason="撤并乡镇",
        expected=preview.digest,
    )

    after_api = aggregates(api, demo)
    for year in PAST:
        assert {k: v for k, v in after_api.items() if k[1] == year} == {
            k: v for k, v in before_api.items() if k[1] == year
        }
    assert aggregates(APIClient(), demo) == before_public  # 2016–2025 approved only
    assert overview(county_user, demo) == before_overview
    assert reports(AnonymousUser(), demo) == before_reports

    # 2026: each carried figure is the sources' combined, and the county's total of
    # every indicator not listed for re-entry is what it was.
    merged = dict(
        DataValue.objects.filter(report__region_id=NEW_CODE, report__year=2026).values_list(
            "indicator_id", "value"
        )
    )
    assert set(merged) == {item.indicator.code for item in preview.carried}
    for item in preview.carried:
        parts = [sources[(name, item.indicator.code)] for name, _shown in item.shown_parts]
        assert item.indicator.aggregation in (Aggregation.SUM, Aggregation.MAX, Aggregation.MIN)
        assert merged[item.indicator.code] == {"sum": sum, "max": max, "min": min}[
            item.indicator.aggregation
        ](parts)
    again = {item.indicator.code for item in preview.reentry}
    for (code, year), value in before_api.items():
        if year == 2026 and code not in again:
            assert after_api.get((code, year)) == value, code
    # Nothing stays with the ended towns from 2026 on; their history keeps it.
    assert not DataValue.objects.filter(report__region__in=[qingshan, qinghe], report__year=2026)
    assert DataValue.history.filter(history_type="-", report_id__in=qingshan.reports.values("pk"))
    assert not Target.objects.filter(region__in=[qingshan, qinghe], year__gte=2026)
    assert Target.objects.filter(region_id=NEW_CODE, year=2026).count() == len(
        preview.targets_carried
    )
