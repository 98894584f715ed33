"""The report as a Word document laid out as a Chinese official document (GB/T 9704-2012).

Only what python-docx writes itself, plus small pieces of standard WordprocessingML
it has no API for (the East Asian font name, the document grid, shading and the PAGE
field), so that the file opens cleanly in WPS as well as in Word.

GB/T 9704-2012 sets:
- A4 paper; text area 156 mm × 225 mm: margins top 37 mm, bottom 35 mm, left 28 mm,
  right 26 mm (5.2.1, 5.2.2); we widen it to 158.2 mm (left 27 mm, inside the ± 1 mm
  the standard allows) so that 28 characters of 16 pt fit in LibreOffice too (ooxml.py);
- body in 3号仿宋 (16 pt), 22 lines of 28 characters per page (5.2.3, 7.3.3);
- the title in 2号小标宋 (22 pt), centred (7.3.1);
- level-1 headings in 黑体, level-2 in 楷体 (7.3.3: 一、 in 黑体, （一） in 楷体);
- page numbers in 4号半角宋体 (14 pt), with a dash (一字线) on each side, 7 mm under
  the text area, odd pages right and even pages left, one character in (7.5).
"""

import io
from datetime import datetime

from django.utils import timezone
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from ..maps.word import add_map
from .document import FigureRun, PlaceRun, TextRun, WorkReport
from .ooxml import LINE_PITCH, grid, marked, not_on_grid

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
LEAD_FONT = "楷体_GB2312"
PAGE_NUMBER_FONT = "宋体"

BODY_SIZE = Pt(16)  # 三号
TITLE_SIZE = Pt(22)  # 二号
PAGE_NUMBER_SIZE = Pt(14)  # 四号


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
    # A 22 pt character would take two 16 pt grid cells: the title keeps its own width.
    not_on_grid(title_format.element.get_or_add_pPr())

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
    # 27 + 158.2 + 24.8 = 210 mm: the text area of ooxml.TEXT_WIDTH.
    section.left_margin, section.right_margin = Mm(27), Mm(24.8)
    # The number's line starts 7 mm under the text area: 35 - 7 - ~5 mm of 14 pt line.
    section.footer_distance = Mm(23)
    section.header_distance = Mm(15)
    # Odd pages carry the number on the right, even pages on the left (7.5).
    document.settings.odd_and_even_pages_header_footer = True
    grid(section)
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
        elif isinstance(run, FigureRun) and _mark(run):
            flush()
            marked(out.add_run(run.number), _mark(run))
            text.append(f"{run.unit_text}{run.phrases}")
        elif isinstance(run, (TextRun, PlaceRun, FigureRun)):
            text.append(run.text)
    flush()


def _mark(run: FigureRun) -> str:
    if run.missing:
        return "missing"
    if not run.approved:
        return "unapproved"
    return "partial" if run.partial else ""


def official_document(title: str, *, author: str = "", when: datetime | None = None):
    """A GB/T 9704 document with its styles, page and numbers, holding only ``title``.

    The work report and the assessment notice (indicators/assessment/notice.py) share it.
    The properties are the document's own: python-docx's template would otherwise
    say it was written in 2013 by "python-docx".
    """
    document = Document()
    _styles(document)
    _page(document)
    when = (when or timezone.now()).replace(microsecond=0)
    properties = document.core_properties
    properties.title = title
    properties.author = author
    properties.last_modified_by = author
    properties.created = properties.modified = when
    properties.revision = 1
    properties.comments = ""
    properties.keywords = ""
    properties.subject = ""
    properties.category = ""
    properties.language = "zh-CN"
    # The template's one empty paragraph would print a blank line before the title.
    body = document.element.body
    for empty in body.findall(qn("w:p")):
        body.remove(empty)
    document.add_paragraph(title, style=TITLE_STYLE)
    return document


def report_docx(report: WorkReport, maps: dict | None = None) -> bytes:
    """The report as .docx bytes: title, level-1 headings, body, page numbers.

    ``maps`` ({section code: map}, indicators.maps.report) adds a map after its section.
    """
    document = official_document(report.title, author=report.place or report.region.name)
    for part in report.parts:
        if part.heading:
            document.add_paragraph(part.numbered_heading, style=HEADING_STYLE)
        for paragraph in part.paragraphs:
            _paragraph(document, paragraph)
        add_map(document, (maps or {}).get(part.code))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
