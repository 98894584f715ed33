"""The annual report follows the catalogue: a new indicator prints its sentence with its
figure in its section; a retired one leaves from its year, with its clause."""

import pytest

from indicators.models import Indicator, Section
from indicators.reports import build_report
from indicators.reports.clauses import without_clauses
from indicators.reports.document import FigureRun, TextRun
from indicators.reports.plain import report_text
from tests.factories import save_figures

from .conftest import FARMLAND, retire

pytestmark = pytest.mark.django_db


def text(user, region, year) -> str:
    return report_text(build_report(user, region, year))


def section_text(user, region, year, code) -> str:
    report = build_report(user, region, year)
    (part,) = [part for part in report.parts if part.code == code]
    return "\n".join(paragraph.text for paragraph in part.paragraphs)


def test_a_new_indicator_prints_its_sentence_with_its_figure_in_its_section(towns, clerk, farmland):
    save_figures(towns[0], 2026, {FARMLAND: "1200.5"}, user=clerk)
    industry = section_text(clerk, towns[0], 2026, "industry")
    assert industry.endswith("新建高标准农田1200.5亩。")
    assert "新建高标准农田XX亩。" in text(clerk, towns[0], 2025)  # missing: XX, and listed
    assert [run.code for run in build_report(clerk, towns[0], 2025).missing].count(FARMLAND) == 1


def test_the_county_report_adds_its_towns_figures_of_the_new_indicator(
    towns, clerk, farmland, county, admin_user
):
    save_figures(towns[0], 2026, {FARMLAND: "100"}, user=admin_user)
    save_figures(towns[1], 2026, {FARMLAND: "20.5"}, user=admin_user)
    assert "新建高标准农田120.5亩（2个镇合计，尚缺1个镇）。" in text(admin_user, county, 2026)


def test_a_sentence_without_xx_is_followed_by_the_figure(towns, clerk, farmland):
    farmland.source_sentence = "全年建成高标准农田"
    farmland.save()
    save_figures(towns[0], 2026, {FARMLAND: "8"}, user=clerk)
    assert "全年建成高标准农田8.0亩。" in text(clerk, towns[0], 2026)


def test_a_sentence_of_two_figures_prints_this_indicators_figure_at_its_unit(
    towns, clerk, farmland
):
    farmland.source_sentence = "开展培训XX余场次XXX余亩"
    farmland.save()
    save_figures(towns[0], 2026, {FARMLAND: "300"}, user=clerk)
    assert "开展培训XX余场次300.0亩。" in text(clerk, towns[0], 2026)


def test_new_indicators_of_a_new_section_get_a_part_of_their_own(towns, clerk, farmland):
    Section.objects.create(
        code="farming", number=6, heading="聚焦农业发展", short_name="农业", title_en="Farming"
    )
    Indicator.objects.filter(code=FARMLAND).update(section_id="farming")
    save_figures(towns[0], 2026, {FARMLAND: "8"}, user=clerk)
    report = build_report(clerk, towns[0], 2026)
    sections = [part for part in report.parts if part.kind == "section"]
    assert (sections[-1].numbered_heading, sections[-1].paragraphs[0].text) == (
        "六、聚焦农业发展",
        "新建高标准农田8.0亩。",
    )
    assert report.parts[-1].kind == "closing"


def test_a_retired_indicator_is_gone_from_its_year_with_its_clause_and_kept_before(
    towns, clerk, catalogue, in_2027
):
    figures = {"agri_integrated_funds": "500", "industry_projects": "6", "road_investment": "80"}
    save_figures(towns[0], 2026, figures, user=clerk)
    save_figures(towns[0], 2027, figures, user=clerk)
    retire("agri_integrated_funds", 2027)
    retire("road_investment", 2027)

    before = text(clerk, towns[0], 2026)
    assert "产业发展格局，累计投入财政涉农整合资金500.00万元，" in before
    assert "道路路面硬化，投入80.00万元。不断完善" in before

    after = text(clerk, towns[0], 2027)
    assert "财政涉农整合资金" not in after
    assert "产业发展格局，6个产业项目落地见效" in after
    assert "道路路面硬化。不断完善" in after
    printed = {run.code for run in build_report(clerk, towns[0], 2027).figures}
    assert "agri_integrated_funds" not in printed


def test_a_countys_own_indicator_is_only_in_its_towns_reports(
    towns, clerk, farmland, county, other_town, admin_user
):
    farmland.scope = county
    farmland.save()
    assert "新建高标准农田" in text(admin_user, towns[0], 2026)
    assert "新建高标准农田" in text(admin_user, county, 2026)
    assert "新建高标准农田" not in text(admin_user, other_town, 2026)


def test_the_reference_towns_report_is_unchanged_by_indicators_it_writes_in_words(
    towns, clerk, catalogue
):
    """零就业家庭 and the coverage rates are written out in the templates' words."""
    report = build_report(clerk, towns[0], 2026)
    assert "就业形势总体保持稳定，零就业家庭实现动态清零" in report_text(report)
    assert "zero_employment_households" not in {run.code for run in report.figures}


def _runs(*pieces):
    """Text and figures: a str is text, a (code,) tuple a figure (its unit in the text)."""

    def figure(code):
        return FigureRun(code, code, "s", "个", "", None, None, False, "", "")

    return [figure(piece[0]) if isinstance(piece, tuple) else TextRun(piece) for piece in pieces]


@pytest.mark.parametrize(
    ("pieces", "expected"),
    [
        (("甲，乙", ("gone",), "个，丙。"), "甲，丙。"),
        (("甲，乙", ("gone",), "个。"), "甲。"),
        (("乙", ("gone",), "个，丙。"), "丙。"),
        (("甲。乙", ("gone",), "个，丙。"), "甲。丙。"),
        (("甲；乙", ("gone",), "个，丙"), "甲；丙"),
        (("原煤", ("kept",), "个、洗精煤", ("gone",), "个，实现"), "原煤XX个，实现"),
        (("甲，乙", ("gone",), "个"), "甲。"),
    ],
)
def test_a_gone_figure_takes_its_clause_and_the_stronger_mark_stays(pieces, expected):
    runs = without_clauses(_runs(*pieces), lambda run: run.code == "gone")
    assert "".join(run.text for run in runs) == expected


def test_the_report_prints_its_sections_in_the_catalogues_order(
    catalogue, towns, clerk, admin_user
):
    from indicators.catalogue import editing

    codes = list(Section.objects.order_by("number").values_list("code", flat=True))
    editing.sections_reorder(
        user=admin_user, codes=[codes[-1], *codes[:-1]], reason="党建放在第一部分"
    )
    sections = [part.code for part in build_report(clerk, towns[0], 2025).parts]
    assert sections[1:3] == [codes[-1], codes[0]]  # after the preamble
