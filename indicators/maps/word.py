"""The report's map in a Word document: the picture, 15 cm wide, and its caption."""

import io

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm

from .report import ReportMap

WIDTH = Cm(15)  # the type area of GB/T 9704's A4 page is 15.6 cm wide


def add_map(document, found: ReportMap | None) -> None:
    """Add ``found`` (a section's map) to ``document``; nothing when there is none."""
    if found is None:
        return
    document.add_picture(io.BytesIO(found.png), width=WIDTH)
    document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption = document.add_paragraph(found.caption)
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
