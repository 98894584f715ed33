"""Safety of the cells that every CSV and XLSX the product writes holds.

A spreadsheet treats a cell that begins with ``=``, ``+``, ``-`` or ``@`` as a
formula, and some also after a leading tab or carriage return. A region name or a
comment typed by a user, e.g. ``=HYPERLINK("http://evil.example","x")``, would
then run in the reader's Excel or LibreOffice: OWASP calls this "CSV Injection"
(https://owasp.org/www-community/attacks/CSV_Injection) and recommends prefixing
such cells with an apostrophe, which makes them text.

Every writer (the API's CSV and XLSX, the dashboard's downloads, the Excel
template) passes its cells through :func:`safe_cell`: one rule, one place.
"""

import re

#: A cell that begins with one of these may be read as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# A plain number such as "-5", "+3", "-1.25" or "-1E+5": a spreadsheet reads it
# as a number, never as a formula, so it stays as it is (ASCII digits only).
_PLAIN_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def safe_cell(value):
    """The value, or a text that cannot become a formula: ``"'" + value``.

    Only a ``str`` that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
    return, and is not a plain number, is changed. Numbers (int, Decimal, float),
    dates, None and every other string pass through unchanged.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        if _PLAIN_NUMBER.fullmatch(value):
            return value
        return "'" + value
    return value
