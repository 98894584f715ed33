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

from indicators.assessment.demo import seed_assessment
from indicators.figures import FigureRow, figures_import
from indicators.figures.rules import RuleSet, check_figures, load_rules
from indicators.figures.targets import targets_import
from indicators.maps.services import demo_boundaries_seed
from indicators.models import (
    Indicator,
    Level,
    Profile,
    Region,
    Report,
    Role,
    Source,
    Status,
    Target,
)
from indicators.reports.facts import ensure_demo_facts
from indicators.workflow.transitions import (
    TransitionRefused,
    report_approve,
    report_return,
    report_submit,
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
# Jinping's work-safety accident, which the demo assessment vetoes.
ACCIDENT_YEAR = 2025
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
        # Jinping had one in 2025: the assessment's veto case (indicators/assessment/demo.py).
        if town.suffix == "106" and year >= ACCIDENT_YEAR:
            return year - ACCIDENT_YEAR
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
        Region.objects.get_or_create(
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
        # 管理员 and the three separated administrators use the admin site, each with
        # their own role's rights only (三员分立); nobody is a superuser.
        user.is_staff = role in (Role.ADMIN, Role.SYSADMIN, Role.SECADMIN, Role.AUDITOR)
        user.save()
    Profile.objects.get_or_create(user=user, defaults={"role": role, "region": region})
    return user


def demote_demo_superuser() -> bool:
    """Earlier seeds made the demo's `admin` a superuser, above the separation of duties;
    it is a 管理员 like any other now. The account is fictional demo data, so the one
    change the seed makes to something that exists is this."""
    demoted = User.objects.filter(
        username="admin", is_superuser=True, profile__role=Role.ADMIN
    ).first()
    if demoted is None:
        return False
    demoted.is_superuser = False
    demoted.is_staff = True
    demoted.save(update_fields=["is_superuser", "is_staff"])
    return True


def ensure_accounts(county: Region, towns: dict[str, Region]) -> dict[str, User]:
    """One demo account per role; passwords are usable only under DEBUG."""
    first_town, second_town = towns["100"], towns["101"]
    return {
        "admin": _ensure_user("admin", Role.ADMIN, None, first_name="业务管理员"),
        "county": _ensure_user("county", Role.COUNTY, county, first_name="县统计局 王科长"),
        "reviewer": _ensure_user("reviewer", Role.REVIEWER, first_town, first_name="青山镇 李审核"),
        "clerk": _ensure_user("clerk", Role.CLERK, first_town, first_name="青山镇 张填报"),
        "clerk2": _ensure_user("clerk2", Role.CLERK, second_town, first_name="煤岭镇 赵填报"),
        "sysadmin": _ensure_user("sysadmin", Role.SYSADMIN, None, first_name="系统管理员 周"),
        "secadmin": _ensure_user("secadmin", Role.SECADMIN, None, first_name="安全管理员 吴"),
        "auditor": _ensure_user("auditor", Role.AUDITOR, None, first_name="审计管理员 郑"),
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
# Why a figure moved more than the ±30% rule allows: the county asks before approving.
STORY_COMMENTS = {
    ("102", 2019): "关闭一处煤矿，设计产能减半，产量随之下降。",
    ("103", BAD_YEAR): "本年发生一起安全事故，安全生产天数重新计算。",
    ("106", 2025): "本年发生一起安全生产事故，连续无事故年数重新计算。",
}
GENERIC_COMMENT = "演示数据：与上年相比变化较大，原因已核实。"
BAD_YEAR_COMMENT = "受市场和疫情影响，本年产量和投资下降。"


@dataclass(frozen=True)
class WantedReport:
    town: Town
    region: Region
    year: int
    status: str
    figures: dict[str, Decimal]


def _wanted_reports(towns: dict[str, Region], indicators: list[Indicator]):
    for town in TOWNS:
        region = towns[town.suffix]
        for year in range(FIRST_YEAR, LAST_YEAR + 1):
            yield WantedReport(
                town, region, year, Status.APPROVED, town_figures(town, year, indicators)
            )
        status, share = IN_PROGRESS[town.suffix]
        figures = town_figures(town, YEAR_IN_PROGRESS, indicators)
        kept = dict(list(figures.items())[: round(len(figures) * share)])
        yield WantedReport(town, region, YEAR_IN_PROGRESS, status, kept)


def _rows(wanted: WantedReport, indicators: list[Indicator], rules: RuleSet) -> list[FigureRow]:
    """The report's figures as rows, with a comment wherever the ±30% rule asks for one."""
    previous = town_figures(wanted.town, wanted.year - 1, indicators)
    if wanted.year == FIRST_YEAR:
        previous = {}
    explain = {
        finding.indicator
        for finding in check_figures(wanted.figures, previous, rules=rules)
        if finding.blocks_submit
    }
    comment = STORY_COMMENTS.get((wanted.town.suffix, wanted.year), GENERIC_COMMENT)
    if wanted.year in (BAD_YEAR, BAD_YEAR + 1):
        comment = STORY_COMMENTS.get((wanted.town.suffix, wanted.year), BAD_YEAR_COMMENT)
    return [
        FigureRow(code, wanted.region.code, wanted.year, figure, comment if code in explain else "")
        for code, figure in wanted.figures.items()
    ]


def _move(report: Report, status: str, users: dict[str, User]) -> bool:
    """Take a freshly seeded draft through the workflow to ``status``, as people would."""
    if status == Status.DRAFT:
        return True
    submitter = users["reviewer"] if report.region.code[6:9] == "100" else users["admin"]
    try:
        report = report_submit(report=report, user=submitter)
        if status == Status.APPROVED:
            report_approve(report=report, user=users["county"])
        elif status == Status.RETURNED:
            report_return(report=report, user=users["county"], reason=RETURN_REASON)
    except TransitionRefused:
        return False  # left as a draft: the story bends, the seed does not fail
    return True


@transaction.atomic
def seed_demo() -> dict[str, int]:
    """Create what the demo county lacks, through the one write path; change nothing that exists.

    A report that exists (a clerk may have typed into it) is left exactly as it is,
    with its history; so are existing targets, accounts and regions, except that the
    demo's `admin` stops being a superuser (``demote_demo_superuser``).
    """
    indicators = list(Indicator.objects.in_report_order())
    county, town_regions = _ensure_regions()
    towns = {region.code[6:9]: region for region in town_regions}
    demoted = demote_demo_superuser()
    users = ensure_accounts(county, towns)

    existing = set(Report.objects.within(county).values_list("region_id", "year"))
    wanted = [
        report
        for report in _wanted_reports(towns, indicators)
        if report.figures and (report.region.code, report.year) not in existing
    ]
    rules = load_rules(indicators)
    rows = [row for report in wanted for row in _rows(report, indicators, rules)]
    summary = figures_import(rows=rows, user=users["admin"], source=Source.SEED)
    if summary.conflicts:
        raise RuntimeError(f"the demo seed was refused: {summary.conflicts[:3]}")
    reports = {
        (report.region_id, report.year): report
        for report in Report.objects.within(county).select_related("region")
    }
    for report in wanted:
        seeded = reports.get((report.region.code, report.year))
        if seeded is not None:
            _move(seeded, report.status, users)
    targets = _ensure_targets(county, towns, indicators, users["admin"])
    return {
        "reports": len(wanted),
        "values_created": summary.created,
        "targets": targets,
        "demoted": int(demoted),
        "assessment_schemes": seed_assessment(county, users["county"]),
        "facts": ensure_demo_facts(county, towns),
        "boundaries": demo_boundaries_seed(
            county=county, towns=town_regions, valid_from=FIRST_YEAR
        ),
    }


def _ensure_targets(
    county: Region, towns: dict[str, Region], indicators: list[Indicator], user: User
) -> int:
    """Towns aim 5% above their typical figure; the county's target is their sum.

    Only missing targets are written, through the targets' write path.
    """
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
    existing = set(Target.objects.within(county).values_list("indicator_id", "region_id", "year"))
    rows = [
        FigureRow(code, region, year, value)
        for (code, region, year), value in wanted.items()
        if (code, region, year) not in existing
    ]
    summary = targets_import(rows=rows, user=user)
    if summary.conflicts:
        raise RuntimeError(f"the demo targets were refused: {summary.conflicts[:3]}")
    return summary.created
