"""A small province for the province and prefecture pages' tests.

Province 77 (测试省), prefectures 7701.., counties 7701 01.., towns 7701 01 101..; town
n of county c of prefecture p reports, for every indicator, (p * 100 + c * 10 + n)
plus the year's offset from 2020, so each region's sum is easy to work out.
"""

from decimal import Decimal

from indicators.models import Level, Region, Status
from tests.factories import seed_figures

PROVINCE = "770000000000"
FIRST_YEAR = 2020


def code(prefecture: int, county: int = 0, town: int = 0) -> str:
    return f"77{prefecture:02d}{county:02d}{100 + town if town else 0:03d}000"


def figure(prefecture: int, county: int, town: int, year: int) -> Decimal:
    return Decimal(prefecture * 100 + county * 10 + town + year - FIRST_YEAR)


def build_regions(prefectures: int, counties: int, towns: int) -> list[Region]:
    province = Region.objects.create(code=PROVINCE, name="测试省", level=Level.PROVINCE)
    regions, places = [], []
    for p in range(1, prefectures + 1):
        prefecture = Region(code=code(p), name=f"测试{p}市", level=Level.PREFECTURE)
        prefecture.parent = province
        regions.append(prefecture)
        for c in range(1, counties + 1):
            county = Region(code=code(p, c), name=f"测试{p}市{c}县", level=Level.COUNTY)
            county.parent = prefecture
            regions.append(county)
            for t in range(1, towns + 1):
                town = Region(code=code(p, c, t), name=f"测试{p}-{c}-{t}镇", level=Level.TOWN)
                town.parent = county
                places.append(town)
    Region.objects.bulk_create(regions + places)
    return places


def fill_province(catalogue, *, prefectures: int, counties: int, towns: int, years: int):
    """Approved figures written through the write service, which keeps the summaries."""
    places = build_regions(prefectures, counties, towns)
    figures = {}
    for town in places:
        p, c, t = int(town.code[2:4]), int(town.code[4:6]), int(town.code[6:9]) - 100
        for year in range(FIRST_YEAR, FIRST_YEAR + years):
            figures[(town.code, year)] = dict.fromkeys(catalogue, figure(p, c, t, year))
    seed_figures(figures, status=Status.APPROVED)
    return places
