"""Security headers on every answer: a script policy without inline or eval'd script, a
style policy without inline style, powerful browser features off, no referrer to other
sites, no framing."""

import re
from pathlib import Path

import pytest
from django.conf import settings

TEMPLATES = Path(settings.BASE_DIR) / "templates"
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\b(src=|type=\"application/json\"))[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)
INLINE_STYLE = re.compile(r"\sstyle\s*=|<style\b", re.I)
SCRIPTS = Path(settings.BASE_DIR) / "static" / "js"
# Markup a script could write that the style policy refuses: a style attribute in HTML
# it inserts, or set as an attribute. Setting element.style.* (CSSOM) stays allowed.
STYLE_BY_MARKUP = re.compile(r"style\s*=\s*[\\\"']|<style\b|setAttribute\(\s*[\"']style[\"']", re.I)


def directives(response) -> dict[str, list[str]]:
    parts = (part.split() for part in response["Content-Security-Policy"].split(";"))
    return {part[0]: part[1:] for part in parts if part}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/indicators/", "/accounts/login/", "/api/v1/sections/", "/api/v1/docs/", "/nope/"]
)
def test_every_answer_carries_the_security_headers(client, catalogue, url):
    response = client.get(url)
    policy = directives(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"] and policy["form-action"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:", "blob:"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in response["Permissions-Policy"]
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_the_policy_allows_no_inline_or_evaluated_script():
    script = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["script-src"]
    assert "'unsafe-inline'" not in script and "'unsafe-eval'" not in script


def test_the_policy_allows_no_inline_style():
    assert settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["style-src"] == ["'self'"]


@pytest.mark.parametrize(
    "template", sorted(TEMPLATES.rglob("*.html")), ids=lambda path: str(path.relative_to(TEMPLATES))
)
def test_no_template_has_inline_script_or_event_handlers(template):
    html = template.read_text()
    assert not INLINE_SCRIPT.search(html), "move the script to a file under static/js/"
    assert not INLINE_HANDLER.search(html), "use a data- attribute and static/js/app.js"


@pytest.mark.parametrize(
    "template", sorted(TEMPLATES.rglob("*.html")), ids=lambda path: str(path.relative_to(TEMPLATES))
)
def test_no_template_has_inline_style(template):
    found = INLINE_STYLE.search(template.read_text())
    assert not found, "use a class in static/css/, or an SVG attribute (width, fill) for a value"


@pytest.mark.parametrize("script", sorted(SCRIPTS.glob("*.js")), ids=lambda path: path.name)
def test_no_script_writes_inline_style_as_markup(script):
    found = STYLE_BY_MARKUP.search(script.read_text())
    assert not found, "toggle a class, or set element.style.* (CSSOM), which the policy allows"


@pytest.mark.django_db
def test_swagger_ui_loads_its_start_up_script_from_a_file(client):
    html = client.get("/api/v1/docs/").content.decode()
    assert not INLINE_SCRIPT.search(html)
    script = client.get("/api/v1/docs/?script=")
    assert script.status_code == 200
    assert "SwaggerUIBundle" in script.content.decode()
