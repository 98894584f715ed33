"""The shipped nginx and gunicorn configuration agrees with the application's settings.

bench/bench_slow_clients.py runs both for real (nginx is a tool there, not a dependency);
these tests read the files, so they hold wherever the suite runs.
"""

import json
import re
import runpy
from pathlib import Path

import pytest
from django.conf import settings

DEPLOY = Path(settings.BASE_DIR) / "deploy"
PROXY = (DEPLOY / "nginx" / "proxy.conf").read_text()
MB = 1024 * 1024


def directive(name: str, text: str = PROXY) -> list[str]:
    """The values of every `name value;` line, comments left out."""
    lines = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return [line[len(name) :].strip(" ;") for line in lines if line.startswith(name + " ")]


def location(prefix: str) -> str:
    return re.search(rf"location {re.escape(prefix)} \{{(.*?)\n\}}", PROXY, re.S).group(1)


def megabytes(value: str) -> int:
    assert value.endswith("m")
    return int(value[:-1])


def test_a_page_body_may_hold_the_largest_upload_and_its_form():
    limit = megabytes(directive("client_max_body_size")[0])
    assert (
        settings.EXCEL_UPLOAD_MAX_BYTES // MB < limit <= settings.EXCEL_UPLOAD_MAX_BYTES // MB + 1
    )


def test_an_api_body_may_reach_the_apis_own_limit_which_answers_in_json():
    # Through the URLconf, as the application loads it: the parser and DRF import each other.
    from config import urls  # noqa: F401
    from indicators.api.parsers import MAX_BODY_BYTES

    limit = megabytes(directive("client_max_body_size", location("/api/"))[0])
    assert MAX_BODY_BYTES // MB < limit <= MAX_BODY_BYTES // MB + 1


def test_bodies_are_read_whole_before_gunicorn_and_slow_clients_time_out():
    assert directive("proxy_request_buffering") == ["on"]
    assert directive("proxy_buffering") == ["on"]
    assert directive("client_body_buffer_size") == ["1m"]
    for name in ("client_header_timeout", "client_body_timeout", "send_timeout"):
        (value,) = directive(name)
        assert int(value.rstrip("s")) <= 30, name


def test_nginx_appends_the_client_address_as_the_one_trusted_hop():
    # API_NUM_PROXIES=1 trusts the last address of X-Forwarded-For: the one nginx adds.
    assert "X-Forwarded-For $proxy_add_x_forwarded_for" in directive("proxy_set_header")
    assert "X-Forwarded-Proto $scheme" in directive("proxy_set_header")


@pytest.mark.parametrize("code", [413, 502, 503, 504])
def test_nginx_answers_in_chinese_on_pages_and_in_json_on_the_api(code):
    assert f"{code} /_errors/{code}.html" in directive("error_page")
    assert f"{code} /_errors/{code}.json" in directive("error_page", location("/api/"))
    html = (DEPLOY / "nginx" / "_errors" / f"{code}.html").read_text()
    assert '<html lang="zh-hans">' in html and f"（{code}）" in html
    assert 'href="/_errors/errors.css"' in html and "<style" not in html and "style=" not in html
    error = json.loads((DEPLOY / "nginx" / "_errors" / f"{code}.json").read_text())["error"]
    assert error["status"] == code and re.search(r"[\u4e00-\u9fff]", error["message"])


def test_gunicorn_runs_threads_that_see_a_long_export_through():
    config = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    assert config["worker_class"] == "gthread" and config["threads"] > 1
    assert config["graceful_timeout"] >= 60
    assert config["bind"].startswith("127.0.0.1:")
    site = (DEPLOY / "nginx" / "indicators.conf").read_text()
    assert f"server {config['bind']};" in site


def test_the_boundary_upload_may_hold_the_largest_boundary_file():
    from indicators.maps.reading import MAX_FILE_BYTES

    limit = megabytes(directive("client_max_body_size", location("/maps/boundaries/"))[0])
    assert MAX_FILE_BYTES // MB < limit <= MAX_FILE_BYTES // MB + 1
