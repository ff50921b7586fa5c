"""Fixtures for the browser tests: Debian's Chromium driven through Playwright's sync API.

Without a Chromium binary or the playwright package the tests are skipped; with
REQUIRE_BROWSER=1 (CI) they fail instead, so a broken browser setup cannot hide.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; without this Django refuses
# ORM calls made from that thread (fixtures, assertions against the database).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

BROWSER_TESTS_DIR = Path(__file__).resolve().parent
DEFAULT_CHROMIUM_PATH = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
LOGIN_PATH = "/accounts/login/"


def pytest_collection_modifyitems(config, items):
    """Every test under tests/browser carries the ``browser`` marker (``-m "not browser"``)."""
    for item in items:
        if Path(item.path).resolve().is_relative_to(BROWSER_TESTS_DIR):
            item.add_marker(pytest.mark.browser)


def _unavailable(reason: str):
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(f"REQUIRE_BROWSER=1 but the browser tests cannot run: {reason}")
    print(f"skipping browser tests: {reason}")
    pytest.skip(f"browser tests skipped: {reason}")


@pytest.fixture(scope="session")
def browser():
    chromium_path = os.environ.get("CHROMIUM_PATH") or DEFAULT_CHROMIUM_PATH
    if not Path(chromium_path).is_file():
        _unavailable(f"no Chromium at {chromium_path} (set CHROMIUM_PATH to another binary)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as error:
        _unavailable(f"playwright is not importable ({error})")

    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(
            executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS
        )
    except Exception:
        playwright.stop()
        raise
    try:
        yield browser
    finally:
        browser.close()
        playwright.stop()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-US")
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def screenshot_dir() -> Path:
    directory = BROWSER_TESTS_DIR / "screenshots"
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def login(page, live_server, email: str, password: str) -> None:
    """Log in through the real login form and wait for the dashboard."""
    page.goto(live_server.url + LOGIN_PATH)
    page.get_by_label(re.compile(r"e-?mail", re.IGNORECASE)).fill(email)
    page.get_by_label(re.compile(r"password", re.IGNORECASE)).fill(password)
    page.get_by_role("button", name="Log in", exact=True).click()
    page.wait_for_url(live_server.url + "/")
