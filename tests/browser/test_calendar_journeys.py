"""The calendar in a real Chromium: the manager's month at desktop width, the firm's own
calendar on a phone (a list of the days that have events, no sideways scroll), and the feed
URL copied from its page and fetched as a calendar application would."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories.activities import TripFactory, make_workshop
from tests.factories.projects import EnrolmentFactory


def firm_events(project, firm):
    """A workshop in two days the firm is invited to, and its trip next week."""
    today = timezone.localdate()
    enrolment = EnrolmentFactory(project=project, organization=firm)
    workshop = make_workshop(project, title="Export vision", day=today + timedelta(days=2))
    workshop.participations.create(enrolment=enrolment)
    TripFactory(
        enrolment=enrolment,
        city="Oslo",
        status="approved",
        start=today + timedelta(days=7),
        end=today + timedelta(days=8),
    )
    return workshop


def test_manager_sees_the_month_with_today_and_opens_an_event(page, ui, manager_a, project, firm):
    firm_events(project, firm)
    page.set_viewport_size({"width": 1440, "height": 900})
    ui.log_in(manager_a)
    ui.nav("Calendar")

    expect(page.locator(".cal-today")).to_have_count(1)
    link = page.locator(".cal-event", has_text="Export vision")
    expect(link).to_be_visible()
    ui.screenshot("calendar-month-1440.png")
    ui.click(link)
    expect(page.locator("h1")).to_contain_text("Export vision")


def test_firm_reads_its_calendar_on_a_phone(page, ui, firm_rep_a, project, firm):
    firm_events(project, firm)
    page.set_viewport_size({"width": 390, "height": 844})
    ui.log_in(firm_rep_a)
    page.goto(ui.url(reverse("reports:calendar-mine-list")))
    expect(page.locator("table.cal-list")).to_contain_text("Oslo")
    page.goto(ui.url(reverse("reports:calendar-mine")))

    grid = page.locator(".cal-grid")
    assert grid.bounding_box()["width"] <= 390
    main = "document.querySelector('main')"
    assert page.evaluate(f"() => {main}.scrollWidth - {main}.clientWidth") <= 0
    # Only today and the days with events are listed.
    visible_days = page.locator(".cal-day:visible")
    assert visible_days.count() <= 1 + 3
    ui.screenshot("calendar-month-390.png")


def test_firm_copies_its_feed_url_and_a_calendar_application_reads_it(
    page, ui, firm_rep_a, project, firm, browser
):
    firm_events(project, firm)
    ui.log_in(firm_rep_a)
    page.goto(ui.url(reverse("reports:calendar-subscribe")))
    ui.click(page.get_by_role("button", name="Make my feed URL"))
    feed_url = page.locator("#feed-url").input_value()
    ui.screenshot("calendar-feed.png")

    # Another browser context: no session, as Outlook or Google would fetch it.
    context = browser.new_context()
    try:
        response = context.request.get(feed_url)
        assert response.status == 200
        assert response.headers["content-type"] == "text/calendar; charset=utf-8"
        assert "SUMMARY:Workshop: Export vision" in response.text()
    finally:
        context.close()
