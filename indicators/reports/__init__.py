"""The annual work report (年度工作报告), written from the figures.

Templates in ``templates/`` carry the reference report's wording with placeholders
(``syntax.py``); ``build_report`` fills them for a town or county and a year
(``build.py``) into plain data (``document.py``) that the page, the Word writer
(``word.py``) and the API render. See docs/report.md.
"""

from .build import REPORT_LEVELS, build_report
from .document import FigureRun, Paragraph, PlaceRun, ReportPart, TextRun, WorkReport
from .syntax import TemplateError
from .word import DOCX_TYPE, report_docx

__all__ = [
    "DOCX_TYPE",
    "REPORT_LEVELS",
    "FigureRun",
    "Paragraph",
    "PlaceRun",
    "ReportPart",
    "TemplateError",
    "TextRun",
    "WorkReport",
    "build_report",
    "report_docx",
]
