"""Fixtures for the browser tests: Debian's Chromium driven through Playwright's sync API.

Without a Chromium binary or the playwright package the tests are skipped; with
REQUIRE_BROWSER=1 (CI) they fail instead, so a broken browser setup cannot hide.

``ui`` is the page as a user works it (log in, follow the navigation, fill labelled fields,
read cards and tables, take the closing screenshot); the project journeys start from
``project``, ``enrol_active`` and ``second_firm``, built through the services.
"""

from __future__ import annotations

import os
import re
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from projects.choices import ProjectStatus
from projects.models import Enrolment
from projects.services import (
    enrolment_activate,
    enrolment_apply,
    enrolment_decide,
    enrolment_record_interview,
    partner_coach_add,
    project_partner_add,
    project_save,
)
from tests.factories.clusters import UserFactory
from tests.factories.common import READINESS, TEST_PASSWORD
from tests.factories.members import OrganizationFactory, RepresentativeFactory

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
        yield WatchedBrowser(browser)
    finally:
        browser.close()
        playwright.stop()


# Content-Security-Policy violations, from every page of every context a test opens -----------

# Runs in every document before its own scripts, and outside the page's policy (Playwright
# injects it through the DevTools protocol), so it sees every violation the page causes.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__reportCspViolation(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} in ` +
    `${event.sourceFile || document.location.href}:${event.lineNumber} ` +
    `(${event.disposition}) ${event.sample || ""}`.trim()
  );
}, true);
"""


def is_csp_message(text: str) -> bool:
    """Chromium's console line for a blocked script, style, eval, frame or connection."""
    return "Content Security Policy" in text or "Content-Security-Policy" in text


class CspViolations(list):
    """Every CSP violation seen since the test began: the ``securitypolicyviolation`` events
    and the console lines Chromium writes for them."""


CSP_VIOLATIONS = CspViolations()


class WatchedBrowser:
    """The session's Chromium; every context it opens reports CSP violations to
    ``CSP_VIOLATIONS``, whether or not the test watches its pages with ``PageWatch``."""

    def __init__(self, browser):
        self._browser = browser

    def __getattr__(self, name):
        return getattr(self._browser, name)

    def new_context(self, **kwargs):
        context = self._browser.new_context(**kwargs)
        context.expose_binding(
            "__reportCspViolation",
            lambda source, text: CSP_VIOLATIONS.append(f"CSP violation: {text}"),
        )
        context.add_init_script(CSP_LISTENER)
        context.on("console", _record_csp_console_line)
        return context


def _record_csp_console_line(message) -> None:
    if is_csp_message(message.text):
        CSP_VIOLATIONS.append(f"CSP violation (console): {message.text}")


@pytest.fixture(autouse=True)
def csp_violations():
    """Every browser test fails on a Content-Security-Policy violation in any of its pages.
    A test that causes violations on purpose checks them and clears this list."""
    CSP_VIOLATIONS.clear()
    yield CSP_VIOLATIONS
    found = list(CSP_VIOLATIONS)
    CSP_VIOLATIONS.clear()
    assert not found, "\n".join(found)


class PageWatch:
    """What a page did that no page of ours may do: throw or log a JavaScript error, break the
    Content-Security-Policy, fail to load one of its own assets, or load anything from another
    host (no CDN, no network). Violations caught only as ``securitypolicyviolation`` events
    land in ``CSP_VIOLATIONS`` (``WatchedBrowser``), which fails the test as well."""

    def __init__(self, page, allowed_host: str):
        self.allowed_host = allowed_host
        self.problems: list[str] = []
        page.on("pageerror", lambda error: self.problems.append(f"JavaScript error: {error}"))
        page.on("console", self._console)
        page.on("request", self._request)
        page.on("response", self._response)

    def _console(self, message) -> None:
        # A page answered 403 or 404 on purpose logs "Failed to load resource"; the failing
        # responses themselves are judged in _response, so only other console errors count.
        if is_csp_message(message.text):
            self.problems.append(f"CSP violation: {message.text}")
        elif "Permissions-Policy header" in message.text:
            # Chromium warns about a feature it does not know (config/settings.py).
            self.problems.append(f"Permissions-Policy: {message.text}")
        elif message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.problems.append(f"console error: {message.text}")

    def _request(self, request) -> None:
        host = urlsplit(request.url).netloc
        if request.url.startswith(("data:", "blob:", "about:")):
            return
        if host != self.allowed_host:
            self.problems.append(f"request to another host: {request.url}")

    def _response(self, response) -> None:
        # A document may answer 4xx on purpose (a refusal is part of a journey); a script,
        # stylesheet, image or XHR of our own must never fail.
        if response.status >= 400 and response.request.resource_type != "document":
            kind = response.request.resource_type
            self.problems.append(f"{response.status} for {kind} {response.url}")


@pytest.fixture
def page(browser, live_server):
    """A fresh browser page; when the test ends, it fails if any page it visited threw a
    JavaScript error, failed to load an asset or reached another host."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-US")
    new_page = context.new_page()
    watch = PageWatch(new_page, urlsplit(live_server.url).netloc)
    try:
        yield new_page
    finally:
        context.close()
    assert not watch.problems, "\n".join(watch.problems)


@pytest.fixture
def screenshot_dir() -> Path:
    directory = BROWSER_TESTS_DIR / "screenshots"
    directory.mkdir(parents=True, exist_ok=True)
    return directory


class Ui:
    """The page as a user works it, and the screenshot a journey ends with."""

    # People, alliances and fees are reached from the members section's own navigation.
    MEMBERS_SECTION = {"People", "Alliances", "Fees"}

    def __init__(self, page, live_server, screenshot_dir: Path):
        self.page = page
        self.live_server = live_server
        self.screenshot_dir = screenshot_dir

    def url(self, path: str) -> str:
        return self.live_server.url + path

    def log_in(self, user, password: str = TEST_PASSWORD) -> None:
        """Log in through the real login form and wait for the dashboard."""
        page = self.page
        page.goto(self.url(LOGIN_PATH))
        page.get_by_label(re.compile(r"e-?mail", re.IGNORECASE)).fill(user.email)
        page.get_by_label(re.compile(r"password", re.IGNORECASE)).fill(password)
        page.get_by_role("button", name="Log in", exact=True).click()
        page.wait_for_url(self.url("/"))

    def nav(self, name: str) -> None:
        """Follow a link of the main navigation (or of the members section for its pages)."""
        if name in self.MEMBERS_SECTION:
            self.nav("Members")
            self.click(self.page.locator("nav.subnav").get_by_role("link", name=name, exact=True))
            return
        self.click(self.page.locator("nav.mainnav").get_by_role("link", name=name, exact=True))

    def click(self, locator) -> None:
        """Click something that loads a new page, and wait for it."""
        with self.page.expect_navigation():
            locator.click()

    def link(self, name: str):
        return self.page.locator("main").get_by_role("link", name=name, exact=True)

    def labelled(self, scope, label: str):
        """The form control labelled exactly so; Django's labels end with a colon."""
        return scope.get_by_label(re.compile(rf"^\s*{re.escape(label)}:?\s*$"))

    def field(self, scope, label: str):
        """The ``.field`` wrapper (label, input, help, errors) of the control labelled so."""
        return scope.locator(".field").filter(has=self.labelled(self.page, label))

    def step(self, title: str):
        """One step form of an object's page, found by its heading."""
        return self.page.locator("section.step").filter(
            has=self.page.get_by_role("heading", name=title, exact=True)
        )

    def card(self, scope, label: str):
        """The big number of the card labelled so."""
        label_text = re.compile(f"^{re.escape(label)}")
        return (
            scope.locator(".card")
            .filter(has=self.page.locator(".card-label", has_text=label_text))
            .locator(".card-count")
        )

    def table_after(self, heading: str):
        return self.page.locator(f'h2:text-is("{heading}") + table')

    def open_project(self, name: str = "Alpha abroad") -> None:
        from playwright.sync_api import expect

        self.nav("Projects")
        self.click(self.link(name))
        expect(self.page.locator("h1")).to_have_text(name)

    def screenshot(self, name: str) -> None:
        """Full-page screenshot; an old file from an earlier run cannot pass the check."""
        path = self.screenshot_dir / name
        path.unlink(missing_ok=True)
        self.page.screenshot(path=str(path), full_page=True)
        assert path.is_file()
        assert path.stat().st_size > 0


@pytest.fixture
def ui(page, live_server, screenshot_dir) -> Ui:
    return Ui(page, live_server, screenshot_dir)


# The project journeys' starting points, built through the services ---------------------------


@pytest.fixture(autouse=True)
def receipts_in_tmp(settings, tmp_path):
    """Uploaded receipts go to a directory of the test, not to the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def firm(firm_a):
    """The firm of firm_rep_a, with the short name most pages call it by."""
    firm_a.short_name = "Alpha Sealing"
    firm_a.save()
    return firm_a


@pytest.fixture
def project(cluster_a, coach_a):
    """Alpha abroad, open since last month; an incubator supplies coach_a for every region,
    so accepted firms get that coach."""
    today = timezone.localdate()
    project = project_save(
        cluster=cluster_a,
        data={
            "name": "Alpha abroad",
            "slug": "alpha-abroad",
            "status": ProjectStatus.OPEN,
            "start": today - timedelta(days=60),
            "end": today + timedelta(days=700),
            "enrolment_start": today - timedelta(days=30),
            "enrolment_end": today + timedelta(days=300),
            "participation_fee": Decimal("500"),
            "coaching_hours_default": Decimal("10"),
        },
    )
    incubator = OrganizationFactory(cluster=cluster_a, legal_name="Gävle Incubator AB")
    partner = project_partner_add(project=project, organization=incubator, role="operational")
    partner_coach_add(partner=partner, coach=coach_a, regions=[])
    return project


@pytest.fixture
def enrol_active(project, manager_a):
    """``enrol_active(organization, applicant)``: the firm applied, was interviewed, accepted
    and activated in ``project``."""

    def enrol(organization, applicant) -> Enrolment:
        enrolment = enrolment_apply(
            project=project, organization=organization, assessment=READINESS, actor=applicant
        )
        enrolment = enrolment_record_interview(
            enrolment=enrolment, held_on=timezone.localdate(), notes="Ready", actor=manager_a
        )
        enrolment = enrolment_decide(
            enrolment=enrolment, accept=True, reason="Fits", actor=manager_a
        )
        return enrolment_activate(enrolment=enrolment, actor=manager_a)

    return enrol


@pytest.fixture
def second_firm(cluster_a):
    """Beta Boats of cluster A and its representative."""
    firm = OrganizationFactory(
        cluster=cluster_a, legal_name="Beta Boats AB", short_name="Beta Boats"
    )
    rep = RepresentativeFactory(
        organization=firm, user=UserFactory(email="rep.other@example.org")
    ).user
    return firm, rep
