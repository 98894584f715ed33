"""How the workbooks the product makes print: A4 landscape, as wide as the page.

Left to Excel's defaults a wide sheet prints on portrait pages cut into columns, and
a long merged line of text is split between them.
"""

CJK_UNITS = 2.2  # a Chinese character is about two units of Excel's default font wide


def wrapped_lines(text: str, width: float) -> int:
    """How many lines ``text`` takes when wrapped in ``width`` column units, with room
    to spare."""
    units = sum(CJK_UNITS if ord(char) > 0x2E7F else 1 for char in text)
    return max(1, -(-int(units) // int(width)))


def print_landscape(sheet, *, title_rows: str | None = None, area: str | None = None) -> None:
    """A4 landscape, one page wide and as many pages down as it takes; ``title_rows``
    ("4:4") repeat at the top of every printed page."""
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # 0: no limit on the number of pages down
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    if title_rows:
        sheet.print_title_rows = title_rows
    if area:
        sheet.print_area = area
