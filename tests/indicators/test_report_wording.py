"""Each place's report in its own words: its own names, no placeholders, no doubled
phrases, "余" only after a round figure, a zero clause left out. Read as whole sentences."""

import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User

from indicators.models import FactKind, Region, RegionFact
from indicators.reports import TemplateError, build_report
from indicators.reports.congress import congress_phrase
from indicators.reports.facts import DEMO_FACTS
from indicators.reports.phrases import about
from indicators.reports.plain import report_text
from indicators.reports.syntax import parse
from indicators.seeding.demo import seed_demo
from tests.factories import save_figures

pytestmark = pytest.mark.django_db

# The reference town's own enterprises, river, reservoir and villages.
REFERENCE_NAMES = (
    *("永安煤矿", "太吉煤业", "久安煤矿", "太吉", "茂兰", "大跌水", "鸡田", "海章", "上色则"),
    "新街",
)
PLACEHOLDER = re.compile(r"(?<![A-Za-z])[Xx]+(?![A-Za-z])")
DOUBLED = re.compile(r"([\u4e00-\u9fff]{2,})\1")
ABOUT_AFTER_DECIMAL = re.compile(r"\d\.\d+余")
ZERO = re.compile(r"(?<![\d.])0(\.0+)?(亿元|万元|万吨|座|个|亩|人|件|次|年)")
TOWN_WORDS = ("工业强镇", "产业大镇", "示范镇", "县委、县政府", "全镇", "我镇")


@pytest.fixture
def demo(catalogue):
    seed_demo()
    return Region.objects.get(code=settings.DEMO_COUNTY_CODE)


def others_names(suffix: str) -> list[str]:
    """The proper names the other demo towns gave (the villages each town's own)."""
    kinds = (FactKind.CLOSED_MINE, FactKind.RIVER, FactKind.RESERVOIR, FactKind.INDUSTRY)
    return [
        name
        for other, facts in DEMO_FACTS.items()
        if other not in (suffix, "")
        for kind in kinds
        for name in facts.get(kind, [])
    ]


def test_every_demo_report_of_2025_reads_as_its_own_places(demo):
    official = User.objects.get(username="admin")
    regions = [demo, *Region.objects.within(demo).towns().order_by("code")]
    assert len(regions) == 9
    for region in regions:
        report = build_report(official, region, 2025)
        text = report_text(report)
        suffix = "" if region == demo else region.code[6:9]
        where = region.name
        assert report.missing == [] and report.missing_places == [] and report.blanks == 0
        assert PLACEHOLDER.search(text) is None, where
        for name in REFERENCE_NAMES:
            assert name not in text, (where, name)
        for name in others_names(suffix):
            assert name not in text, (where, name)
        for sentence in re.split(r"[。：]", text):
            assert DOUBLED.search(sentence) is None, (where, sentence)
            assert ABOUT_AFTER_DECIMAL.search(sentence) is None, (where, sentence)
            assert ZERO.search(sentence) is None, (where, sentence)
            assert re.search(r"目标的[\d.]+%）完成", sentence) is None, (where, sentence)
        assert "党的二十大和二十届二中、三中、四中全会精神" in text
        if region == demo:
            assert not any(word in text for word in TOWN_WORDS), text
            assert "在市委、市政府的坚强领导下" in text
            assert "投资3500余万元完成清水江综合治理。" in text
        else:
            assert "在县委、县政府的坚强领导下" in text


def test_a_town_names_its_own_river_and_reservoir(demo):
    report = build_report(
        User.objects.get(username="admin"), Region.objects.get(code="999901100000"), 2025
    )
    text = report_text(report)
    assert "万元完成青山河综合治理。" in text
    assert "亿元完成龙塘水库水源点建设。" in text
    assert "实施“青山先锋”党建品牌创建行动，" in text


def test_a_fact_not_given_leaves_its_clause_out_rather_than_printing_xx(catalogue, towns, clerk):
    save_figures(
        towns[0],
        2025,
        {"river_governance_investment": "416.65", "closed_mine_conversion_investment": "1.2"},
        user=clerk,
    )
    text = report_text(build_report(clerk, towns[0], 2025))
    assert "投资410余万元完成河道综合治理。" in text
    assert "进一步优化产业结构，关停煤矿累计投入1.20亿元转型发展" in text
    RegionFact.objects.create(region=towns[0], kind=FactKind.RIVER, names=["小溪河", "大沙河"])
    text = report_text(build_report(clerk, towns[0], 2025))
    assert "投资410余万元完成小溪河、大沙河综合治理。" in text


def test_a_zero_leaves_its_clause_out_or_says_it_did_not_happen(catalogue, towns, clerk):
    figures = {
        "closed_mine_conversion_investment": "0",
        "disciplinary_cases": 0,
        "markets_built": 0,
    }
    save_figures(towns[0], 2025, figures, user=clerk)
    text = report_text(build_report(clerk, towns[0], 2025))
    assert "关停煤矿累计投入" not in text
    assert "转型发展拓展增量" not in text  # the paragraph went, with its run-in heading
    assert "次，未发生党纪立案。" in text
    assert "农贸市场" not in text


@pytest.mark.parametrize(
    ("value", "rounded"),
    [
        ("416.65", "410"),
        ("1234", "1200"),
        ("35.4", "35"),
        ("99.9", "99"),
        ("300", None),
        ("12", None),
        ("0.5", None),
    ],
)
def test_yu_follows_only_a_figure_rounded_down(value, rounded):
    assert about(Decimal(value)) == (Decimal(rounded) if rounded else None)


def test_a_round_figure_prints_without_yu_and_an_exact_one_with_it(catalogue, towns, clerk):
    save_figures(towns[0], 2025, {"jobs_created": 300, "petitions_handled": 327}, user=clerk)
    text = report_text(build_report(clerk, towns[0], 2025))
    assert "带动300人就业" in text
    assert "群众来信来访320余件" in text


@pytest.mark.parametrize(
    ("year", "phrase"),
    [
        (2016, "党的十八大和十八届三中、四中、五中、六中全会精神"),
        (2017, "党的十九大精神"),
        (2021, "党的十九大和十九届二中、三中、四中、五中、六中全会精神"),
        (2022, "党的二十大精神"),
        (2025, "党的二十大和二十届二中、三中、四中全会精神"),
        (2027, "党的二十大和二十届历次全会精神"),
    ],
)
def test_the_partys_congresses_are_written_out_for_the_reports_year(year, phrase):
    assert congress_phrase(year) == phrase


def test_a_county_report_never_names_a_town_fact(demo):
    text = report_text(build_report(AnonymousUser(), demo, 2025))
    for name in others_names(""):
        assert name not in text


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("〔甲〔乙〕〕", "〔〕中不能再写〔〕"),
        ("〔甲", "没有对应的“〕”"),
        ("甲〕", "前面没有“〔”"),
        ("完成{河流}综合治理。", "{河流}要写在〔〕中"),
        ("标题：{河流}\n\n正文。", "标题中不能写〔〕或本地名称"),
        ("【原煤产量，零则无】万吨", "只能写“同比”“目标”或“零则略”"),
    ],
)
def test_a_template_mistake_with_clauses_fails_with_its_line(source, message):
    with pytest.raises(TemplateError, match=re.escape(message)):
        parse("01_industry", source)


def test_the_shipped_templates_name_no_place_and_leave_no_blank():
    from indicators.reports.loader import TEMPLATE_DIR

    for path in TEMPLATE_DIR.glob("*.txt"):
        text = "\n".join(
            line
            for line in path.read_text(encoding="utf-8").splitlines()
            if not line.startswith("#")
        )
        assert PLACEHOLDER.search(text) is None, path.name
        for name in REFERENCE_NAMES:
            assert name not in text, (path.name, name)


def test_seeding_again_adds_no_fact_and_keeps_an_edited_one(demo):
    qingshan = Region.objects.get(code="999901100000")
    RegionFact.objects.filter(region=qingshan, kind=FactKind.RIVER).update(names=["改过的河"])
    RegionFact.objects.filter(region=qingshan, kind=FactKind.RESERVOIR).delete()
    assert seed_demo()["facts"] == 1  # only the deleted kind comes back
    assert RegionFact.objects.get(region=qingshan, kind=FactKind.RIVER).names == ["改过的河"]
