"""A fictional coal-mining county for demonstrations and benchmarks.

Everything here is invented and labelled 演示 (demo). Its codes sit under the
province code 99, which no real statistical division code uses. The figures come
from seeded random streams, so every run produces the same numbers.
"""

import random
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from .models import (
    DataValue,
    Indicator,
    Level,
    Profile,
    Region,
    Report,
    ReportTransition,
    Role,
    Source,
    Status,
    Target,
)

FIRST_YEAR, LAST_YEAR = 2016, 2025
YEAR_IN_PROGRESS = 2026
DEMO_PASSWORD = "demo1234"


@dataclass(frozen=True)
class Town:
    suffix: str  # the town's three digits in the 12-digit code
    name: str
    name_en: str
    coal: float  # how much of the economy is coal: 0 for a farming town
    size: float  # overall scale against an average town


TOWNS = [
    Town("100", "青山镇", "Qingshan", 0.4, 1.0),
    Town("101", "煤岭镇", "Meiling", 1.6, 1.3),
    Town("102", "龙潭镇", "Longtan", 1.0, 1.1),
    Town("103", "石门镇", "Shimen", 0.8, 0.9),
    Town("104", "清河镇", "Qinghe", 0.0, 0.8),
    Town("105", "白云镇", "Baiyun", 0.0, 0.7),
    Town("106", "金坪镇", "Jinping", 0.3, 1.2),
    Town("107", "桃源镇", "Taoyuan", 0.0, 0.6),
]

# Typical figure of an average town in 2016 for indicators that scale with size.
BASE = {
    "agri_integrated_funds": 600,
    "industry_projects": 10,
    "jobs_created": 300,
    "income_gain_per_capita": 1200,
    "land_acquired": 150,
    "road_investment": 250,
    "facility_investment": 600,
    "public_toilets": 3,
    "garbage_trucks": 2,
    "garbage_bins": 80,
    "street_lights": 200,
    "river_governance_investment": 300,
    "water_source_investment": 0.3,
    "education_investment": 400,
    "schools_upgraded": 3,
    "hazard_inspections": 8,
    "petitions_handled": 300,
    "study_sessions": 40,
    "practical_matters": 120,
    "standard_branches": 6,
    "villages_collective_economy": 8,
    "conduct_inspections": 12,
    "disciplinary_cases": 4,
}
COAL = {
    "coal_mines_consolidated",
    "coal_design_capacity",
    "raw_coal_output",
    "washed_coal_output",
    "coal_output_value",
}
# Investment and output figures fell in 2020, the bad year.
BAD_YEAR = 2020
HIT_IN_BAD_YEAR = {
    "raw_coal_output",
    "washed_coal_output",
    "coal_output_value",
    "agri_integrated_funds",
    "jobs_created",
    "income_gain_per_capita",
    "road_investment",
    "facility_investment",
    "industry_projects",
}
# Gaps: figures these towns never reported for these years.
GAPS = {
    ("105", "land_acquired", 2017),
    ("105", "land_acquired", 2018),
    ("107", "village_health_coverage", 2016),
    ("107", "cemetery_coverage", 2016),
    ("104", "practical_matters", 2016),
    ("104", "practical_matters", 2017),
    ("103", "study_participants", 2019),
    ("106", "garbage_bins", 2021),
}


def county_code() -> str:
    return settings.DEMO_COUNTY_CODE


def town_code(town: Town) -> str:
    return county_code()[:6] + town.suffix + "000"


def _rng(*parts) -> random.Random:
    # A str seed is hashed with SHA-512, so the stream is the same in every process.
    return random.Random("-".join(str(part) for part in parts))


def _coal(town: Town, code: str, year: int) -> float:
    """Coal figures of a town; Longtan closes one of its two big mines in 2019."""
    capacity = 300 * town.coal
    if town.suffix == "102" and year >= 2019:
        capacity *= 0.5
    if code == "coal_design_capacity":
        return capacity
    if code == "coal_mines_consolidated":
        return round(4 * town.coal)
    utilisation = 0.7 + 0.02 * (year - FIRST_YEAR)
    raw = capacity * min(utilisation, 0.92)
    if code == "raw_coal_output":
        return raw
    if code == "washed_coal_output":
        return raw * 0.45
    return raw * (0.045 + 0.003 * (year - FIRST_YEAR))  # coal_output_value, 亿元


def _typical(town: Town, code: str, year: int) -> float | None:
    """The figure before noise, or None where the indicator has its own story."""
    step = year - FIRST_YEAR
    if code in BASE:
        return BASE[code] * town.size * (1 + 0.06 * step)
    if code in COAL:
        return _coal(town, code, year)
    if code == "closed_mine_conversion_investment":
        return (
            {2019: 0.8, 2020: 1.2, 2021: 0.6, 2022: 0.4}.get(year, 0) if town.suffix == "102" else 0
        )
    if code == "closed_mines_converted":
        return 1 if town.suffix == "102" and year in (2020, 2021) else 0
    if code == "markets_built":
        return 1 if (int(town.suffix) + year) % 5 == 0 else 0
    if code == "incineration_stations":
        return 1 if year == 2018 + int(town.suffix) % 4 else 0
    if code in {"village_health_coverage", "cemetery_coverage"}:
        start = 82 if code == "village_health_coverage" else 45
        return min(100, start + step * (100 - start) / 6)
    if code == "zero_employment_households":
        return max(0, 30 * town.size - 6 * step)
    if code == "years_without_accidents":
        # Shimen had an accident in the bad year; the others count from 2012.
        if town.suffix == "103":
            return year - BAD_YEAR if year >= BAD_YEAR else year - 2012
        return year - 2012
    if code == "weak_orgs_rectified":
        return max(0, 3 - step // 3)
    if code == "collective_economy_bar":
        return 5 if year < 2021 else 10
    return None


def _derived(code: str, figures: dict[str, Decimal]) -> float | None:
    """Figures that follow from another figure of the same town and year."""
    if code == "problems_resolved" and "petitions_handled" in figures:
        return float(figures["petitions_handled"]) * 0.12
    if code == "study_participants" and "study_sessions" in figures:
        return float(figures["study_sessions"]) * 65
    if code == "persons_disciplined" and "disciplinary_cases" in figures:
        return float(figures["disciplinary_cases"]) * 1.3
    return None


def _as_figure(indicator: Indicator, number: float) -> Decimal:
    value = Decimal(str(number)).quantize(indicator.quantum, rounding=ROUND_HALF_UP)
    return min(max(value, indicator.min_value), indicator.max_value)


def town_figures(town: Town, year: int, indicators: list[Indicator]) -> dict[str, Decimal]:
    """Every figure of one town for one year, the same on every call."""
    figures: dict[str, Decimal] = {}
    exact = {
        "closed_mine_conversion_investment",
        "closed_mines_converted",
        "collective_economy_bar",
    }
    exact |= {"years_without_accidents", "coal_mines_consolidated", "coal_design_capacity"}
    exact |= {"markets_built", "incineration_stations"}
    for indicator in indicators:
        code = indicator.code
        if (town.suffix, code, year) in GAPS:
            continue
        number = _typical(town, code, year)
        if number is None:
            number = _derived(code, figures)
        if number is None:
            continue
        if code not in exact:
            number *= _rng(town.suffix, code, year).uniform(0.9, 1.1)
            if year == BAD_YEAR and code in HIT_IN_BAD_YEAR:
                number *= 0.8
        figures[code] = _as_figure(indicator, number)
    return figures


def _ensure_regions() -> tuple[Region, list[Region]]:
    code = county_code()
    tree = [
        (
            code[:2].ljust(12, "0"),
            "演示省（虚构）",
            "Demo Province (fictional)",
            Level.PROVINCE,
            None,
        ),
        (
            code[:4].ljust(12, "0"),
            "演示市（虚构）",
            "Demo Prefecture (fictional)",
            Level.PREFECTURE,
            code[:2].ljust(12, "0"),
        ),
        (code, "演示县（虚构）", "Demo County (fictional)", Level.COUNTY, code[:4].ljust(12, "0")),
    ]
    tree += [
        (town_code(town), f"{town.name}（演示）", f"{town.name_en} (demo)", Level.TOWN, code)
        for town in TOWNS
    ]
    for region_code, name, name_en, level, parent in tree:
        Region.objects.update_or_create(
            code=region_code,
            defaults={"name": name, "name_en": name_en, "level": level, "parent_id": parent},
        )
    county = Region.objects.get(code=code)
    return county, list(Region.objects.filter(code__in=[town_code(town) for town in TOWNS]))


def _ensure_user(username: str, role: str, region: Region | None, *, first_name: str) -> User:
    user, created = User.objects.get_or_create(
        username=username, defaults={"first_name": first_name}
    )
    if created:
        if settings.DEBUG:
            user.set_password(DEMO_PASSWORD)
        else:
            user.set_unusable_password()
        user.is_staff = role == Role.ADMIN
        user.is_superuser = role == Role.ADMIN
        user.save()
    Profile.objects.update_or_create(user=user, defaults={"role": role, "region": region})
    return user


def ensure_accounts(county: Region, towns: dict[str, Region]) -> dict[str, User]:
    """One demo account per role; passwords are usable only under DEBUG."""
    first_town, second_town = towns["100"], towns["101"]
    return {
        "admin": _ensure_user("admin", Role.ADMIN, None, first_name="系统管理员"),
        "county": _ensure_user("county", Role.COUNTY, county, first_name="县统计局 王科长"),
        "reviewer": _ensure_user("reviewer", Role.REVIEWER, first_town, first_name="青山镇 李审核"),
        "clerk": _ensure_user("clerk", Role.CLERK, first_town, first_name="青山镇 张填报"),
        "clerk2": _ensure_user("clerk2", Role.CLERK, second_town, first_name="煤岭镇 赵填报"),
    }


# The year in progress: what each town has done so far.
IN_PROGRESS = {
    "100": (Status.DRAFT, 0.6),
    "101": (Status.SUBMITTED, 1.0),
    "102": (Status.SUBMITTED, 1.0),
    "103": (Status.RETURNED, 1.0),
    "104": (Status.DRAFT, 0.3),
    "105": (Status.DRAFT, 0.0),
    "106": (Status.SUBMITTED, 1.0),
    "107": (Status.DRAFT, 0.8),
}
RETURN_REASON = "煤炭产量与产值的单位请核对（万吨、亿元），核实后在备注中说明数据来源再提交。"


def _wanted_reports(towns: dict[str, Region], indicators: list[Indicator]):
    for town in TOWNS:
        region = towns[town.suffix]
        for year in range(FIRST_YEAR, LAST_YEAR + 1):
            yield region, year, Status.APPROVED, town_figures(town, year, indicators)
        status, share = IN_PROGRESS[town.suffix]
        figures = town_figures(town, YEAR_IN_PROGRESS, indicators)
        kept = dict(list(figures.items())[: round(len(figures) * share)])
        yield region, YEAR_IN_PROGRESS, status, kept


def _transitions(report: Report, status: str, users: dict[str, User]) -> list[ReportTransition]:
    steps = []
    if status in (Status.SUBMITTED, Status.APPROVED, Status.RETURNED):
        steps.append((Status.DRAFT, Status.SUBMITTED, users["reviewer"], ""))
    if status == Status.APPROVED:
        steps.append((Status.SUBMITTED, Status.APPROVED, users["county"], ""))
    if status == Status.RETURNED:
        steps.append((Status.SUBMITTED, Status.RETURNED, users["county"], RETURN_REASON))
    return [
        ReportTransition(report=report, from_status=old, to_status=new, user=user, reason=reason)
        for old, new, user, reason in steps
    ]


@transaction.atomic
def seed_demo() -> dict[str, int]:
    """Create or bring back the demo county; a second run changes nothing."""
    indicators = list(Indicator.objects.in_report_order())
    by_code = {indicator.code: indicator for indicator in indicators}
    county, town_regions = _ensure_regions()
    towns = {region.code[6:9]: region for region in town_regions}
    users = ensure_accounts(county, towns)

    existing_reports = {(r.region_id, r.year): r for r in Report.objects.within(county)}
    existing_values = {(v.report_id, v.indicator_id): v for v in DataValue.objects.within(county)}
    counts = {"reports": 0, "values_created": 0, "values_updated": 0, "targets": 0}
    to_create, to_update = [], []
    for region, year, status, figures in _wanted_reports(towns, indicators):
        report = existing_reports.get((region.code, year))
        if report is None:
            report = Report.objects.create(region=region, year=year, status=status, version=1)
            ReportTransition.objects.bulk_create(_transitions(report, status, users))
            counts["reports"] += 1
        for code, figure in figures.items():
            current = existing_values.get((report.pk, code))
            if current is None:
                to_create.append(
                    DataValue(
                        report=report, indicator=by_code[code], value=figure, source=Source.SEED
                    )
                )
            elif current.value != figure:
                current.value = figure
                to_update.append(current)
    if to_create:
        bulk_create_with_history(to_create, DataValue, batch_size=500)
    if to_update:
        bulk_update_with_history(to_update, DataValue, ["value"], batch_size=500)
    counts["values_created"], counts["values_updated"] = len(to_create), len(to_update)
    counts["targets"] = _ensure_targets(county, towns, indicators)
    return counts


def _ensure_targets(county: Region, towns: dict[str, Region], indicators: list[Indicator]) -> int:
    """Towns aim 5% above their typical figure; the county's target is their sum."""
    wanted: dict[tuple[str, str, int], Decimal] = {}
    aimed = [i for i in indicators if i.higher_is_better and i.aggregation == "sum"]
    for town in TOWNS:
        for year in range(FIRST_YEAR, YEAR_IN_PROGRESS + 1):
            for indicator in aimed:
                typical = _typical(town, indicator.code, year)
                if not typical:
                    continue
                figure = _as_figure(indicator, typical * 1.05)
                wanted[(indicator.code, towns[town.suffix].code, year)] = figure
                key = (indicator.code, county.code, year)
                wanted[key] = wanted.get(key, Decimal(0)) + figure
    existing = {(t.indicator_id, t.region_id, t.year): t for t in Target.objects.within(county)}
    to_create = [
        Target(indicator_id=code, region_id=region, year=year, value=value)
        for (code, region, year), value in wanted.items()
        if (code, region, year) not in existing
    ]
    to_update = []
    for key, target in existing.items():
        if key in wanted and target.value != wanted[key]:
            target.value = wanted[key]
            to_update.append(target)
    if to_create:
        bulk_create_with_history(to_create, Target, batch_size=500)
    if to_update:
        bulk_update_with_history(to_update, Target, ["value"], batch_size=500)
    return len(to_create) + len(to_update)
