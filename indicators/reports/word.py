"""The report as a Word document laid out as a Chinese official document (GB/T 9704-2012).

Only what python-docx writes itself, plus three small pieces of standard
WordprocessingML it has no API for (the East Asian font name, character spacing and
the PAGE field), so that the file opens cleanly in WPS as well as in Word.

GB/T 9704-2012 sets:
- A4 paper; text area 156 mm × 225 mm: margins top 37 mm, bottom 35 mm, left 28 mm,
  right 26 mm (5.2.1, 5.2.2);
- body in 3号仿宋 (16 pt), 22 lines of 28 characters per page (5.2.3, 7.3.3);
- the title in 2号小标宋 (22 pt), centred (7.3.1);
- level-1 headings in 黑体, level-2 in 楷体 (7.3.3: 一、 in 黑体, （一） in 楷体);
- page numbers in 4号半角宋体 (14 pt), with a dash (一字线) on each side, 7 mm under
  the text area, odd pages right and even pages left, one character in (7.5).
"""

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from .document import FigureRun, PlaceRun, TextRun, WorkReport

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
LEAD_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"

BODY_SIZE = Pt(16)  # 三号
TITLE_SIZE = Pt(22)  # 二号
PAGE_NUMBER_SIZE = Pt(14)  # 四号
# 225 mm of text area / 22 lines = 28.99 pt; 28.9 pt keeps 22 lines on every page.
LINE_PITCH = Pt(28.9)
# 28 characters on the 156 mm (442.2 pt) line: 16 pt characters condensed by 0.25 pt
# take 441 pt, and a 29th does not fit. Character spacing (w:spacing, in twentieths
# of a point) rather than Word's document grid, which LibreOffice lays out with
# 14 characters a line.
CONDENSE_TWIPS = -5

# What follows w:spacing in w:rPr (ECMA-376 17.3.2.28), for its place in the sequence.
AFTER_SPACING = (
    *("w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect"),
    *("w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang"),
    *("w:eastAsianLayout", "w:specVanish", "w:oMath"),
)

TITLE_STYLE = "Report Title"
LEAD_STYLE = "Report Lead"
HEADING_STYLE = "Heading 1"
DASH = "—"  # 一字线 (U+2014)
BLACK = RGBColor(0, 0, 0)


def set_east_asian_font(rpr_parent, name: str) -> None:
    """Name the font for Latin and Chinese text alike; drop theme fonts that would win.

    python-docx's ``font.name`` sets only w:ascii and w:hAnsi; Chinese text uses
    w:eastAsia, and a theme attribute (w:eastAsiaTheme) overrides an explicit name.
    """
    rpr = rpr_parent.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), name)


def condense(rpr_parent, twips: int) -> None:
    """Character spacing: w:spacing in the run properties, in its schema place."""
    rpr = rpr_parent.get_or_add_rPr()
    spacing = rpr.find(qn("w:spacing"))
    if spacing is None:
        spacing = OxmlElement("w:spacing")
        rpr.insert_element_before(spacing, *AFTER_SPACING)
    spacing.set(qn("w:val"), str(twips))


def _style_font(style, name: str, size, *, bold: bool = False) -> None:
    style.font.size = size
    style.font.bold = bold
    style.font.italic = False
    style.font.color.rgb = BLACK
    set_east_asian_font(style.element, name)


def _body_spacing(format_, *, indent: bool = True) -> None:
    format_.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    format_.line_spacing = LINE_PITCH
    format_.space_before = Pt(0)
    format_.space_after = Pt(0)
    # Every page full: 22 lines, no line carried over to keep two together.
    format_.widow_control = False
    format_.first_line_indent = Pt(BODY_SIZE.pt * 2) if indent else Pt(0)


def _defaults(document) -> None:
    """Chinese text, 仿宋 everywhere unless a style says otherwise."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = rpr.find(qn("w:rFonts"))
    for attribute in list(fonts.attrib):
        del fonts.attrib[attribute]
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), BODY_FONT)
    language = rpr.find(qn("w:lang"))
    if language is not None:
        language.set(qn("w:eastAsia"), "zh-CN")


def _styles(document) -> None:
    _defaults(document)
    styles = document.styles
    normal = styles["Normal"]
    _style_font(normal, BODY_FONT, BODY_SIZE)
    condense(normal.element, CONDENSE_TWIPS)
    _body_spacing(normal.paragraph_format)
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY

    title = styles.add_style(TITLE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    title.base_style = normal
    _style_font(title, TITLE_FONT, TITLE_SIZE)
    title_format = title.paragraph_format
    title_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title_format.first_line_indent = Pt(0)
    # Two body lines for the 22 pt title, and a blank line under it (7.3.1).
    title_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    title_format.line_spacing = LINE_PITCH
    title_format.space_after = LINE_PITCH

    heading = styles[HEADING_STYLE]
    _style_font(heading, HEADING_FONT, BODY_SIZE)
    _body_spacing(heading.paragraph_format)
    heading.paragraph_format.keep_with_next = True

    lead = styles.add_style(LEAD_STYLE, WD_STYLE_TYPE.CHARACTER)
    _style_font(lead, LEAD_FONT, BODY_SIZE)

    footer = styles["Footer"]
    _style_font(footer, PAGE_NUMBER_FONT, PAGE_NUMBER_SIZE)
    footer.paragraph_format.first_line_indent = Pt(0)
    footer.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE


def _page(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    # The number's line starts 7 mm under the text area: 35 - 7 - ~5 mm of 14 pt line.
    section.footer_distance = Mm(23)
    section.header_distance = Mm(15)
    # Odd pages carry the number on the right, even pages on the left (7.5).
    document.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)


def _field_char(run, kind: str) -> None:
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    run._r.append(char)


def _page_number(paragraph, alignment) -> None:
    """ "— 7 —" with a PAGE field, one character in from the outer edge."""
    paragraph.style = "Footer"
    paragraph.alignment = alignment
    indent = PAGE_NUMBER_SIZE
    if alignment == WD_ALIGN_PARAGRAPH.RIGHT:
        paragraph.paragraph_format.right_indent = indent
    else:
        paragraph.paragraph_format.left_indent = indent
    paragraph.add_run(f"{DASH} ")
    _field_char(paragraph.add_run(), "begin")
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = " PAGE "
    paragraph.add_run()._r.append(instruction)
    _field_char(paragraph.add_run(), "separate")
    paragraph.add_run("1")
    _field_char(paragraph.add_run(), "end")
    paragraph.add_run(f" {DASH}")


def _paragraph(document, paragraph) -> None:
    out = document.add_paragraph()
    text: list[str] = []

    def flush():
        if text:
            out.add_run("".join(text))
            text.clear()

    for run in paragraph.runs:
        if isinstance(run, TextRun) and run.style == "lead":
            flush()
            out.add_run(run.text, style=LEAD_STYLE)
        elif isinstance(run, (TextRun, PlaceRun, FigureRun)):
            text.append(run.text)
    flush()


def report_docx(report: WorkReport) -> bytes:
    """The report as .docx bytes: title, level-1 headings, body, page numbers."""
    document = Document()
    _styles(document)
    _page(document)
    properties = document.core_properties
    properties.title = report.title
    properties.language = "zh-CN"
    # The template's one empty paragraph would print a blank line before the title.
    body = document.element.body
    for empty in body.findall(qn("w:p")):
        body.remove(empty)
    document.add_paragraph(report.title, style=TITLE_STYLE)
    for part in report.parts:
        if part.heading:
            document.add_paragraph(part.numbered_heading, style=HEADING_STYLE)
        for paragraph in part.paragraphs:
            _paragraph(document, paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
