"""The report of a town: the stored figures in their sentences, XX where one is missing."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User

from indicators.models import DataValue, Region, Status
from indicators.reports import build_report
from indicators.reports.plain import report_text
from indicators.seeding.demo import seed_demo
from indicators.workflow.transitions import report_approve, report_submit
from tests import factories
from tests.factories import TargetFactory, save_figures

pytestmark = pytest.mark.django_db

QINGSHAN = "999901100000"  # 青山镇, the demo's first town

# Where each figure stands in the report, "{}" for the figure as printed.
SENTENCES = {
    "coal_mines_consolidated": "全面完成辖区内{}座煤矿的整治重组工作",
    "coal_design_capacity": "全镇煤矿设计产能达{}万吨／年，从根本上",
    "raw_coal_output": "2025年，全镇完成原煤产量{}万吨",
    "washed_coal_output": "、洗精煤{}万吨",
    "coal_output_value": "实现煤炭工业总产值{}亿元",
    "agri_integrated_funds": "累计投入财政涉农整合资金{}万元",
    "industry_projects": "新寨村蔬菜种植等{}个产业项目落地见效",
    "jobs_created": "带动{}人就业",
    "income_gain_per_capita": "人均增收{}元",
    "land_acquired": "完成集镇新区{}亩土地征收",
    "road_investment": "完成青山村等村（社区）道路路面硬化，投入{}万元",
    "facility_investment": "不断推进配套设施建设，累计投资{}万元",
    "markets_built": "新建集镇标准化农贸市场{}个",
    "public_toilets": "建成集镇公厕{}座",
    "garbage_trucks": "购置垃圾清运车{}辆",
    "garbage_bins": "购置垃圾箱{}个，安装路灯",
    "street_lights": "安装路灯{}盏，集镇功能日趋完善。",
    "river_governance_investment": "投资{}万元完成青山河综合治理",
    "water_source_investment": "投入{}亿元完成龙塘水库水源点建设",
    "education_investment": "教育教学设施提升工程，投资{}万元",
    "schools_upgraded": "民生事业不断进步。完成{}所中小学教育教学设施提升工程",
    "hazard_inspections": "今年以来共开展{}次隐患大排查整治工作",
    "years_without_accidents": "烟花爆竹等领域连续{}年未发生安全生产事故",
    "petitions_handled": "累计办理各级转办件和群众来信来访{}件",
    "problems_resolved": "化解突出问题{}件",
    "study_sessions": "累计开展各类学习教育宣讲活动{}场次",
    "study_participants": "场次、参与{}人次，",
    "practical_matters": "完成“我为群众办实事”事项{}件",
    "standard_branches": "建成规范化达标党支部{}个",
    "villages_collective_economy": "实现集体经济全壮大，{}个村（社区）",
    "collective_economy_bar": "集体经济均达{}万元",
    "conduct_inspections": "共开展作风督查{}次",
    "disciplinary_cases": "党纪立案{}件",
    "persons_disciplined": "件{}人。",
}
# Zero in the demo's 2025 for 青山镇: their clauses are left out ("零则略").
LEFT_OUT = {"closed_mine_conversion_investment", "incineration_stations", "weak_orgs_rectified"}


@pytest.fixture
def demo(catalogue):
    seed_demo()
    return Region.objects.get(code=settings.DEMO_COUNTY_CODE)


def stored(town: str, year: int) -> dict[str, Decimal]:
    rows = DataValue.objects.filter(report__region_id=town, report__year=year)
    return dict(rows.values_list("indicator_id", "value"))


def test_the_demo_towns_report_carries_the_exact_stored_figures_in_their_sentences(demo, catalogue):
    official = User.objects.get(username="county")
    report = build_report(official, Region.objects.get(code=QINGSHAN), 2025)
    text = report_text(report)
    figures = stored(QINGSHAN, 2025)
    assert {run.code for run in report.figures} == set(SENTENCES)
    assert all(figures[code] == 0 for code in LEFT_OUT)
    for code, sentence in SENTENCES.items():
        [run] = {run.code: run for run in report.figures if run.code == code}.values()
        printed = catalogue[code].format_value(figures[code])
        if run.unit_text.startswith("余"):  # a round figure, below the stored one
            printed = run.number + "余"
            assert Decimal(run.number) < figures[code]
        assert sentence.format(printed) in text, code
    assert {run.code: run.value for run in report.figures} == {
        code: figures[code].quantize(catalogue[code].quantum) for code in SENTENCES
    }
    assert report.missing == []


def test_figures_not_yet_entered_print_xx_and_are_listed(demo, catalogue):
    clerk = User.objects.get(username="clerk")
    report = build_report(clerk, Region.objects.get(code=QINGSHAN), 2026)
    entered = stored(QINGSHAN, 2026)
    missing = [run.code for run in report.figures if run.code not in entered]
    assert missing  # the demo's 2026 is 60% done
    assert [run.code for run in report.missing] == [
        run.code for run in report.figures if run.code in missing
    ]
    text = report_text(report)
    for code in set(missing) & set(SENTENCES):
        run = next(run for run in report.figures if run.code == code)
        printed = "XX余" if run.unit_text.startswith("余") else "XX"
        assert SENTENCES[code].replace("2025", "2026").format(printed) in text, code
    for run in report.figures:
        assert run.missing == (run.code in missing)
        assert run.approved is False  # a draft


def test_the_places_come_from_the_region_data(demo):
    town = Region.objects.get(code=QINGSHAN)
    Region.objects.create(code="999901100001", name="鸡田村", level="village", parent=town)
    Region.objects.create(code="999901100002", name="茂兰村", level="village", parent=town)
    report = build_report(AnonymousUser(), town, 2025)
    text = report_text(report)
    assert report.title == "青山镇（演示）2025年度工作报告"
    assert "在县委、县政府的坚强领导下，青山镇（演示）以习近平" in text
    assert "视察演示重要讲话精神，紧紧围绕“生态青山、活力青山”的目标" in text
    # The region data's villages come before the town's own list.
    assert "完成鸡田村等村（社区）道路路面硬化" in text
    assert report.missing_places == []


@pytest.fixture
def coal(catalogue, towns, clerk):
    """Raw coal output of the first town: 2024 and 2025, as a draft."""

    def write(**years):
        for year, value in years.items():
            save_figures(towns[0], int(year[1:]), {"raw_coal_output": value}, user=clerk)
        return build_report(clerk, towns[0], 2025)

    return write


def raw_coal(report) -> str:
    [run] = [run for run in report.figures if run.code == "raw_coal_output"]
    return run.text


def test_growth_and_target_phrases_follow_the_figure(coal, towns, catalogue):
    TargetFactory(indicator=catalogue["raw_coal_output"], region=towns[0], year=2025, value=200)
    report = coal(y2024="100", y2025="110")
    assert raw_coal(report) == "110.00万吨（同比增长10.0%，完成年度目标的55.0%）"
    sentence = (
        "2025年，全镇完成原煤产量110.00万吨（同比增长10.0%，完成年度目标的55.0%）、洗精煤XX万吨"
    )
    assert sentence in report_text(report)


def test_a_fall_reads_as_a_fall(coal):
    assert raw_coal(coal(y2024="120", y2025="90")) == "90.00万吨（同比下降25.0%）"


def test_without_last_year_there_is_no_year_on_year_phrase(coal):
    assert raw_coal(coal(y2025="110")) == "110.00万吨"


def test_from_zero_last_year_there_is_no_percentage(coal, towns, catalogue):
    TargetFactory(indicator=catalogue["raw_coal_output"], region=towns[0], year=2025, value=100)
    assert raw_coal(coal(y2024="0", y2025="50")) == "50.00万吨（完成年度目标的50.0%）"


def test_a_figure_the_template_asks_no_phrase_for_prints_none(coal, towns, clerk):
    save_figures(towns[0], 2024, {"jobs_created": 100}, user=clerk)
    save_figures(towns[0], 2025, {"jobs_created": 150}, user=clerk)
    report = build_report(clerk, towns[0], 2025)
    [jobs] = [run for run in report.figures if run.code == "jobs_created"]
    assert jobs.year_on_year == "同比增长50.0%"  # known, for the page's hover text
    assert jobs.text == "150人"  # exact: no "余" after a round figure
    assert "带动150人就业" in report_text(report)


def test_an_anonymous_visitor_sees_only_approved_public_figures(
    catalogue, towns, clerk, reviewer, county_official
):
    town = towns[0]
    save_figures(town, 2024, {"raw_coal_output": "80", "petitions_handled": 30}, user=clerk)
    report = report_submit(report=town.reports.get(year=2024), user=reviewer)
    report_approve(report=report, user=county_official)
    save_figures(town, 2025, {"raw_coal_output": "100"}, user=clerk)

    seen = build_report(AnonymousUser(), town, 2024)
    figures = {run.code: run for run in seen.figures}
    assert figures["raw_coal_output"].text == "80.00万吨"
    assert figures["raw_coal_output"].approved
    assert figures["petitions_handled"].missing  # not public: XX, like a missing one
    draft = build_report(AnonymousUser(), town, 2025)
    assert {run.code: run for run in draft.figures}["raw_coal_output"].missing
    mine = build_report(clerk, town, 2025)
    assert {run.code: run for run in mine.figures}["raw_coal_output"].text == (
        "100.00万吨（同比增长25.0%）"
    )


# The demo's admin is a 管理员 by its profile (no superuser shortcut): one read for it.
@pytest.mark.parametrize(("who", "queries"), [("anonymous", 6), ("clerk", 8), ("admin", 7)])
def test_a_town_report_reads_in_a_fixed_number_of_queries(
    demo, who, queries, django_assert_num_queries
):
    user = AnonymousUser() if who == "anonymous" else User.objects.get(username=who)
    town = Region.objects.get(code=QINGSHAN)
    with django_assert_num_queries(queries):
        build_report(user, town, 2025)


def test_the_query_count_does_not_grow_with_the_figures(
    catalogue, towns, clerk, django_assert_num_queries
):
    small = build_report  # an empty town, then one with every figure for two years
    with django_assert_num_queries(6):
        small(AnonymousUser(), towns[1], 2025)
    for year in (2024, 2025):
        report = factories.ReportFactory(region=towns[1], year=year, status=Status.APPROVED)
        for indicator in catalogue.values():
            factories.DataValueFactory(
                report=report, indicator=indicator, value=Decimal(year % 100)
            )
    with django_assert_num_queries(6):
        report = small(AnonymousUser(), towns[1], 2025)
    assert len([run for run in report.figures if not run.missing]) == 33  # public ones


def test_only_towns_and_counties_have_a_report(county, towns):
    village = Region.objects.create(
        code=towns[0].code[:9] + "001", name="村", level="village", parent=towns[0]
    )
    with pytest.raises(ValueError):
        build_report(AnonymousUser(), village, 2025)
