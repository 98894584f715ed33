"""Charts as pure functions: plain data in, a Plotly figure dict out.

No database and no request here, so every chart is tested on its own. The figure is
built as the dict Plotly's JavaScript draws ({"data": [...], "layout": {...}}), not
through ``plotly.graph_objects``: its validation was half of a section page's time.
The tests pass every figure through ``go.Figure`` to keep it valid Plotly.

Figures stay Decimal in the traces (the page writes them as JSON numbers); a missing
figure is None, which Plotly draws as a gap, never as 0. Titles and labels come in
already translated.

One job a module: :mod:`.layout` (type, inks, title, frame, axes), :mod:`.trend`,
:mod:`.comparison` and :mod:`.attainment` (the three charts), :mod:`.sparklines`
(SVG paths, not Plotly), :mod:`.text` (names and titles that must fit),
:mod:`.colors`, :mod:`.embed` (a figure in a page) and :mod:`.styles` (plotly.js's
own stylesheet). The charts' API is here; import the others from their module.
"""

from .attainment import STANDING_COLORS, attainment_chart
from .comparison import Bar, comparison_chart
from .sparklines import Spark, sparkline, sparkline_path
from .trend import PARTIAL_COLOR, PARTIAL_SYMBOL, Marker, Series, county_series, trend_chart

__all__ = [
    "PARTIAL_COLOR",
    "PARTIAL_SYMBOL",
    "STANDING_COLORS",
    "Bar",
    "Marker",
    "Series",
    "Spark",
    "attainment_chart",
    "comparison_chart",
    "county_series",
    "sparkline",
    "sparkline_path",
    "trend_chart",
]
