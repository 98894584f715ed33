"""Past years' figures read back from old reports (历年报告): see docs/report.md.

``text`` gets a file's text (.docx, .txt in UTF-8 or GBK) safely; ``numerals`` and
``units`` read numbers as people write them; ``matching`` finds each indicator's
figure by its catalogue sentence; ``service`` ties them to the catalogue; ``bundle``
reads a zip of many towns' and years' reports; ``commit`` writes what was found
through the one write path, keeping the sentence each figure came from.
"""

from .matching import Figure, Spec, figures_find
from .service import ParsedReport, catalogue_specs, report_parse

__all__ = ["Figure", "ParsedReport", "Spec", "catalogue_specs", "figures_find", "report_parse"]
