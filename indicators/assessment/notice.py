"""The notice of results (考核结果通报) as .docx, laid out like the annual report (GB/T 9704)."""

import io

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.shared import Mm, Pt

from indicators.reports.word import HEADING_STYLE, official_document

# The 156 mm text area (GB/T 9704 5.2.1): rank, town, the parts, total, grade.
RANK_WIDTH, TOWN_WIDTH, TOTAL_WIDTH, GRADE_WIDTH = Mm(9), Mm(28), Mm(16), Mm(15)
TABLE_SIZE = Pt(10.5)  # 五号


def _compact(table, parts: int) -> None:
    """A table set in 五号 (10.5 pt), single-spaced and centred, its columns fitting the page.

    The body's exact 28.9 pt pitch and two-character indent would make every cell of
    a narrow column several lines tall.
    """
    table.autofit = False
    part_width = (Mm(156) - RANK_WIDTH - TOWN_WIDTH - TOTAL_WIDTH - GRADE_WIDTH) // parts
    widths = [RANK_WIDTH, TOWN_WIDTH, *[part_width] * parts, TOTAL_WIDTH, GRADE_WIDTH]
    # LibreOffice and WPS lay out by the grid (w:gridCol), Word by the cells: set both.
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
            for paragraph in cell.paragraphs:
                form = paragraph.paragraph_format
                form.first_line_indent = Pt(0)
                form.line_spacing_rule = WD_LINE_SPACING.SINGLE
                form.alignment = WD_ALIGN_PARAGRAPH.CENTER
                for run in paragraph.runs:
                    run.font.size = TABLE_SIZE


def notice_docx(data: dict) -> bytes:
    """Title, the scheme in one paragraph, the table of results and the grades."""
    county, year = data["county"]["name"], data["year"]
    document = official_document(f"关于{county}{year}年度镇综合考核结果的通报", author=county)
    document.add_paragraph(
        f"根据《{data['scheme']['title']}》（第 {data['scheme']['version']} 版），"
        f"县对各镇{year}年度工作进行了综合考核。现将结果通报如下。"
    )
    document.add_paragraph("一、考核方案", style=HEADING_STYLE)
    document.add_paragraph(data["scheme"]["summary"])
    document.add_paragraph("二、考核结果", style=HEADING_STYLE)
    parts = [part["name"] for part in data["scheme"]["parts"]]
    header = ["名次", "镇", *parts, "总分", "等次"]
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for town in data["towns"]:
        cells = table.add_row().cells
        row = [str(town["rank"]), town["name"], *(town["parts"][p] for p in parts)]
        for cell, text in zip(cells, [*row, town["total"], town["grade"]], strict=True):
            cell.text = text
    _compact(table, len(parts))
    document.add_paragraph("三、等次", style=HEADING_STYLE)
    grades: dict[str, list[str]] = {}
    for town in data["towns"]:
        grades.setdefault(town["grade"], []).append(town["name"])
    for grade in [g["grade"] for g in data["scheme"]["grades"]] + list(grades):
        if grade in grades:
            document.add_paragraph(f"{grade}：{'、'.join(grades.pop(grade))}。")
    for town in data["towns"]:
        for veto in town["vetoes"]:
            document.add_paragraph(f"{town['name']}{veto.removeprefix('否决：')}，实行一票否决。")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
