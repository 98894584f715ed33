"""A synthetic province for measuring the product at province scale.

Everything here is invented. Its codes sit under province code 90, which no real
statistical division code uses (real ones run 11–82), next to the demo county's 99.
For 2,000 towns: 10 prefectures × 10 counties × 20 towns. The figures come from
seeded random streams (the same on every run), stay inside each indicator's
bounds and follow trends; they are written through the one write path,
:func:`~indicators.figures.figures_import`, and every report is then submitted and
approved through the workflow's set-based transitions.
"""

import math
import random
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import connection, transaction

from indicators.assessment.demo import demo_scheme
from indicators.assessment.models import Publication, SchemeVersion
from indicators.assessment.services import scheme_save
from indicators.assessment.tomlio import scheme_load
from indicators.catalogue.years import current_year
from indicators.figures import MAX_IMPORT_ROWS, FigureRow, figures_import
from indicators.figures.rules import RuleSet, check_figures, load_rules
from indicators.figures.service import subtree_figures_drop
from indicators.figures.targets import targets_import
from indicators.maps.services import scale_boundaries_seed
from indicators.models import (
    DataValue,
    Indicator,
    Level,
    Profile,
    Region,
    Report,
    ReportTransition,
    Role,
    Source,
    Target,
)
from indicators.workflow.transitions import reports_approve, reports_submit

PROVINCE = "90"
TOWNS_PER_COUNTY = 20
COUNTIES_PER_PREFECTURE = 10
SEED_USERNAME = "scale-seed"
HISTORY = DataValue.history.model
COMMENT = "规模测试数据：与上年相比变化较大，原因已核实。"

# Typical figure of an average town in the first year, and its yearly growth.
TYPICAL: dict[str, tuple[float, float]] = {
    "agri_integrated_funds": (600, 0.06),
    "industry_projects": (10, 0.04),
    "jobs_created": (300, 0.05),
    "income_gain_per_capita": (1200, 0.07),
    "land_acquired": (150, 0.02),
    "road_investment": (250, 0.06),
    "facility_investment": (600, 0.06),
    "public_toilets": (6, 0.05),
    "garbage_trucks": (4, 0.04),
    "garbage_bins": (80, 0.06),
    "street_lights": (200, 0.06),
    "river_governance_investment": (300, 0.05),
    "water_source_investment": (0.3, 0.05),
    "education_investment": (400, 0.06),
    "schools_upgraded": (4, 0.02),
    "hazard_inspections": (8, 0.04),
    "petitions_handled": (300, -0.02),
    "study_sessions": (40, 0.03),
    "practical_matters": (120, 0.04),
    "standard_branches": (6, 0.05),
    "villages_collective_economy": (8, 0.05),
    "conduct_inspections": (12, 0.04),
    "disciplinary_cases": (4, 0.0),
    "zero_employment_households": (30, -0.08),
    "weak_orgs_rectified": (3, -0.08),
    "closed_mine_conversion_investment": (0.4, 0.0),
    "closed_mines_converted": (0.4, 0.0),
    "markets_built": (0.6, 0.0),
    "incineration_stations": (0.3, 0.0),
}
# Scaled by how much of a town's economy is coal (0 for a farming town).
COAL: dict[str, tuple[float, float]] = {
    "coal_mines_consolidated": (3, 0.0),
    "coal_design_capacity": (300, 0.0),
    "raw_coal_output": (220, 0.02),
    "washed_coal_output": (100, 0.02),
    "coal_output_value": (10, 0.05),
}
# Share of the figure of the same town and year they follow from.
DERIVED = {
    "problems_resolved": ("petitions_handled", 0.12),
    "study_participants": ("study_sessions", 65),
    "persons_disciplined": ("disciplinary_cases", 1.3),
}
COVERAGE = {"village_health_coverage": (80, 2.0), "cemetery_coverage": (45, 4.0)}


@dataclass(frozen=True)
class Layout:
    """How many prefectures, counties and towns a province of ``towns`` towns has."""

    towns: int

    @property
    def counties(self) -> int:
        return math.ceil(self.towns / TOWNS_PER_COUNTY)

    @property
    def prefectures(self) -> int:
        return math.ceil(self.counties / COUNTIES_PER_PREFECTURE)

    def regions(self) -> list[Region]:
        """Every region, parents before children, as unsaved objects."""
        province = _code(PROVINCE)
        regions = [
            Region(
                code=province,
                name="规模测试省（虚构）",
                name_en="Scale Province (fictional)",
                level=Level.PROVINCE,
            )
        ]
        town_number = 0
        for p in range(self.prefectures):
            prefecture = _code(f"{PROVINCE}{p + 1:02d}")
            regions.append(
                Region(
                    code=prefecture,
                    name=f"规模第{p + 1}市（虚构）",
                    name_en=f"Scale Prefecture {p + 1} (fictional)",
                    level=Level.PREFECTURE,
                    parent_id=province,
                )
            )
            first = p * COUNTIES_PER_PREFECTURE
            for c in range(first, min(first + COUNTIES_PER_PREFECTURE, self.counties)):
                county = _code(f"{prefecture[:4]}{c - first + 1:02d}")
                regions.append(
                    Region(
                        code=county,
                        name=f"规模第{c + 1}县（虚构）",
                        name_en=f"Scale County {c + 1} (fictional)",
                        level=Level.COUNTY,
                        parent_id=prefecture,
                    )
                )
                for t in range(min(TOWNS_PER_COUNTY, self.towns - town_number)):
                    town_number += 1
                    regions.append(
                        Region(
                            code=f"{county[:6]}{101 + t:03d}000",
                            name=f"规模第{town_number}镇（虚构）",
                            name_en=f"Scale Town {town_number} (fictional)",
                            level=Level.TOWN,
                            parent_id=county,
                        )
                    )
        return regions


def _code(prefix: str) -> str:
    return prefix.ljust(12, "0")


def province_bounds() -> tuple[str, str]:
    return _code(PROVINCE), PROVINCE.ljust(12, "9")


def province_exists() -> bool:
    return Region.objects.filter(code=_code(PROVINCE)).exists()


def scale_years(count: int) -> range:
    """``count`` years ending with the current one."""
    last = current_year()
    return range(last - count + 1, last + 1)


class _Town:
    """One town's character: its size, its coal, the year of its last accident."""

    def __init__(self, code: str):
        rng = random.Random(f"scale-{code}")  # str seeds hash the same in every process
        self.code = code
        self.rng = rng
        self.size = rng.uniform(0.5, 1.6)
        self.coal = rng.choice((0.0, 0.0, 0.5, 1.0, 1.5))
        self.accident = rng.randint(1995, 2008)
        self.coverage_start = rng.uniform(-3, 3)


def _figure(indicator: Indicator) -> Callable[[float], Decimal]:
    """float → the indicator's Decimal, rounded to its decimals and kept in its bounds."""
    scale, low, high = 10**indicator.decimals, indicator.min_value, indicator.max_value
    places = -indicator.decimals

    def figure(number: float) -> Decimal:
        value = Decimal(round(number * scale)).scaleb(places)
        return low if value < low else high if value > high else value

    return figure


def town_figures(
    code: str, years: range, indicators: list[Indicator]
) -> dict[int, dict[str, Decimal]]:
    """Every figure of one town, year → indicator code → figure, the same on every call."""
    town = _Town(code)
    uniform = town.rng.uniform
    figure = {indicator.code: _figure(indicator) for indicator in indicators}
    codes = list(figure)
    first = years[0]
    result: dict[int, dict[str, Decimal]] = {}
    for year in years:
        step = year - first
        figures: dict[str, Decimal] = {}
        for code in codes:
            noise = uniform(0.92, 1.08)
            if code in TYPICAL:
                base, growth = TYPICAL[code]
                number = base * town.size * (1 + growth) ** step * noise
            elif code in COAL:
                base, growth = COAL[code]
                number = base * town.coal * (1 + growth) ** step * noise
            elif code in DERIVED:
                source, share = DERIVED[code]
                number = float(figures.get(source, 0)) * share * noise
            elif code in COVERAGE:
                start, gain = COVERAGE[code]
                number = min(100.0, start + town.coverage_start + gain * step)
            elif code == "years_without_accidents":
                number = year - town.accident
            elif code == "collective_economy_bar":
                number = 5 if year < 2021 else 10
            else:  # an indicator added to the catalogue after this was written
                number = 10 * noise
            figures[code] = figure[code](number)
        result[year] = figures
    return result


def town_rows(
    code: str, years: range, indicators: list[Indicator], rules: RuleSet
) -> list[FigureRow]:
    """A town's figures as rows, with a comment wherever the ±30% rule asks for one."""
    by_year = town_figures(code, years, indicators)
    rows = []
    previous: dict[str, Decimal] = {}
    for year, figures in by_year.items():
        found = check_figures(figures, previous, rules=rules)
        explain = {f.indicator for f in found if f.blocks_submit}
        rows += [
            FigureRow(indicator, code, year, figure, COMMENT if indicator in explain else "")
            for indicator, figure in figures.items()
        ]
        previous = figures
    return rows


def seed_user() -> User:
    """The system account the seed writes and approves as: a 管理员 without a password
    (no superuser: `check --deploy` warns about any active one)."""
    user, created = User.objects.get_or_create(
        username=SEED_USERNAME, defaults={"first_name": "规模测试数据", "is_staff": False}
    )
    if created or user.is_superuser:
        user.is_superuser = False
        user.set_unusable_password()
        user.save(update_fields=["password", "is_superuser"])
    Profile.objects.get_or_create(user=user, defaults={"role": Role.ADMIN})
    return user


def _batches(towns: list[str], per_town: int) -> Iterator[list[str]]:
    """Whole towns per import, as many as fit in one import's rows."""
    size = max(1, MAX_IMPORT_ROWS // per_town)
    for start in range(0, len(towns), size):
        yield towns[start : start + size]


@dataclass
class SeedResult:
    regions: int
    reports: int
    figures: int


def seed_scale(
    *, towns: int, years: int, progress: Callable[[int, int], None] | None = None
) -> SeedResult:
    """Build the province, write its figures in imports of whole towns, approve every report.

    Each batch is one import and its reports' submission and approval; a failure
    leaves the batches before it written. Refuses when the province exists.
    """
    if province_exists():
        raise ProvinceExists
    user = seed_user()
    indicators = list(Indicator.objects.in_report_order())
    span = scale_years(years)
    regions = Layout(towns).regions()
    Region.objects.bulk_create(regions, batch_size=2000)
    scale_boundaries_seed(regions=regions, valid_from=span[0])
    town_codes = [region.code for region in regions if region.level == Level.TOWN]
    total = len(town_codes) * len(indicators) * len(span)
    written = 0
    with _quick_commits(), ThreadPoolExecutor(max_workers=1) as pool:
        # The next batch's rows are made while this one waits on the database.
        batches = list(_batches(town_codes, len(indicators) * len(span)))
        rules = load_rules(indicators)  # read here: the rows are made in another thread
        rows = pool.submit(_rows_of, batches[0], span, indicators, rules) if batches else None
        for number, batch in enumerate(batches):
            current = rows.result()
            if number + 1 < len(batches):
                rows = pool.submit(_rows_of, batches[number + 1], span, indicators, rules)
            written += _write_batch(current, batch, span, user)
            if number + 1 in (1, 4, 16, 64):  # the tables grew fourfold
                _analyze(DataValue, Report)
            if progress is not None:
                progress(written, total)
    _analyze(DataValue, HISTORY, Report, ReportTransition)
    counties = [region.code for region in regions if region.level == Level.COUNTY]
    seed_scale_assessment(counties=counties, year=assessment_year(span), user=user)
    return SeedResult(len(regions), len(town_codes) * len(span), written)


def _analyze(*models) -> None:
    """Fresh planner statistics for the tables the seed fills.

    Without them PostgreSQL planned the rules' read of every import as a scan of all
    the figures (0.3 s at a million); autovacuum would analyze them in time, but it
    may be off, or behind a bulk load.
    """
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def _rows_of(
    batch: list[str], span: range, indicators: list[Indicator], rules: RuleSet
) -> list[FigureRow]:
    return [row for code in batch for row in town_rows(code, span, indicators, rules)]


def _write_batch(rows: list[FigureRow], batch: list[str], span: range, user: User) -> int:
    """One import through the write service, then its reports submitted and approved."""
    with transaction.atomic():
        summary = figures_import(rows=rows, user=user, source=Source.SEED)
        if summary.conflicts:
            raise RuntimeError(f"the scale seed was refused: {summary.conflicts[:3]}")
        reports = Report.objects.filter(region_id__in=batch, year__in=list(span))
        reports_approve(reports=reports_submit(reports=reports, user=user), user=user)
    return summary.created + summary.updated


@contextmanager
def _quick_commits() -> Iterator[None]:
    """On PostgreSQL, commits that do not wait for the disk, for this session only.

    A crash could lose the last second of batches (never half of one); the seed is
    synthetic and refuses or replaces cleanly, so it is worth the time.
    """
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")


class ProvinceExists(Exception):
    pass


def drop_province() -> None:
    """Remove the synthetic province and everything under it, set-based.

    Reports, figures, their history and transitions go through the store
    (:func:`~indicators.figures.service.subtree_figures_drop`, which keeps stamps and
    summaries); then targets and regions. Audit entries are append-only and stay.
    """
    low, high = province_bounds()
    with transaction.atomic():
        subtree_figures_drop(low=low, high=high)
        drop_scale_assessment(low=low, high=high)
        Target.objects.filter(region_id__gte=low, region_id__lte=high).delete()
        regions = Region.objects.filter(code__gte=low, code__lte=high)
        for level in (Level.VILLAGE, Level.TOWN, Level.COUNTY, Level.PREFECTURE, Level.PROVINCE):
            regions.filter(level=level).delete()


# --- The annual assessment (考核) at province scale --------------------------------
# Every county gets the demo scheme for the year before the last seeded one, and its
# towns a target for each item scored on a target: last year's figure + 6 %.

ASSESSMENT_TARGET_GAIN = Decimal("1.06")


def assessment_year(span: range) -> int:
    """The year assessed: the last complete one of the span (its only year if just one)."""
    return span[-2] if len(span) > 1 else span[-1]


def seed_scale_assessment(*, counties: list[str], year: int, user: User) -> int:
    """Save the demo scheme for ``year`` in each county (where none is) and write the
    targets its target items read, through the targets' write path. Returns schemes saved."""
    source = demo_scheme(year)
    indicators = {indicator.code: indicator for indicator in Indicator.objects.all()}
    codes = sorted(
        {i.indicator for i in scheme_load(source, indicators).items if i.method == "target"}
    )
    low, high = province_bounds()
    rows = [
        FigureRow(code, town, year, _target(indicators[code], value))
        for code, town, value in DataValue.objects.filter(
            report__region_id__gte=low,
            report__region_id__lte=high,
            report__year=year - 1,
            indicator_id__in=codes,
        ).values_list("indicator_id", "report__region_id", "value")
    ]
    for start in range(0, len(rows), MAX_IMPORT_ROWS):
        summary = targets_import(rows=rows[start : start + MAX_IMPORT_ROWS], user=user)
        if summary.conflicts:
            raise RuntimeError(f"the scale targets were refused: {summary.conflicts[:3]}")
    _analyze(Target)
    saved = 0
    for county in Region.objects.filter(code__in=counties):
        if not SchemeVersion.objects.of(county, year).exists():
            scheme_save(county=county, year=year, source=source, user=user)
            saved += 1
    return saved


def _target(indicator: Indicator, last: Decimal) -> Decimal:
    """Last year's figure + 6 %, at the indicator's decimals and within its bounds."""
    value = (last * ASSESSMENT_TARGET_GAIN).quantize(Decimal(1).scaleb(-indicator.decimals))
    return min(max(value, indicator.min_value), indicator.max_value)


def drop_scale_assessment(*, low: str, high: str) -> None:
    """The synthetic counties' schemes and publications, so that their regions can go."""
    Publication.objects.filter(scheme__county_id__gte=low, scheme__county_id__lte=high).delete()
    SchemeVersion.objects.filter(county_id__gte=low, county_id__lte=high).delete()
