"""The firm's journeys through its portal, in a real Chromium: confirming coaching, asking for
consultant hours, applying for a trip, reporting a result and claiming a cost with its receipt;
and one firm's isolation from another.

Every step is a click or a form fill, as the user would do it; the project and what a journey
starts from are built through the services (tests/browser/conftest.py). Each journey ends with
a full-page screenshot under tests/browser/screenshots and with checks of what the user sees.
"""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from internationalization.models import ExpenseClaim, Outcome, TimbankRequest, Trip
from internationalization.services.coaching import coaching_session_log
from internationalization.services.timbank import timbank_pool_set, timbank_request_create
from internationalization.services.trips import expense_claim_submit, trip_apply, trip_approve
from tests.factories.activities import PNG_PIXEL


def _pool_session_and_trip(project, enrolment, *, coach, rep, manager):
    """A timbank pool of 100 h, a 2 h session two days ago, and a fair in Nuremberg next
    month whose budget the manager approved."""
    timbank_pool_set(
        project=project, hours_total=Decimal("100"), hourly_value=Decimal("90"), currency="EUR"
    )
    today = timezone.localdate()
    session = coaching_session_log(
        enrolment=enrolment,
        date=today - timedelta(days=2),
        hours=Decimal("2"),
        topic="Distributor pricing",
        coach=coach,
    )
    trip = trip_apply(
        enrolment=enrolment,
        country="DE",
        city="Nuremberg",
        event="Embedded World",
        start=today + timedelta(days=30),
        end=today + timedelta(days=33),
        purpose="fair",
        budget_requested=Decimal("2000"),
        actor=rep,
    )
    return session, trip_approve(trip=trip, budget=Decimal("1500"), actor=manager)


# 5. The firm's portal ------------------------------------------------------------------------


def _the_portal_lists_the_next_steps(page, ui, panel):
    ui.nav("Your projects")
    expect(page.locator("h1")).to_have_text("Your projects")
    expect(panel.get_by_role("heading", level=2)).to_contain_text("Alpha abroad")
    expect(panel.locator(".badge")).to_have_text("Active")
    steps = panel.locator(".next-steps li")
    expect(steps).to_have_text(
        [
            re.compile(r"^Pay the participation fee of 500(\.00)? EUR\.$"),
            "Confirm 1 coaching session(s) with your coach.",
        ]
    )
    expect(ui.card(panel, "coaching hours left")).to_have_text("8")
    return steps


def _confirm_the_session(page, ui, panel, steps, session, rep) -> None:
    sessions = panel.locator("h3:text-is('Coaching sessions') + table")
    session_row = sessions.locator("tbody tr").filter(has_text="Distributor pricing")
    ui.click(session_row.get_by_role("button", name="Confirm", exact=True))
    expect(page).to_have_url(ui.url(reverse("internationalization:portal")))
    expect(page.get_by_role("status")).to_contain_text("Thank you: the session of")
    expect(session_row.get_by_role("cell").nth(3)).to_have_text("confirmed")
    expect(session_row.get_by_role("button", name="Confirm")).to_have_count(0)
    expect(steps).to_have_count(1)
    session.refresh_from_db()
    assert session.confirmed_by == rep


def _request_consultant_hours(page, ui, panel, enrolment, today) -> None:
    ui.click(panel.get_by_role("link", name="Request consultant hours", exact=True))
    expect(page.locator("h1")).to_have_text("Request timbank hours for Alpha Sealing")
    ui.labelled(page, "Service").select_option(label="Legal")
    ui.labelled(page, "Hours requested").fill("4")
    ui.labelled(page, "Needed by").fill((today + timedelta(days=90)).isoformat())
    ui.labelled(page, "Purpose").fill("Review the distributor contract.")
    ui.click(page.get_by_role("button", name="Save", exact=True))
    expect(page.get_by_role("status")).to_contain_text("Your request was sent to the cluster.")
    expect(page.locator("h1")).to_have_text("Legal: 4 h for Alpha Sealing")
    request = TimbankRequest.objects.get(enrolment=enrolment)
    assert (request.status, request.hours_requested) == ("pending", Decimal("4"))


def _apply_for_a_trip(page, ui, panel, enrolment, today) -> None:
    ui.nav("Your projects")
    ui.click(panel.get_by_role("link", name="Apply for a trip", exact=True))
    expect(page.locator("h1")).to_have_text("Apply for a trip for Alpha Sealing")
    ui.labelled(page, "Destination country").select_option(label="Germany")
    ui.labelled(page, "City").fill("Munich")
    ui.labelled(page, "Event or fair").fill("Automatica")
    ui.labelled(page, "From").fill((today + timedelta(days=60)).isoformat())
    ui.labelled(page, "To").fill((today + timedelta(days=63)).isoformat())
    ui.labelled(page, "Purpose").select_option(label="Meet customers")
    ui.labelled(page, "Budget requested").fill("1800")
    ui.click(page.get_by_role("button", name="Save", exact=True))
    expect(page.get_by_role("status")).to_contain_text("Your application was sent to the cluster.")
    expect(page.locator("h1")).to_have_text("Trip to Munich, Germany")
    assert Trip.objects.get(enrolment=enrolment, city="Munich").status == "applied"


def _report_a_result(page, ui, panel, enrolment) -> None:
    ui.nav("Your projects")
    ui.click(panel.get_by_role("link", name="Report a result", exact=True))
    expect(page.locator("h1")).to_have_text("Report a result of Alpha Sealing in Alpha abroad")
    ui.labelled(page, "Kind").select_option(label="New customer")
    ui.labelled(page, "Quantity").fill("2")
    ui.labelled(page, "Note").fill("Two retailers in Bavaria.")
    ui.click(page.get_by_role("button", name="Save", exact=True))
    expect(page.get_by_role("status")).to_contain_text("The outcome was recorded.")
    outcome = Outcome.objects.get(enrolment=enrolment)
    assert (outcome.kind, outcome.quantity, outcome.source) == ("new_customer", 2, "firm")


def _the_portal_lists_what_was_asked(ui, panel):
    ui.nav("Your projects")
    timbank = panel.locator("h3:text-is('Timbank: consultant hours') + table tbody tr")
    expect(timbank).to_have_count(1)
    expect(timbank.first).to_contain_text("Legal")
    expect(timbank.first).to_contain_text("Waiting for a decision")
    trips = panel.locator("h3:text-is('Trips') + table tbody tr")
    expect(trips).to_have_count(2)
    expect(trips.filter(has_text="Munich")).to_contain_text("Applied")
    expect(trips.filter(has_text="Nuremberg")).to_contain_text("Approved")
    expect(panel.locator("h3:text-is('Results') + ul li")).to_have_text(
        # A result the firm reports waits for the cluster to verify it, and says so.
        [re.compile(r"New customer × 2 · awaiting verification$")]
    )
    ui.screenshot("portal.png")
    return trips


def _claim_a_cost_with_its_receipt(page, ui, trips, trip):
    ui.click(trips.filter(has_text="Nuremberg").get_by_role("link", name="Claim costs"))
    expect(page.locator("h1")).to_have_text("Claim a cost of the trip to Nuremberg")
    ui.labelled(page, "What").fill("Train tickets")
    ui.labelled(page, "Amount (EUR)").fill("320")
    ui.labelled(page, "Receipt").set_input_files(
        files=[{"name": "ticket.png", "mimeType": "image/png", "buffer": PNG_PIXEL}]
    )
    ui.click(page.get_by_role("button", name="Save", exact=True))
    expect(page.get_by_role("status")).to_contain_text("Your claim was sent to the cluster.")
    expect(page.locator("h1")).to_have_text("Trip to Nuremberg, Germany")
    claims = ui.table_after("Expense claims").locator("tbody tr")
    expect(claims).to_have_count(1)
    expect(claims.first).to_contain_text("Train tickets")
    expect(claims.first).to_contain_text(re.compile(r"320(\.00)? EUR"))
    expect(claims.first).to_contain_text("Submitted")
    expect(ui.card(page, "EUR left to claim")).to_have_text(re.compile(r"^1,180(\.00)?$"))
    claim = ExpenseClaim.objects.get(trip=trip)
    assert claim.amount == Decimal("320")
    return claims, claim


def _the_receipt_downloads_as_uploaded(page, ui, claims, claim) -> None:
    download_link = claims.first.get_by_role("link", name="Download", exact=True)
    with page.expect_download() as download_info:
        download_link.click()
    download = download_info.value
    assert download.suggested_filename == f"receipt-{claim.pk}.png"
    with open(download.path(), "rb") as downloaded:
        assert downloaded.read() == PNG_PIXEL
    response = page.request.get(ui.url(download_link.get_attribute("href")))
    assert response.status == 200
    assert response.headers["content-type"] == "image/png"
    assert response.body() == PNG_PIXEL


def test_firm_works_through_its_portal(
    page, ui, project, enrol_active, manager_a, coach_a, firm, firm_rep_a
):
    enrolment = enrol_active(firm, firm_rep_a)
    session, trip = _pool_session_and_trip(
        project, enrolment, coach=coach_a, rep=firm_rep_a, manager=manager_a
    )
    today = timezone.localdate()
    ui.log_in(firm_rep_a)
    panel = page.locator(f"section#enrolment-{enrolment.pk}")

    steps = _the_portal_lists_the_next_steps(page, ui, panel)
    # The coaching session took place: the firm confirms it.
    _confirm_the_session(page, ui, panel, steps, session, firm_rep_a)
    _request_consultant_hours(page, ui, panel, enrolment, today)
    _apply_for_a_trip(page, ui, panel, enrolment, today)
    _report_a_result(page, ui, panel, enrolment)
    trips = _the_portal_lists_what_was_asked(ui, panel)
    claims, claim = _claim_a_cost_with_its_receipt(page, ui, trips, trip)
    _the_receipt_downloads_as_uploaded(page, ui, claims, claim)
    ui.screenshot("claim.png")


# 6. One firm does not see another's ----------------------------------------------------------


def _the_first_firm_is_busy(project, first, *, coach, rep, manager):
    """A session, a patent request, an approved trip and a claim with its receipt."""
    _session, trip = _pool_session_and_trip(project, first, coach=coach, rep=rep, manager=manager)
    timbank_request_create(
        enrolment=first,
        service="patent",
        hours_requested=Decimal("6"),
        needed_by=timezone.localdate() + timedelta(days=60),
        purpose="Check the seal patent.",
        actor=rep,
    )
    claim = expense_claim_submit(
        trip=trip,
        description="Train tickets",
        amount=Decimal("320"),
        currency="EUR",
        receipt=SimpleUploadedFile("ticket.png", PNG_PIXEL, content_type="image/png"),
        actor=rep,
    )
    return trip, claim


def _the_portal_shows_only_its_own_enrolment(page, ui, second) -> None:
    ui.nav("Your projects")
    expect(page.locator("h1")).to_have_text("Your projects")
    panels = page.locator("section[id^='enrolment-']")
    expect(panels).to_have_count(1)
    expect(panels.first).to_have_attribute("id", f"enrolment-{second.pk}")
    expect(panels.first.get_by_role("heading", level=2)).to_contain_text("Beta Boats AB")
    main = page.locator("main")
    for secret in ("Alpha Sealing", "Distributor pricing", "Patent", "Nuremberg"):
        expect(main).not_to_contain_text(secret)
    expect(panels.first).to_contain_text("No coaching session yet.")
    ui.screenshot("portal-other-firm.png")


def test_another_firm_sees_nothing_of_the_first(
    page, ui, project, enrol_active, second_firm, manager_a, coach_a, firm, firm_rep_a
):
    first = enrol_active(firm, firm_rep_a)
    other_firm, other_rep = second_firm
    second = enrol_active(other_firm, other_rep)
    trip, claim = _the_first_firm_is_busy(
        project, first, coach=coach_a, rep=firm_rep_a, manager=manager_a
    )
    ui.log_in(other_rep)

    _the_portal_shows_only_its_own_enrolment(page, ui, second)
    receipt = reverse("internationalization:receipt", args=[claim.pk])
    trip_page = reverse("internationalization:trip-detail", args=[trip.pk])
    for address in (first.get_absolute_url(), receipt, trip_page):
        response = page.goto(ui.url(address))
        assert response is not None
        assert response.status == 404, address
        expect(page.locator("h1")).to_have_text("We could not find this page")
        expect(page.locator("main")).not_to_contain_text("Alpha Sealing")
        expect(page.get_by_role("link", name="Back to the dashboard")).to_be_visible()
    response = page.request.get(ui.url(receipt))
    assert response.status == 404
    assert response.body() != PNG_PIXEL
    ui.screenshot("portal-other-firm-404.png")
