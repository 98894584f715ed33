"""A Plotly figure embedded in a page: its DOM id, its JSON and its download name."""

import json
from dataclasses import dataclass
from decimal import Decimal


@dataclass
class Chart:
    dom_id: str
    figure: dict  # a Plotly figure as dashboard.charts builds it: {"data": [...], "layout": {...}}
    filename: str

    @property
    def json(self) -> str:
        """The figure's JSON, safe inside <script type="application/json">.

        A Decimal becomes a JSON number through float, exact to 15 digits, which is
        the figures' MAX_DIGITS. A ``plotly.graph_objects.Figure`` (a caller that
        restyles a chart with Plotly's own objects) is written as its dict.
        """
        figure = self.figure
        if hasattr(figure, "to_plotly_json"):
            figure = figure.to_plotly_json()
        text = json.dumps(figure, default=_json_number, ensure_ascii=False, separators=(",", ":"))
        return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _json_number(value):
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError(f"not JSON serializable: {type(value).__name__}")
