"""Under the Content-Security-Policy (no inline script, no eval, no inline style) every page
still works: charts drawn with Plotly's own styles, the entry form, Swagger UI, the login
page, the language switch."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.dashboard.conftest import fill_county

from .conftest import login

COUNTY = "888801000000"

# Violations as the page itself sees them, beside the console errors Chromium prints.
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


@pytest.fixture
def watched(page):
    page.add_init_script(RECORD_VIOLATIONS)
    return page


def violations(page) -> list[str]:
    return page.evaluate("window.cspViolations")


def assert_policy(response) -> None:
    policy = response.headers["content-security-policy"]
    parts = (part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    directives = {part[0]: part[1] if len(part) > 1 else "" for part in parts}
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "camera=()" in response.headers["permissions-policy"]
    assert response.headers["referrer-policy"] == "same-origin"


def test_the_overview_draws_its_charts_under_the_policy(
    watched, catalogue, county, console_errors, outside_requests
):
    fill_county(county, catalogue, towns=3, years=3)
    response = watched.goto(f"/?county={COUNTY}")
    assert_policy(response)
    # Sections are folded to summary rows; opening one draws its chart.
    watched.locator("details.section-row > summary").first.click()
    expect(watched.locator("div.chart .main-svg").first).to_be_visible()
    assert watched.locator("div.chart .main-svg").count() >= 1
    # Plotly's hover and its PNG download button (a data: image) work too.
    watched.goto(f"/indicators/raw_coal_output/?county={COUNTY}")
    chart = watched.locator("#trend-raw_coal_output")
    chart.hover()
    expect(chart.locator(".modebar-btn").first).to_be_visible()
    assert violations(watched) == []
    assert console_errors == []
    assert outside_requests == []


# Attainment and progress bars: SVG whose width is an attribute, not a style attribute.
BARS = ".card .bar rect, .bs-bar rect, .bs-steps rect"
# (address, whether its sections are folded, whether it draws bars)
CHART_PAGES = {
    "overview": (f"/?county={COUNTY}", True, True),
    "section": (f"/sections/industry/?county={COUNTY}", False, False),
    "bigscreen": (f"/bigscreen/?county={COUNTY}", False, True),
}


@pytest.mark.parametrize(("url", "folded", "bars"), CHART_PAGES.values(), ids=CHART_PAGES.keys())
def test_charts_and_bars_draw_under_the_style_policy(
    watched, catalogue, county, console_errors, outside_requests, url, folded, bars
):
    fill_county(county, catalogue, towns=3, years=3)
    response = watched.goto(url)
    assert_policy(response)
    if folded:
        watched.locator("details.section-row > summary").first.click()
    layer = watched.locator(".js-plotly-plot .main-svg").first
    expect(layer).to_be_visible()
    # Plotly's rules reached the page from css/plotly.css: its layers are stacked.
    assert layer.evaluate("el => getComputedStyle(el).position") == "absolute"
    if bars:
        boxes = [bar.bounding_box() for bar in watched.locator(BARS).all()]
        assert max(box["width"] for box in boxes if box) > 0
    # Nothing put a <style> element into the page (Plotly would, without our stylesheet).
    assert watched.evaluate("document.querySelectorAll('style').length") == 0
    assert violations(watched) == []
    assert console_errors == []
    assert outside_requests == []


def test_the_entry_form_works_under_the_policy(
    watched, catalogue, clerk, towns, console_errors, outside_requests
):
    login(watched, clerk)
    year = timezone.localdate().year
    response = watched.goto(f"/entry/{towns[0].code}/{year}/")
    assert_policy(response)
    watched.locator("input[name='value-raw_coal_output']").fill("12.5")
    watched.get_by_role("button", name="保存草稿").click()
    expect(watched.locator("input[name='value-raw_coal_output']")).to_have_value("12.50")
    assert violations(watched) == []
    assert console_errors == []
    assert outside_requests == []


def test_the_progress_year_and_the_language_switch_submit_without_inline_handlers(
    watched, catalogue, county_official, towns, console_errors
):
    login(watched, county_official)
    watched.goto(f"/progress/?county={COUNTY}")
    years = watched.locator("select#id_year option").all_inner_texts()
    if len(years) > 1:
        watched.select_option("select#id_year", years[1])
        expect(watched).to_have_url(f"/progress/?county={COUNTY}&year={years[1]}")
        # app.js listens once the page has loaded; a change before that is lost.
        watched.wait_for_load_state("load")
    watched.select_option("select[name=language]", "en")
    expect(watched.locator("html")).to_have_attribute("lang", "en")
    watched.wait_for_load_state("load")
    watched.select_option("select[name=language]", "zh-hans")
    expect(watched.locator("html")).to_have_attribute("lang", "zh-hans")
    assert violations(watched) == []
    assert console_errors == []


def test_swagger_ui_renders_under_the_policy(watched, catalogue, console_errors, outside_requests):
    response = watched.goto("/api/v1/docs/")
    assert_policy(response)
    expect(watched.locator(".swagger-ui .info .title")).to_contain_text("镇域发展指标看板 API")
    expect(watched.locator(".opblock").first).to_be_visible()
    assert violations(watched) == []
    assert console_errors == []
    assert outside_requests == []


def test_the_login_page_works_under_the_policy(watched, clerk, console_errors, outside_requests):
    response = watched.goto("/accounts/login/")
    assert_policy(response)
    login(watched, clerk)
    expect(watched.get_by_role("button", name="退出")).to_be_visible()
    assert violations(watched) == []
    assert console_errors == []
    assert outside_requests == []


def test_an_inline_script_is_refused(watched, catalogue, console_errors):
    """The policy is in force: a script injected into the page does not run."""
    watched.goto("/indicators/")
    watched.evaluate(
        """() => {
        const script = document.createElement("script");
        script.textContent = "window.injected = true";
        document.body.appendChild(script);
    }"""
    )
    assert watched.evaluate("window.injected === undefined")
    assert any("script-src" in violation for violation in violations(watched))
