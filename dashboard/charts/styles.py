"""plotly.js's own style rules as a stylesheet, for a style policy without 'unsafe-inline'.

On load plotly.js adds its rules (the modebar, hover layers, the notifier) to a <style>
element it creates, and its bundled MapLibre adds another; the policy ``style-src 'self'``
refuses both. plotly.js adds neither when an element with that element's id is already in
the page (plotly.js PR #7109). So templates/dashboard/_plotly_styles.html links
static/css/plotly.css, made here from the rule table inside the installed plotly.min.js,
under plotly's id, and holds an empty placeholder with MapLibre's id: MapLibre's rules
are for map traces, which no page draws.

After upgrading plotly: ``python -m dashboard.charts.styles`` rewrites static/css/plotly.css
and prints MapLibre's id for the template; tests/dashboard/test_plotly_styles.py fails
until both match the installed plotly.
"""

import json
import re
from pathlib import Path

import plotly

BUNDLE = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
STYLESHEET = Path(__file__).resolve().parents[2] / "static" / "css" / "plotly.css"
GLOBAL_STYLE_ID = "plotly.js-style-global"

_JS_STRING = r"\"[^\"\\]*\"|'[^'\\]*'"
# The table of src/css/_base.scss etc. as the bundle holds it: {"X,X div":'direction:…',…}
_RULE_TABLE = re.compile(r"\{\"X,X div\":.*?\};for\(", re.S)
_RULE = re.compile(rf"({_JS_STRING}|[A-Za-z_$][\w$]*):({_JS_STRING})")
_MAPLIBRE_STYLE_ID = re.compile(r"createElement\(\"style\"\);\w+\.id=\"([0-9a-f]{64})\"")


def _unquote(token: str) -> str:
    return token[1:-1] if token[0] in "\"'" else token


def plotly_rules(bundle: str) -> list[tuple[str, str]]:
    """(selector, declarations) in the order they end up in plotly's sheet.

    plotly.js expands X and Y as below and inserts each rule at index 0, so the last
    rule of its table comes first.
    """
    table = _RULE_TABLE.search(bundle)
    if table is None:
        raise ValueError("plotly.min.js holds no style rule table where expected")
    rules = []
    for key, value in _RULE.findall(table.group()[1:]):
        selector = _unquote(key)
        selector = re.sub(r"^,", " ,", selector)
        selector = selector.replace("X", ".js-plotly-plot .plotly").replace("Y", ".plotly-notifier")
        rules.append((selector, _unquote(value)))
    return rules[::-1]


def stylesheet(bundle: str, version: str) -> str:
    header = (
        f"/* plotly.js {version}'s own style rules, made by `python -m dashboard.charts.styles`"
        " from the installed plotly.min.js; do not edit. */\n"
    )
    return header + "".join(
        f"{selector} {{ {rules} }}\n" for selector, rules in plotly_rules(bundle)
    )


def maplibre_style_id(bundle: str) -> str:
    found = _MAPLIBRE_STYLE_ID.search(bundle)
    if found is None:
        raise ValueError("plotly.min.js adds no MapLibre <style> element where expected")
    return found.group(1)


def bundle_version(bundle: str) -> str:
    found = re.search(r"plotly\.js v([\w.-]+)", bundle[:500])
    return found.group(1) if found else "?"


def main() -> None:
    bundle = BUNDLE.read_text(encoding="utf-8")
    STYLESHEET.write_text(stylesheet(bundle, bundle_version(bundle)), encoding="utf-8")
    print(f"wrote {STYLESHEET}")
    print(f"MapLibre's style id: {json.dumps(maplibre_style_id(bundle))}")


if __name__ == "__main__":
    main()
