"""The Word file reads back with python-docx as laid out: GB/T 9704-2012."""

import io

import pytest
from django.contrib.auth.models import AnonymousUser
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Pt

from indicators.reports import build_report, report_docx
from tests.factories import save_figures

pytestmark = pytest.mark.django_db

HEADINGS = [
    "一、聚焦产业发展，经济社会稳步发展",
    "二、聚焦协调发展，城镇化建设形成新格局",
    "三、聚焦绿色发展，生态文明建设迈出新步伐",
    "四、聚焦民生事业，不断提升民生福祉",
    "五、聚焦党的建设，自身建设不断加强",
]


@pytest.fixture
def report(catalogue, towns, clerk):
    save_figures(towns[0], 2024, {"raw_coal_output": "100"}, user=clerk)
    save_figures(towns[0], 2025, {"raw_coal_output": "112.5", "street_lights": 40}, user=clerk)
    return build_report(clerk, towns[0], 2025)


@pytest.fixture
def document(report):
    return Document(io.BytesIO(report_docx(report)))


def fonts(element) -> dict[str, str]:
    """The w:rFonts attributes of a style or run, by local name."""
    found = element.find(qn("w:rPr")).find(qn("w:rFonts"))
    return {key.split("}")[1]: value for key, value in found.attrib.items()}


def test_the_paragraphs_are_the_reports_in_order(report, document):
    expected = [report.title]
    for part in report.parts:
        if part.heading:
            expected.append(part.numbered_heading)
        expected += [paragraph.text for paragraph in part.paragraphs]
    assert [paragraph.text for paragraph in document.paragraphs] == expected
    assert any(
        "原煤产量112.50万吨（同比增长12.5%）、洗精煤XX万吨" in p.text for p in document.paragraphs
    )


def test_the_title_is_xiaobiaosong_22pt_centred(report, document):
    title = document.paragraphs[0]
    assert title.text == "测试1镇2025年度工作报告"
    style = title.style
    assert style.name == "Report Title"
    assert style.font.size == Pt(22)
    assert style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert fonts(style.element)["eastAsia"] == "方正小标宋简体"


def test_level_one_headings_are_heiti_and_level_two_kaiti(document):
    headings = [p for p in document.paragraphs if p.style.name == "Heading 1"]
    assert [p.text for p in headings] == HEADINGS
    heading = document.styles["Heading 1"]
    assert fonts(heading.element) == dict.fromkeys(("ascii", "hAnsi", "eastAsia", "cs"), "黑体")
    assert heading.font.size == Pt(16)
    assert heading.font.bold is False
    assert heading.font.color.theme_color is None  # black, not the template's blue
    leads = [run for p in document.paragraphs for run in p.runs if run.style.name == "Report Lead"]
    assert leads[0].text == "突出优势优化存量，着力建设工业强镇。"
    assert len(leads) == 14  # the run-in leads of the five sections: 3 + 3 + 2 + 3 + 3
    assert fonts(document.styles["Report Lead"].element)["eastAsia"] == "楷体_GB2312"


def test_the_body_is_fangsong_16pt_on_a_fixed_line(document):
    normal = document.styles["Normal"]
    assert fonts(normal.element)["eastAsia"] == "仿宋_GB2312"
    assert normal.font.size == Pt(16)
    spacing = normal.paragraph_format
    assert spacing.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert spacing.line_spacing == Pt(28.95)  # the grid's line pitch
    assert spacing.first_line_indent == Pt(32)  # two characters
    # Theme fonts would override the names; none are left in the styles in use.
    xml = document.styles.element.xml
    assert "eastAsiaTheme" not in xml.split("<w:latentStyles")[0]
    for name in ("Normal", "Heading 1", "Report Title", "Report Lead", "Footer"):
        assert "Theme" not in document.styles[name].element.xml, name


def test_a_page_is_a4_with_22_lines_of_28_characters(document):
    section = document.sections[0]
    # Word stores twentieths of a point: millimetres come back to a hundredth.
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    # The left margin 27 mm (28 ± 1 mm): 28 characters of 16 pt need 158.04 mm.
    assert [round(margin.mm, 1) for margin in margins] == [37, 35, 27, 24.8]
    text_height = section.page_height - section.top_margin - section.bottom_margin
    text_width = section.page_width - section.left_margin - section.right_margin
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "linesAndChars"
    line = Pt(int(grid.get(qn("w:linePitch"))) / 20)  # twentieths of a point
    assert int(text_height / line) == 22
    # Word's character pitch: the body size plus w:charSpace 4096ths of a point.
    character = Pt(16 + int(grid.get(qn("w:charSpace"))) / 4096)
    assert int(text_width / character) == 28
    # A cell narrower than the body size would take two in LibreOffice (14 a line).
    assert character.pt >= 16
    # No condensed characters: the grid alone fits the 28.
    assert document.styles["Normal"].element.find(qn("w:rPr")).find(qn("w:spacing")) is None


def test_page_numbers_are_dashed_songti_page_fields_on_the_outer_side(document):
    section = document.sections[0]
    assert document.settings.odd_and_even_pages_header_footer
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    assert odd.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert even.alignment == WD_ALIGN_PARAGRAPH.LEFT
    for footer in (odd, even):
        assert footer.text == "— 1 —"  # the PAGE field's cached value between 一字线
        xml = footer._p.xml
        assert 'w:fldCharType="begin"' in xml
        assert '<w:instrText xml:space="preserve"> PAGE </w:instrText>' in xml
    style = document.styles["Footer"]
    assert style.font.size == Pt(14)
    assert fonts(style.element)["eastAsia"] == "宋体"


def test_a_town_without_figures_still_makes_a_document(catalogue, towns):
    report = build_report(AnonymousUser(), towns[2], 2025)
    document = Document(io.BytesIO(report_docx(report)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "全面完成辖区内XX座煤矿的整治重组工作" in text
    assert document.core_properties.title == "测试3镇2025年度工作报告"


def test_the_properties_are_the_reports_own(document, report):
    properties = document.core_properties
    assert properties.title == "测试1镇2025年度工作报告"
    assert properties.author == properties.last_modified_by == report.region.name
    assert properties.created == properties.modified
    assert properties.created.year >= 2025  # not python-docx's template of 2013
    assert properties.language == "zh-CN"


def test_figures_carry_the_pages_marks(document):
    runs = [run for p in document.paragraphs for run in p.runs]
    [coal] = [run for run in runs if run.text == "112.50"]
    assert coal.font.underline is not None  # a draft: dashed, on pale orange
    assert 'w:fill="FFF4E0"' in coal._r.xml and 'w:val="dash"' in coal._r.xml
    missing = [run for run in runs if run.text == "XX"]
    assert missing and all('w:fill="FFE08A"' in run._r.xml for run in missing)


def test_a_partial_county_sum_is_marked_and_says_how_many_towns_it_covers(
    catalogue, county, towns, clerk, county_official
):
    save_figures(towns[0], 2025, {"raw_coal_output": "120"}, user=clerk)
    document = Document(io.BytesIO(report_docx(build_report(county_official, county, 2025))))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "全县完成原煤产量120.00万吨（1个镇合计，尚缺2个镇）" in text
    [coal] = [run for p in document.paragraphs for run in p.runs if run.text == "120.00"]
    assert 'w:fill="FFF4E0"' in coal._r.xml  # a draft of one town: unapproved first
