"""plotly.js's styles come from static/css/plotly.css, never from a <style> element it adds,
so the style policy needs no 'unsafe-inline'; both stay in step with the installed plotly."""

from pathlib import Path

import pytest
from django.conf import settings

from dashboard.charts import styles as plotly_styles

TEMPLATE = Path(settings.BASE_DIR) / "templates" / "dashboard" / "_plotly_styles.html"


@pytest.fixture(scope="module")
def bundle() -> str:
    return plotly_styles.BUNDLE.read_text(encoding="utf-8")


def test_the_stylesheet_holds_the_rules_of_the_installed_plotly(bundle):
    expected = plotly_styles.stylesheet(bundle, plotly_styles.bundle_version(bundle))
    assert plotly_styles.STYLESHEET.read_text(encoding="utf-8") == expected, (
        "plotly changed: run `python -m dashboard.charts.styles`"
    )


def test_the_stylesheet_stacks_plotlys_layers_and_styles_its_modebar(bundle):
    rules = dict(plotly_styles.plotly_rules(bundle))
    assert "position:absolute" in rules[".js-plotly-plot .plotly .main-svg"]
    assert "position:absolute" in rules[".js-plotly-plot .plotly .modebar"]
    assert "position:fixed" in rules[".plotly-notifier"]
    assert len(rules) > 50


def test_plotly_adds_no_style_element_where_the_page_holds_its_id(bundle):
    # The guards this relies on, in the installed plotly.min.js.
    assert '"plotly.js-style-"+' in bundle and '.matches(".no-inline-styles")' in bundle
    maplibre = plotly_styles.maplibre_style_id(bundle)
    assert f'if(!document.getElementById("{maplibre}"))' in bundle


def test_the_chart_pages_hold_both_ids_of_the_installed_plotly(bundle):
    html = TEMPLATE.read_text()
    assert (
        f'id="{plotly_styles.GLOBAL_STYLE_ID}" class="no-inline-styles" '
        "href=\"{% static 'css/plotly.css' %}\""
    ) in html
    assert f'<template id="{plotly_styles.maplibre_style_id(bundle)}"></template>' in html
