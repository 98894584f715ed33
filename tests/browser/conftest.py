"""Playwright driving Debian's Chromium (`playwright install` cannot download here).

Locally these tests skip when /usr/bin/chromium is absent; CI sets REQUIRE_BROWSER=1
and a missing browser fails the run instead.
"""

import contextlib
import os
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Error as PlaywrightError

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
PASSWORD = "browser-test-password"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


# Per module, not per session: Playwright's sync API switches greenlets, each with
# its own context, and Django's connections are context-local. While Playwright runs,
# later tests open a second PostgreSQL connection that outlives the session and
# blocks dropping the test database. Stopping it after each module avoids that.
@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(f"REQUIRE_BROWSER is set but {CHROMIUM} is missing")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium fonts-noto-cjk)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def outside_requests():
    """URLs the page tried to fetch from anywhere but this machine; each was aborted."""
    return []


@pytest.fixture
def console_errors():
    return []


@pytest.fixture
def page(browser, live_server, outside_requests, console_errors):
    context = browser.new_context(base_url=live_server.url, locale="zh-CN")
    context.set_default_timeout(10_000)

    def only_local(route):
        if urlparse(route.request.url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            outside_requests.append(route.request.url)
            route.abort()

    context.route("**/*", only_local)
    page = context.new_page()
    page.on(
        "console",
        lambda message: message.type == "error" and console_errors.append(message.text),
    )
    page.on("pageerror", lambda error: console_errors.append(str(error)))
    yield page
    # Leave the page first: a request it still had under way (the 大屏 fetches its
    # maps as it goes) must end before the test database is emptied. A page that asks
    # before it is left (unsaved figures) refuses; closing the context ends it.
    with contextlib.suppress(PlaywrightError):
        page.goto("about:blank")
    context.close()


def login(page, user) -> None:
    """Sign in through the login form; the user's password is set to PASSWORD."""
    user.set_password(PASSWORD)
    user.save()
    page.goto("/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    # The form posts, then redirects; done once the browser has left the login page.
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
