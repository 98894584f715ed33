"""The county's report adds up its towns as the dashboards do."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User

from indicators.models import Region
from indicators.reads.area import area_data
from indicators.reports import build_report
from indicators.reports.plain import report_text
from indicators.seeding.demo import seed_demo
from tests.factories import TargetFactory, save_figures

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(catalogue):
    seed_demo()
    return Region.objects.get(code=settings.DEMO_COUNTY_CODE)


@pytest.mark.parametrize(
    ("who", "year", "unapproved"),
    [("county", 2025, True), ("county", 2026, True), ("anonymous", 2025, False)],
)
def test_the_county_reports_totals_are_the_dashboards_county_figures(demo, who, year, unapproved):
    user = AnonymousUser() if who == "anonymous" else User.objects.get(username=who)
    report = build_report(user, demo, year)
    data = area_data(
        user, area=demo, year=year, first_year=year, last_year=year, include_unapproved=unapproved
    )
    shown = {code: row.value for (code, _year), row in data.area_values().items()}
    assert report.figures
    for run in report.figures:
        assert run.value == shown.get(run.code), run.code
    assert sum(1 for run in report.figures if not run.missing) > 20


def test_the_county_report_speaks_of_the_county(demo):
    text = report_text(build_report(AnonymousUser(), demo, 2025))
    title, preamble = text.splitlines()[:2]
    assert title == "演示县（虚构）2025年度工作报告"
    assert preamble.startswith("过去一年，在市委、市政府的坚强领导下，演示县（虚构）以")
    assert "着力建设工业强县。" in text
    assert "2025年，全县完成原煤产量" in text
    assert "力争建成城乡融合高质量发展示范县。" in text
    assert "当前全县经济社会发展" in text
    assert "市委巡察反馈问题全部整改完成" in text
    for town_word in ("工业强镇", "产业大镇", "示范镇", "县委、县政府", "全镇"):
        assert town_word not in text


def test_a_figure_that_is_not_added_up_leaves_its_clause_out_of_the_county_report(demo):
    report = build_report(User.objects.get(username="county"), demo, 2025)
    assert report.missing == []
    assert "collective_economy_bar" not in {run.code for run in report.figures}
    assert "个村（社区）集体经济达标。" in report_text(report)


def test_a_county_figure_of_only_some_towns_is_not_compared(
    catalogue, county, towns, clerk, county_official
):
    save_figures(towns[0], 2024, {"raw_coal_output": "100"}, user=clerk)
    save_figures(towns[0], 2025, {"raw_coal_output": "120"}, user=clerk)
    TargetFactory(indicator=catalogue["raw_coal_output"], region=county, year=2025, value=100)
    report = build_report(county_official, county, 2025)
    [run] = [run for run in report.figures if run.code == "raw_coal_output"]
    assert run.value == Decimal("120.00")
    assert (run.towns, run.total_towns, run.partial) == (1, 3, True)
    # Last year also one town: the change is comparable; the target (all towns) is not.
    assert run.text == "120.00万吨（1个镇合计，尚缺2个镇，同比增长20.0%）"


def test_a_county_report_reads_in_a_fixed_number_of_queries(demo, django_assert_num_queries):
    with django_assert_num_queries(7):
        build_report(AnonymousUser(), demo, 2025)
    official = User.objects.get(username="county")
    with django_assert_num_queries(9):
        build_report(official, demo, 2025)
