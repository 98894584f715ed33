"""Every write of a figure goes through :func:`figures_import`; see docs/architecture.md."""

from .refusals import CODES, Problem, WriteRefused, region_year_refusals, write_refusal
from .rows import MAX_COMMENT, MAX_IMPORT_ROWS, FigureRow, item_problems, row_from_item
from .service import TooManyRows, figures_import
from .summary import Conflict, ImportSummary, RuleWarning

__all__ = [
    "CODES",
    "MAX_COMMENT",
    "MAX_IMPORT_ROWS",
    "Conflict",
    "FigureRow",
    "ImportSummary",
    "Problem",
    "RuleWarning",
    "TooManyRows",
    "WriteRefused",
    "figures_import",
    "item_problems",
    "region_year_refusals",
    "row_from_item",
    "write_refusal",
]
