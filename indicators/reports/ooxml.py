"""Small pieces of WordprocessingML that python-docx has no API for. ECMA-376 part 1."""

import math

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

BODY_POINTS = 16  # 三号
# GB/T 9704 sets a 156 mm text width, but 28 characters of 16 pt need 448 pt = 158.04 mm.
# Word and WPS squeeze a character into a narrower grid cell; LibreOffice gives it two
# cells instead (14 a line). A 158.2 mm text area (left margin 27 mm, inside the
# standard's 28 ± 1 mm) gives a cell of 16.01 pt, and 28 characters a line in all three.
TEXT_WIDTH, TEXT_HEIGHT = Mm(158.2), Mm(225)
LINES, CHARACTERS = 22, 28
# The document grid (w:docGrid type linesAndChars), as the official Word and WPS
# templates lay out 22 lines of 28 characters: the line pitch in twentieths of a
# point, rounded down so that 22 lines fit (225 mm / 22 = 28.99 pt → 579 = 28.95 pt);
# the character pitch as the difference from the body size in 4096ths of a point,
# rounded down so that 28 characters fit (158.2 mm / 28 = 16.015 pt → +64).
GRID_LINE_PITCH = int(TEXT_HEIGHT.pt * 20 / LINES)
GRID_CHAR_SPACE = math.floor((TEXT_WIDTH.pt / CHARACTERS - BODY_POINTS) * 4096)
LINE_PITCH = Pt(GRID_LINE_PITCH / 20)

# Figures marked as on the page (static/css/report.css): not yet approved, a county
# sum of only some towns, missing. (underline, underline colour, shading)
MARKS = {
    "missing": ("none", None, "FFE08A"),
    "unapproved": ("dash", "A15C00", "FFF4E0"),
    "partial": ("dotted", "000000", None),
}


def grid(section) -> None:
    """22 lines × 28 characters by the document grid, not by condensed characters.

    Condensing characters to fit 28 made LibreOffice drop the punctuation that ends a
    line (，。、); the grid keeps every character and the line count in Word, WPS and
    LibreOffice alike.
    """
    sect_pr = section._sectPr
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect_pr.append(grid)
    for attribute in list(grid.attrib):
        del grid.attrib[attribute]
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(GRID_LINE_PITCH))
    grid.set(qn("w:charSpace"), str(GRID_CHAR_SPACE))


# What follows w:snapToGrid in w:pPr (17.3.1.26), for its place in the sequence.
AFTER_SNAP = (
    *("w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap"),
    *("w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap"),
    *("w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange"),
)


def not_on_grid(ppr) -> None:
    """w:snapToGrid off: the paragraph keeps its own character widths and line height."""
    element = OxmlElement("w:snapToGrid")
    element.set(qn("w:val"), "0")
    ppr.insert_element_before(element, *AFTER_SNAP)


def marked(run, mark: str) -> None:
    """The page's marks on a figure: underline and shading (w:u, w:shd)."""
    underline, colour, fill = MARKS[mark]
    rpr = run._r.get_or_add_rPr()
    if underline != "none":
        element = OxmlElement("w:u")
        element.set(qn("w:val"), underline)
        element.set(qn("w:color"), colour)
        rpr.append(element)
    if fill:
        shading = OxmlElement("w:shd")
        shading.set(qn("w:val"), "clear")
        shading.set(qn("w:color"), "auto")
        shading.set(qn("w:fill"), fill)
        rpr.append(shading)
