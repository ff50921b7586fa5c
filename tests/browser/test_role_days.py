"""Each role's day in a real Chromium (issue 10, point 8): the manager clears the home page's
queue, the coach logs a session and the firm confirms it from the notification's link, the firm
applies for a trip on a phone, the funder downloads a report.

Every step is a click or a form fill, as the user would do it; what a journey starts from is
built through the services. Each journey runs in a window of its own width (1440×900, or
390×844 for the phone journey) and saves its key pages at both widths under
``tests/browser/screenshots/days/``: the other width is a second browser context holding the
same session cookie. Every page of both contexts is watched (``PageWatch``): no JavaScript
error, no failing asset, nothing from another host, and no page scrolls sideways.
"""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Notification
from clusters.services import programme_save
from internationalization.models import CoachingSession, TimbankRequest, Trip
from internationalization.services.timbank import timbank_pool_set, timbank_request_create
from projects.choices import EnrolmentStatus
from projects.models import Enrolment
from projects.services import enrolment_apply, enrolment_record_interview, project_set_funding
from reports.models import ReportRun
from tests.browser.conftest import PageWatch
from tests.factories.common import READINESS

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1440, "height": 900}


@pytest.fixture
def viewport() -> dict:
    """The journey's own window; the phone journey parametrizes it."""
    return DESKTOP


@pytest.fixture
def page(browser, live_server, viewport):
    """The journey's page at ``viewport``, watched like the shared ``page`` fixture's."""
    context = browser.new_context(viewport=viewport, locale="en-US")
    new_page = context.new_page()
    watch = PageWatch(new_page, urlsplit(live_server.url).netloc)
    try:
        yield new_page
    finally:
        context.close()
    assert not watch.problems, "\n".join(watch.problems)


def overflow(page) -> int:
    """How many pixels the page is wider than the window (0: no sideways scroll)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


class Shots:
    """Screenshots of the journey's current page at both widths. The journey's page is shot as
    it is; the other width is a context of its own, logged in with the journey's cookies,
    that opens the same address. Both are watched; no page may scroll sideways."""

    def __init__(self, browser, live_server, page, viewport, directory):
        self.browser = browser
        self.host = urlsplit(live_server.url).netloc
        self.page = page
        self.viewport = viewport
        self.directory = directory
        self.problems: list[str] = []
        self.watches: list[PageWatch] = []

    def take(self, name: str) -> None:
        own = f"{name}-{self.viewport['width']}.png"
        self._shoot(self.page, own)
        other = PHONE if self.viewport == DESKTOP else DESKTOP
        context = self.browser.new_context(viewport=other, locale="en-US")
        try:
            context.add_cookies(self.page.context.cookies())
            other_page = context.new_page()
            self.watches.append(PageWatch(other_page, self.host))
            response = other_page.goto(self.page.url)
            assert response is not None and response.status == 200, self.page.url
            other_page.wait_for_load_state("networkidle")
            self._shoot(other_page, f"{name}-{other['width']}.png")
        finally:
            context.close()

    def _shoot(self, page, file_name: str) -> None:
        extra = overflow(page)
        if extra > 0:
            self.problems.append(f"{file_name}: {page.url} is {extra} px too wide")
        # At desktop width the navigation stays inline: the phone's "Menu" is hidden.
        wide = page.viewport_size["width"] >= DESKTOP["width"]
        if wide and page.locator("summary.navmenu-toggle").is_visible():
            self.problems.append(f"{file_name}: the phone's Menu shows at desktop width")
        path = self.directory / file_name
        path.unlink(missing_ok=True)
        page.screenshot(path=str(path), full_page=True)
        assert path.is_file() and path.stat().st_size > 0

    def all_problems(self) -> list[str]:
        return self.problems + [problem for watch in self.watches for problem in watch.problems]


@pytest.fixture
def shots(browser, live_server, page, viewport, screenshot_dir):
    directory = screenshot_dir / "days"
    directory.mkdir(parents=True, exist_ok=True)
    taken = Shots(browser, live_server, page, viewport, directory)
    yield taken
    assert not taken.all_problems(), "\n".join(taken.all_problems())


def nav(page, ui, name: str) -> None:
    """Follow a link of the main navigation; on a phone, open the "Menu" first."""
    toggle = page.locator("summary.navmenu-toggle")
    if toggle.is_visible() and not page.locator("nav.mainnav").is_visible():
        toggle.click()
    ui.nav(name)


def open_inbox(page, ui) -> None:
    toggle = page.locator("summary.navmenu-toggle")
    inbox = page.locator("a.inbox-link")
    if toggle.is_visible() and not inbox.is_visible():
        toggle.click()
    ui.click(inbox)


# 1. The manager clears the home page's queue ---------------------------------------------------


def _waiting_work(project, firm, rep, manager):
    """An application interviewed last week, to decide; a pending request for 6 h of legal
    advice from a firm already active, with a pool to approve it from."""
    applied = enrolment_apply(
        project=project,
        organization=firm,
        assessment=READINESS,
        actor=rep,
        applied_on=timezone.localdate() - timedelta(days=9),
    )
    enrolment_record_interview(
        enrolment=applied,
        held_on=timezone.localdate() - timedelta(days=7),
        notes="Strong export case",
        actor=manager,
    )
    timbank_pool_set(
        project=project, hours_total=Decimal("100"), hourly_value=Decimal("90"), currency="EUR"
    )
    return applied


def _queue_items(page):
    return page.locator("section[aria-labelledby='home-queue'] li.queue-item")


def _decide_the_application(page, ui, queue, applied) -> None:
    item = queue.filter(has_text="Decide on the application to Alpha abroad")
    expect(item).to_contain_text("Alpha Sealing")
    expect(item).to_contain_text("waiting 7 days")
    ui.click(item.get_by_role("link"))
    expect(page.locator("h1")).to_have_text(applied.organization.legal_name)
    decide = ui.step("Accept or reject")
    ui.labelled(decide, "Accept").check()
    ui.labelled(decide, "Reason").fill("A strong export case.")
    ui.click(decide.get_by_role("button", name="Record the decision", exact=True))
    expect(page.get_by_role("status")).to_contain_text("The decision was recorded.")
    expect(ui.card(page, "Status")).to_have_text("Accepted")
    applied.refresh_from_db()
    assert applied.status == EnrolmentStatus.ACCEPTED


def _approve_the_request(page, ui, queue, request) -> None:
    item = queue.filter(has_text="Decide on a request for 6 h of legal")
    expect(item).to_contain_text("Beta Boats AB")
    ui.click(item.get_by_role("link"))
    expect(page.locator("h1")).to_have_text("Legal: 6 h for Beta Boats")
    ui.labelled(page, "Hours to approve").fill("5")
    ui.click(page.get_by_role("button", name="Approve", exact=True))
    expect(page.get_by_role("status")).to_contain_text(
        "The hours were approved and reserved from the pool."
    )
    request.refresh_from_db()
    assert (request.status, request.hours_approved) == ("approved", Decimal("5"))


def test_manager_clears_the_home_queue(
    page,
    ui,
    shots,
    eager_tasks,
    project,
    enrol_active,
    manager_a,
    firm,
    firm_rep_a,
    second_firm,
):
    other_firm, other_rep = second_firm
    active = enrol_active(other_firm, other_rep)
    applied = _waiting_work(project, firm, firm_rep_a, manager_a)
    request = timbank_request_create(
        enrolment=active,
        service="legal",
        hours_requested=Decimal("6"),
        needed_by=timezone.localdate() + timedelta(days=60),
        purpose="Review the distributor contract.",
        actor=other_rep,
    )
    ui.log_in(manager_a)

    heading = page.get_by_role("heading", name="Waiting for you", exact=True)
    expect(heading).to_be_visible()
    queue = _queue_items(page)
    expect(queue).to_have_count(2)
    # Oldest first: the application waits since the interview, the request since today.
    expect(queue.nth(0)).to_have_attribute("data-kind", "decide")
    expect(queue.nth(1)).to_have_attribute("data-kind", "timbank")
    shots.take("manager-home-queue")

    _decide_the_application(page, ui, queue, applied)
    shots.take("manager-application-decided")
    nav(page, ui, "Home")
    expect(queue).to_have_count(1)
    expect(queue.filter(has_text="Decide on the application")).to_have_count(0)

    _approve_the_request(page, ui, queue, request)
    shots.take("manager-request-approved")
    nav(page, ui, "Home")
    expect(queue).to_have_count(0)
    expect(page.locator("section[aria-labelledby='home-queue']")).to_contain_text(
        "Nothing is waiting for you"
    )
    assert TimbankRequest.objects.get(pk=request.pk).status == "approved"
    shots.take("manager-home-cleared")


# 2. The coach logs a session, the firm confirms it from the notification ----------------------


def _coach_logs_a_session(page, ui) -> None:
    nav(page, ui, "Your firms")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name="Alpha Sealing"))
    ui.click(row.get_by_role("link", name="Log a session", exact=True))
    expect(page.locator("h1")).to_have_text("Log a coaching session with Alpha Sealing")
    ui.labelled(page, "Hours").fill("2")
    ui.labelled(page, "Topic").fill("Pricing for the German market")
    ui.click(page.get_by_role("button", name="Save", exact=True))
    expect(page.get_by_role("status")).to_contain_text("The coaching session was logged.")


def _log_out(page, ui) -> None:
    page.locator("details.usermenu summary").click()
    ui.click(page.get_by_role("button", name="Log out", exact=True))


def test_coach_logs_a_session_and_the_firm_confirms_it_from_the_inbox(
    page, ui, shots, eager_tasks, enrol_active, coach_a, firm, firm_rep_a
):
    enrolment = enrol_active(firm, firm_rep_a)
    # The firm was already told of its acceptance; those are unread too.
    unread_before = Notification.objects.filter(recipient=firm_rep_a, read_at=None).count()
    ui.log_in(coach_a)
    _coach_logs_a_session(page, ui)
    session = CoachingSession.objects.get(enrolment=enrolment)
    assert session.status == "awaiting"
    shots.take("coach-session-logged")
    _log_out(page, ui)

    ui.log_in(firm_rep_a)
    badge = page.locator("a.inbox-link .badge")
    expect(badge).to_have_text(str(unread_before + 1))
    shots.take("firm-home-unread")
    open_inbox(page, ui)
    expect(page.locator("h1")).to_have_text("Inbox")
    expect(page.locator("li.inbox-item.unread")).to_have_count(unread_before + 1)
    unread = page.locator("li.inbox-item.unread").filter(has_text="Pricing for the German market")
    expect(unread).to_have_count(1)
    expect(unread.locator(".badge")).to_have_text("new")
    shots.take("firm-inbox")

    ui.click(unread.get_by_role("link"))
    session_page = reverse("internationalization:session-detail", args=[session.pk])
    expect(page).to_have_url(ui.url(session_page))
    expect(page.locator("h1")).to_contain_text("2 h")
    status = page.locator(".page-head .badge")
    expect(status).to_have_text("Awaiting confirmation")
    # Opening the notification read it: one fewer unread.
    if unread_before:
        expect(badge).to_have_text(str(unread_before))
    else:
        expect(badge).to_have_count(0)
    shots.take("firm-session-to-confirm")

    ui.click(page.get_by_role("button", name="Confirm: it took place", exact=True))
    expect(page.get_by_role("status")).to_contain_text("Thank you")
    expect(status).to_have_text("Confirmed")
    expect(page.get_by_role("button", name="Confirm: it took place")).to_have_count(0)
    confirmed = page.locator("dl.facts dt:text-is('Confirmed') + dd")
    expect(confirmed).to_contain_text(str(firm_rep_a))
    session.refresh_from_db()
    assert (session.status, session.confirmed_by) == ("confirmed", firm_rep_a)
    shots.take("firm-session-confirmed")


# 3. The firm applies for a trip on a phone -----------------------------------------------------


@pytest.mark.parametrize("viewport", [PHONE], ids=["390"])
def test_firm_applies_for_a_trip_on_a_phone(
    page, ui, shots, viewport, enrol_active, firm, firm_rep_a
):
    enrolment = enrol_active(firm, firm_rep_a)
    today = timezone.localdate()
    ui.log_in(firm_rep_a)
    expect(page.locator("summary.navmenu-toggle")).to_be_visible()
    assert overflow(page) <= 0

    nav(page, ui, "Your projects")
    expect(page.locator("h1")).to_have_text("Your projects")
    panel = page.locator(f"section#enrolment-{enrolment.pk}")
    shots.take("firm-portal-before-trip")
    ui.click(panel.get_by_role("link", name="Apply for a trip", exact=True))
    expect(page.locator("h1")).to_have_text("Apply for a trip for Alpha Sealing")
    assert overflow(page) <= 0
    ui.labelled(page, "Destination country").select_option(label="Germany")
    ui.labelled(page, "City").fill("Hanover")
    ui.labelled(page, "Event or fair").fill("Hannover Messe")
    ui.labelled(page, "From").fill((today + timedelta(days=40)).isoformat())
    ui.labelled(page, "To").fill((today + timedelta(days=44)).isoformat())
    ui.labelled(page, "Purpose").select_option(label="Trade fair")
    ui.labelled(page, "Budget requested").fill("2400")
    shots.take("firm-trip-form")
    ui.click(page.get_by_role("button", name="Save", exact=True))
    expect(page.get_by_role("status")).to_contain_text("Your application was sent to the cluster.")
    expect(page.locator("h1")).to_have_text("Trip to Hanover, Germany")
    assert Trip.objects.get(enrolment=enrolment, city="Hanover").status == "applied"

    nav(page, ui, "Your projects")
    trips = panel.locator("h3:text-is('Trips') + table tbody tr")
    expect(trips).to_have_count(1)
    expect(trips.first).to_contain_text("Hanover")
    expect(trips.first).to_contain_text("Applied")
    assert overflow(page) <= 0
    shots.take("firm-portal-trip-applied")


# 4. The funder downloads a report --------------------------------------------------------------


def _fund(project, cluster, funder):
    today = timezone.localdate()
    programme = programme_save(
        cluster=cluster,
        data={
            "funder": funder,
            "name": "Export Growth 2024–2028",
            "code": "X-ERDF",
            "budget": Decimal("2000000"),
            "currency": "SEK",
            "start": today - timedelta(days=400),
            "end": today + timedelta(days=1000),
            "cofinancing_rate": Decimal("50"),
            "hourly_value": Decimal("90"),
        },
    )
    project_set_funding(project=project, shares={programme: Decimal("100")})
    return programme


def _downloaded_rows(page, row) -> tuple[str, list[list[str]]]:
    with page.expect_download() as download_info:
        row.get_by_role("link", name="CSV", exact=True).click()
    download = download_info.value
    with open(download.path(), encoding="utf-8-sig") as downloaded:
        return download.suggested_filename, list(csv.reader(io.StringIO(downloaded.read())))


def test_funder_downloads_a_report(
    page,
    ui,
    shots,
    eager_tasks,
    project,
    enrol_active,
    cluster_a,
    funder_user,
    firm,
    firm_rep_a,
    second_firm,
):
    other_firm, other_rep = second_firm
    enrol_active(firm, firm_rep_a)
    enrol_active(other_firm, other_rep)
    _fund(project, cluster_a, funder_user.funder_link.funder)
    ui.log_in(funder_user)
    shots.take("funder-home")

    nav(page, ui, "Reports")
    expect(page.locator("h1")).to_have_text("Reports")
    ui.click(ui.link("Alpha abroad"))
    expect(page.locator("h1")).to_have_text("Reports of Alpha abroad")
    ui.labelled(page, "Report").select_option(label="Participation")
    ui.click(page.get_by_role("button", name="Generate", exact=True))
    expect(page.get_by_role("status")).to_contain_text("The participation report is ready.")
    history = page.locator("section[aria-labelledby='history-heading'] table.runs tbody tr")
    expect(history).to_have_count(1)
    expect(history.first).to_contain_text("Participation")
    expect(history.first.locator(".badge")).to_have_text("Done")
    shots.take("funder-reports")

    file_name, rows = _downloaded_rows(page, history.first)
    run = ReportRun.objects.get(project=project)
    assert file_name.endswith("-participation-alpha-abroad.csv"), file_name
    assert rows[0] == ["section", "section_label", "key", "label", "value", "suppressed"]
    cells = {(row[0], row[2]): row[4] for row in rows[1:]}
    assert cells[("report", "kind")] == "participation"
    assert cells[("report", "project")] == "alpha-abroad"
    figures = {key: value for (section, key), value in cells.items() if section == "figures"}
    assert figures, rows
    assert figures.get("firms_applied") == "2", figures
    assert figures.get("firms_active") == "2", figures
    assert cells[("report", "run")] == str(run.pk)
    assert Enrolment.objects.filter(project=project).count() == 2
