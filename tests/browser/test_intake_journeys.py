"""The manager's journeys through a project, in a real Chromium: taking a firm in from its
application to an active enrolment, deciding timbank requests against the pool, and dating a
decision taken before it is recorded.

Every step is a click or a form fill, as the user would do it; the project and what a journey
starts from are built through the services (tests/browser/conftest.py). Each journey ends with
a full-page screenshot under tests/browser/screenshots and with checks of what the user sees.
"""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from internationalization.choices import TimbankRequestStatus
from internationalization.models import TimbankPool
from internationalization.services.timbank import timbank_pool_set, timbank_request_create
from projects.choices import EnrolmentStatus
from projects.models import EnrolmentStatusChange
from projects.services import enrolment_apply
from tests.factories.common import READINESS

# 1. The manager takes a firm in ---------------------------------------------------------------


def _open_the_application(page, ui, enrolment) -> None:
    ui.open_project()
    ui.click(ui.link("Enrolments"))
    expect(page.locator("h1")).to_have_text("Enrolments")
    expect(page.locator('.workspace-tabs a[aria-current="page"]')).to_have_text("Enrolments")
    applied = page.locator("section.pipeline-stage").filter(
        has=page.get_by_role("heading", name=re.compile(r"^Applied"))
    )
    row = applied.get_by_role("row").filter(has=page.get_by_role("link", name="Alpha Sealing AB"))
    expect(row).to_have_count(1)
    ui.click(row.get_by_role("link", name="Alpha Sealing AB", exact=True))
    expect(page).to_have_url(ui.url(enrolment.get_absolute_url()))
    expect(page.locator("h1")).to_have_text("Alpha Sealing AB")
    expect(ui.card(page, "Status")).to_have_text("Applied")
    expect(ui.card(page, "Coach")).to_have_text("—")


def _schedule_and_record_the_interview(page, ui, today) -> None:
    schedule = ui.step("Schedule the interview")
    ui.labelled(schedule, "Interview on").fill(f"{today.isoformat()}T09:30")
    ui.click(schedule.get_by_role("button", name="Schedule", exact=True))
    expect(page.get_by_role("status")).to_contain_text("The interview was scheduled.")
    scheduled = page.locator("dl.facts dt:text-is('Interview scheduled for') + dd")
    expect(scheduled).to_contain_text("9:30")

    record = ui.step("Record the interview")
    ui.labelled(record, "Held on").fill(today.isoformat())
    ui.labelled(record, "Interview notes").fill("Already sells to Norway; wants Germany.")
    ui.click(record.get_by_role("button", name="Record", exact=True))
    expect(page.get_by_role("status")).to_contain_text("The interview was recorded.")
    expect(ui.card(page, "Status")).to_have_text("Interviewed")


def _accept_and_activate(page, ui, coach) -> None:
    """No coach chosen, so the partner's coach is assigned; the fee falls due."""
    decide = ui.step("Accept or reject")
    ui.labelled(decide, "Accept").check()
    ui.labelled(decide, "Reason").fill("A strong export case.")
    ui.click(decide.get_by_role("button", name="Record the decision", exact=True))
    expect(page.get_by_role("status")).to_contain_text("The decision was recorded.")
    expect(ui.card(page, "Status")).to_have_text("Accepted")
    expect(ui.card(page, "Coach")).to_have_text(str(coach))
    fee = page.locator("dl.facts dt:text-is('Participation fee') + dd")
    expect(fee).to_have_text(re.compile(r"^500 EUR · not paid yet$"))

    ui.click(ui.step("Start the activities").get_by_role("button", name="Activate"))
    expect(page.get_by_role("status")).to_contain_text("The firm is now active in the project.")
    expect(ui.card(page, "Status")).to_have_text("Active")
    expect(ui.card(page, "Coach")).to_have_text(str(coach))
    expect(ui.step("Start the activities")).to_have_count(0)


def _the_history_names_each_step_and_actor(ui, applicant, manager) -> None:
    history = ui.table_after("Status history").locator("tbody tr")
    expect(history).to_have_count(4)
    expected = [
        ("—", "Applied", str(applicant)),
        ("Applied", "Interviewed", str(manager)),
        ("Interviewed", "Accepted", str(manager)),
        ("Accepted", "Active", str(manager)),
    ]
    for index, (from_status, to_status, actor) in enumerate(expected):
        cells = history.nth(index).get_by_role("cell")
        expect(cells.nth(1)).to_have_text(from_status)
        expect(cells.nth(2)).to_have_text(to_status)
        expect(cells.nth(3)).to_have_text(actor)
    expect(history.nth(2).get_by_role("cell").nth(4)).to_have_text("A strong export case.")


def test_manager_takes_an_application_to_an_active_enrolment(
    page, ui, project, manager_a, coach_a, firm, firm_rep_a
):
    enrolment = enrolment_apply(
        project=project, organization=firm, assessment=READINESS, actor=firm_rep_a
    )
    today = timezone.localdate()
    ui.log_in(manager_a)

    _open_the_application(page, ui, enrolment)
    _schedule_and_record_the_interview(page, ui, today)
    _accept_and_activate(page, ui, coach_a)
    _the_history_names_each_step_and_actor(ui, firm_rep_a, manager_a)

    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.ACTIVE
    assert enrolment.coach == coach_a
    assert enrolment.fee_due == Decimal("500")
    assert enrolment.fee_paid_on is None
    assert enrolment.interviewed_on == today
    actors = EnrolmentStatusChange.objects.filter(enrolment=enrolment).exclude(
        to_status=EnrolmentStatus.APPLIED
    )
    assert {change.actor for change in actors} == {manager_a}
    ui.screenshot("enrolment-accepted.png")


# 2. The manager's timbank queue ---------------------------------------------------------------


def _two_requests(first, second, first_rep, second_rep):
    """12 h of legal help asked three days ago, 16 h of translation asked yesterday."""
    now = timezone.now()
    needed_by = timezone.localdate() + timedelta(days=60)
    oldest = timbank_request_create(
        enrolment=first,
        service="legal",
        hours_requested=Decimal("12"),
        needed_by=needed_by,
        purpose="Review the distributor contract.",
        actor=first_rep,
        requested_at=now - timedelta(days=3),
    )
    newest = timbank_request_create(
        enrolment=second,
        service="translation",
        hours_requested=Decimal("16"),
        needed_by=needed_by,
        purpose="Translate the catalogue into German.",
        actor=second_rep,
        requested_at=now - timedelta(days=1),
    )
    return oldest, newest


def _open_the_queue(page, ui):
    """The queue, the longest waiting first; returns the pool's row and the waiting rows."""
    ui.open_project()
    ui.click(ui.link("Timbank queue"))
    expect(page.locator("h1")).to_have_text("Timbank requests of Alpha Cluster")
    pool_row = ui.table_after("Pools").locator("tbody tr").filter(has_text="Alpha abroad")
    waiting = page.locator("form.searchbar + table tbody tr")
    return pool_row, waiting


def _the_queue_shows_both_requests_oldest_first(pool_row, waiting) -> None:
    expect(pool_row.get_by_role("cell").nth(1)).to_have_text("20")
    expect(pool_row.get_by_role("cell").nth(2)).to_have_text("0")
    expect(pool_row.get_by_role("cell").nth(3)).to_have_text("20")
    expect(waiting).to_have_count(2)
    expect(waiting.nth(0)).to_contain_text("Alpha Sealing")
    expect(waiting.nth(0).get_by_role("cell").nth(0)).to_have_text("3 days")
    expect(waiting.nth(0).get_by_role("cell").nth(2)).to_have_text("Legal")
    expect(waiting.nth(0).get_by_role("cell").nth(3)).to_have_text("12")
    expect(waiting.nth(1)).to_contain_text("Beta Boats")
    expect(waiting.nth(1).get_by_role("cell").nth(0)).to_have_text("1 day")


def _approve_fewer_hours_than_asked(page, ui, pool, oldest, pool_row, waiting) -> None:
    """Fewer hours than asked and than the pool holds: approved, and the pool's hours drop."""
    first_row = waiting.filter(has_text="Alpha Sealing")
    ui.labelled(first_row, "Hours to approve").fill("8")
    ui.click(first_row.get_by_role("button", name="Approve", exact=True))
    expect(page).to_have_url(ui.url(reverse("internationalization:timbank-queue")))
    expect(page.get_by_role("status")).to_contain_text(
        "The hours were approved and reserved from the pool."
    )
    expect(pool_row.get_by_role("cell").nth(2)).to_have_text("8")
    expect(pool_row.get_by_role("cell").nth(3)).to_have_text("12")
    expect(waiting).to_have_count(1)
    expect(waiting.filter(has_text="Beta Boats").get_by_role("cell").nth(5)).to_have_text("12")
    pool.refresh_from_db()
    assert pool.hours_reserved == Decimal("8")
    oldest.refresh_from_db()
    assert (oldest.status, oldest.hours_approved) == (TimbankRequestStatus.APPROVED, Decimal("8"))


def _more_than_the_pool_has_left_is_refused(page, ui, pool, newest, waiting) -> None:
    """Refused with the reason, and nothing is reserved."""
    second_row = waiting.filter(has_text="Beta Boats")
    expect(ui.labelled(second_row, "Hours to approve")).to_have_value(re.compile(r"^16(\.0+)?$"))
    ui.click(second_row.get_by_role("button", name="Approve", exact=True))
    expect(page.locator("h1")).to_have_text("Translation: 16 h for Beta Boats")
    hours = ui.field(page, "Hours to approve")
    expect(hours).to_have_class(re.compile(r"\bfield-invalid\b"))
    expect(hours.get_by_role("alert")).to_have_text(
        re.compile(r"Only 12(\.00)? h of the pool's 20(\.00)? h are left; 16(\.00)? h cannot be")
    )
    expect(page.get_by_role("status")).to_have_count(0)
    pool.refresh_from_db()
    assert pool.hours_reserved == Decimal("8")
    newest.refresh_from_db()
    assert newest.status == TimbankRequestStatus.PENDING
    assert newest.hours_approved in (None, Decimal("0"))
    ui.screenshot("timbank-refused.png")


def test_manager_approves_timbank_hours_within_the_pool(
    page, ui, project, enrol_active, second_firm, manager_a, firm, firm_rep_a
):
    first = enrol_active(firm, firm_rep_a)
    other_firm, other_rep = second_firm
    second = enrol_active(other_firm, other_rep)
    pool = timbank_pool_set(
        project=project, hours_total=Decimal("20"), hourly_value=Decimal("90"), currency="EUR"
    )
    oldest, newest = _two_requests(first, second, firm_rep_a, other_rep)
    ui.log_in(manager_a)

    pool_row, waiting = _open_the_queue(page, ui)
    _the_queue_shows_both_requests_oldest_first(pool_row, waiting)
    _approve_fewer_hours_than_asked(page, ui, pool, oldest, pool_row, waiting)
    _more_than_the_pool_has_left_is_refused(page, ui, pool, newest, waiting)

    # Back in the queue the request still waits.
    pool_row, waiting = _open_the_queue(page, ui)
    expect(waiting).to_have_count(1)
    expect(waiting.first).to_contain_text("Beta Boats")
    expect(pool_row.get_by_role("cell").nth(3)).to_have_text("12")
    assert TimbankPool.objects.get(pk=pool.pk).hours_available == Decimal("12")
    ui.screenshot("timbank-queue.png")


# 3. A decision taken at last week's meeting -----------------------------------------------------


def test_manager_records_a_rejection_taken_last_week(
    page, ui, project, enrol_active, manager_a, firm, firm_rep_a
):
    """The day is prefilled with today; tomorrow is refused next to the field, nothing is
    decided; last week's day is kept as the day of the decision."""
    enrolment = enrol_active(firm, firm_rep_a)
    timbank_pool_set(
        project=project, hours_total=Decimal("20"), hourly_value=Decimal("90"), currency="EUR"
    )
    today = timezone.localdate()
    request = timbank_request_create(
        enrolment=enrolment,
        service="legal",
        hours_requested=Decimal("12"),
        needed_by=today + timedelta(days=60),
        purpose="Review the distributor contract.",
        actor=firm_rep_a,
        requested_at=timezone.now() - timedelta(days=10),
    )
    ui.log_in(manager_a)
    page.goto(ui.url(reverse("internationalization:timbank-request-detail", args=[request.pk])))
    reject = page.locator("form").filter(has=page.get_by_role("button", name="Reject"))
    expect(ui.labelled(reject, "Decided on")).to_have_value(today.isoformat())

    ui.labelled(reject, "Reason").fill("Decided at the board meeting: not in scope.")
    ui.labelled(reject, "Decided on").fill((today + timedelta(days=1)).isoformat())
    ui.click(reject.get_by_role("button", name="Reject"))
    decided_on = ui.field(reject, "Decided on")
    expect(decided_on).to_have_class(re.compile(r"\bfield-invalid\b"))
    expect(decided_on.get_by_role("alert")).to_have_text("The date cannot be in the future.")
    expect(page.get_by_role("status")).to_have_count(0)
    request.refresh_from_db()
    assert request.status == TimbankRequestStatus.PENDING

    last_week = today - timedelta(days=7)
    ui.labelled(reject, "Decided on").fill(last_week.isoformat())
    ui.click(reject.get_by_role("button", name="Reject"))
    expect(page.get_by_role("status")).to_contain_text("The request was rejected.")
    request.refresh_from_db()
    assert request.status == TimbankRequestStatus.REJECTED
    assert timezone.localdate(request.decided_at) == last_week
    ui.screenshot("timbank-rejected-last-week.png")
