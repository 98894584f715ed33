"""The report templates: files people edit, checked against the catalogue."""

import re

import pytest

from indicators.models import Indicator, Level
from indicators.reports.loader import TEMPLATE_DIR, bind, default_texts, region_parts
from indicators.reports.syntax import Blank, Lead, Place, Slot, TemplateError, Text, parse

pytestmark = pytest.mark.django_db

SECTION_FILE = """# a note that never prints
标题：聚焦产业发展，经济社会稳步发展

小标题：突出优势优化存量。
{年度}年，全{级}完成原煤产量【原煤产量，同比，目标】万吨、
洗精煤【洗精煤产量】万吨。

带动【带动就业】余人就业。
"""


def bound(source: str, name: str = "01_industry"):
    [part] = bind([parse(name, source)], list(Indicator.objects.in_report_order()))
    return part.template


def shipped_parts(town):
    """The parts a town's report prints with no saved version: the shipped files."""
    return region_parts(town, list(Indicator.objects.in_report_order()))


def test_every_shipped_template_names_known_indicators_with_their_units(catalogue, towns):
    parts = shipped_parts(towns[0])
    assert [part.template.name for part in parts] == [
        "00_preamble",
        "01_industry",
        "02_urbanisation",
        "03_green",
        "04_livelihood",
        "05_party",
        "99_closing",
    ]
    for part in parts:
        for slot in part.template.slots:
            assert slot.unit.removeprefix("余") == catalogue[slot.code].unit


def test_every_figure_the_reference_blanks_is_in_a_template(catalogue, towns):
    parts = shipped_parts(towns[0])
    printed = {slot.code for part in parts for slot in part.template.slots}
    blanked = {code for code, i in catalogue.items() if re.search("X", i.source_sentence)}
    assert printed == blanked
    # The reference words these four without a figure ("全覆盖", "动态清零").
    assert set(catalogue) - printed == {
        "closed_mines_converted",
        "village_health_coverage",
        "zero_employment_households",
        "cemetery_coverage",
    }


def test_a_template_reads_into_headings_paragraphs_leads_places_and_figures(catalogue):
    template = bound(SECTION_FILE)
    assert template.heading == (Text("聚焦产业发展，经济社会稳步发展"),)
    first, second = template.paragraphs
    # A paragraph's lines join without a space; each figure carries the unit after it.
    assert first == (
        Lead("突出优势优化存量。"),
        Place("年度", 5),
        Text("年，全"),
        Place("级", 5),
        Text("完成原煤产量"),
        Slot("原煤产量", "万吨", ("year_on_year", "target"), 5, "raw_coal_output"),
        Text("、洗精煤"),
        Slot("洗精煤产量", "万吨", (), 6, "washed_coal_output"),
        Text("。"),
    )
    assert second == (Text("带动"), Slot("带动就业", "余人", (), 8, "jobs_created"), Text("就业。"))


def test_a_template_naming_an_unknown_indicator_fails_loudly(catalogue):
    with pytest.raises(TemplateError) as error:
        bound("完成原煤总产量【原煤总产量】万吨。")
    assert "01_industry.txt 第 1 行" in str(error.value)
    assert "指标目录中没有“原煤总产量”" in str(error.value)
    assert "是不是“原煤产量”" in str(error.value)


def test_a_figure_must_be_followed_by_its_unit(catalogue):
    with pytest.raises(TemplateError, match="后面要紧跟它的单位“万吨”"):
        bound("完成原煤产量【原煤产量】吨。")


def test_a_figure_belongs_to_the_section_of_its_file(catalogue):
    with pytest.raises(TemplateError, match="属于“党的建设”部分"):
        bound("共开展作风督查【作风督查】次。")


def test_a_file_must_be_named_after_a_section(catalogue):
    with pytest.raises(TemplateError, match="“mining”不是报告部分的代码"):
        bound("原煤产量【原煤产量】万吨。", name="01_mining")


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("全{乡}人民。", "不认识的地名“{乡}”"),
        ("原煤产量【原煤产量，环比】万吨。", "“环比”不认识"),
        ("原煤产量【原煤产量万吨。", "没有成对出现"),
        ("小标题：甲。\n小标题：乙。", "要写在一段的开头"),
        ("# only notes\n", "模板没有正文"),
    ],
)
def test_mistakes_name_what_is_wrong(source, message):
    with pytest.raises(TemplateError, match=re.escape(message)):
        parse("05_party", source)


def test_a_heading_holds_no_figure(catalogue):
    with pytest.raises(TemplateError, match="标题中不能写指标数字"):
        bound("标题：原煤产量【原煤产量】万吨\n\n正文。")


def test_blanks_the_template_text_leaves_are_marked():
    [paragraph] = parse("00_preamble", "五中、X中X会精神，实施“XX党建”。").paragraphs
    assert [token for token in paragraph if isinstance(token, Blank)] == [
        Blank("X"),
        Blank("X"),
        Blank("XX"),
    ]


def test_an_edited_template_is_read_again(tmp_path, catalogue):
    path = tmp_path / "99_closing.txt"
    path.write_text("奋勇向前。", encoding="utf-8")
    assert default_texts(Level.TOWN, tmp_path) == {"99_closing": "奋勇向前。"}
    path.write_text("砥砺前行，奋勇向前。", encoding="utf-8")
    assert default_texts(Level.TOWN, tmp_path) == {"99_closing": "砥砺前行，奋勇向前。"}


def test_the_template_folder_holds_only_templates():
    assert {path.suffix for path in TEMPLATE_DIR.iterdir()} == {".txt"}
