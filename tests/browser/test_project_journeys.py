"""The main journeys through a project, in a real Chromium: the manager's intake and timbank
queue, the coach's page, the export-lab board, the firm's portal, and one firm's isolation
from another.

Every step is a click or a form fill, as the user would do it; the project and what a journey
starts from are built through the services. Each journey ends with a full-page screenshot
under tests/browser/screenshots and with checks of what the user sees.
"""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from internationalization.choices import ExportLabStage, TimbankRequestStatus
from internationalization.models import (
    CoachingSession,
    ExpenseClaim,
    ExportLabTrack,
    Outcome,
    TimbankPool,
    TimbankRequest,
    Trip,
)
from internationalization.services.coaching import coaching_session_log
from internationalization.services.export_lab import export_lab_start
from internationalization.services.timbank import timbank_pool_set, timbank_request_create
from internationalization.services.trips import expense_claim_submit, trip_apply, trip_approve
from projects.choices import EnrolmentStatus, ProjectStatus
from projects.models import Enrolment, EnrolmentStatusChange
from projects.services import (
    enrolment_activate,
    enrolment_apply,
    enrolment_decide,
    enrolment_record_interview,
    partner_coach_add,
    project_partner_add,
    project_save,
)
from tests.browser.conftest import login
from tests.factories import TEST_PASSWORD, OrganizationFactory, RepresentativeFactory, UserFactory

ASSESSMENT = {"score_market": 3, "score_customers": 2, "score_situation": 2}

# The smallest valid PNG: one transparent pixel.
PNG_PIXEL = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000b49444154789c6360000200000500017a5eab3f0000000049454e44ae426082"
)


@pytest.fixture
def firm(firm_a):
    """The firm of firm_rep_a, with the short name most pages call it by."""
    firm_a.short_name = "Alpha Sealing"
    firm_a.save()
    return firm_a


@pytest.fixture(autouse=True)
def receipts_in_tmp(settings, tmp_path):
    """Uploaded receipts go to a directory of the test, not to the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"


# Helpers of the page -------------------------------------------------------------------------


def _fresh_screenshot(page, path) -> None:
    """Full-page screenshot; an old file from an earlier run cannot pass the check."""
    path.unlink(missing_ok=True)
    page.screenshot(path=str(path), full_page=True)
    assert path.is_file()
    assert path.stat().st_size > 0


def _nav(page, name: str) -> None:
    """Follow a link of the main navigation."""
    with page.expect_navigation():
        page.locator("nav.mainnav").get_by_role("link", name=name, exact=True).click()


def _click(page, locator) -> None:
    """Click something that loads a new page, and wait for it."""
    with page.expect_navigation():
        locator.click()


def _link(page, name: str):
    return page.locator("main").get_by_role("link", name=name, exact=True)


def _root(scope):
    """The page of a page or a locator: inner locators of ``has=`` start from it."""
    return getattr(scope, "page", scope)


def _labelled(scope, label: str):
    """The form control labelled exactly so; Django's labels end with a colon."""
    return scope.get_by_label(re.compile(rf"^\s*{re.escape(label)}:?\s*$"))


def _field(scope, label: str):
    """The ``.field`` wrapper (label, input, help, errors) of the form control labelled so."""
    return scope.locator(".field").filter(has=_labelled(_root(scope), label))


def _step(page, title: str):
    """One step form of the enrolment page, found by its heading."""
    return page.locator("section.step").filter(
        has=page.get_by_role("heading", name=title, exact=True)
    )


def _card(scope, label: str):
    """The big number of the card labelled so."""
    label_text = re.compile(f"^{re.escape(label)}")
    return (
        scope.locator(".card")
        .filter(has=_root(scope).locator(".card-label", has_text=label_text))
        .locator(".card-count")
    )


def _table_after(page, heading: str):
    return page.locator(f'h2:text-is("{heading}") + table')


def _open_project(page, name: str = "Alpha abroad") -> None:
    _nav(page, "Projects")
    _click(page, _link(page, name))
    expect(page.locator("h1")).to_have_text(name)


# Setup through the services ------------------------------------------------------------------


def _project(cluster):
    today = timezone.localdate()
    return project_save(
        cluster=cluster,
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


def _partner_with_coach(project, coach) -> None:
    """An incubator supplies ``coach`` for every region: accepted firms get that coach."""
    incubator = OrganizationFactory(cluster=project.cluster, legal_name="Gävle Incubator AB")
    partner = project_partner_add(project=project, organization=incubator, role="operational")
    partner_coach_add(partner=partner, coach=coach, regions=[])


def _active_enrolment(project, organization, *, manager, applicant) -> Enrolment:
    enrolment = enrolment_apply(
        project=project, organization=organization, assessment=ASSESSMENT, actor=applicant
    )
    enrolment = enrolment_record_interview(
        enrolment=enrolment, held_on=timezone.localdate(), notes="Ready", actor=manager
    )
    enrolment = enrolment_decide(enrolment=enrolment, accept=True, reason="Fits", actor=manager)
    return enrolment_activate(enrolment=enrolment, actor=manager)


def _second_firm(cluster):
    firm = OrganizationFactory(cluster=cluster, legal_name="Beta Boats AB", short_name="Beta Boats")
    rep = RepresentativeFactory(
        organization=firm, user=UserFactory(email="rep.other@example.org")
    ).user
    return firm, rep


def _upload(name: str = "ticket.png"):
    return SimpleUploadedFile(name, PNG_PIXEL, content_type="image/png")


# 1. The manager takes a firm in ---------------------------------------------------------------


def test_manager_takes_an_application_to_an_active_enrolment(
    page, live_server, cluster_a, manager_a, coach_a, firm, firm_rep_a, screenshot_dir
):
    project = _project(cluster_a)
    _partner_with_coach(project, coach_a)
    enrolment = enrolment_apply(
        project=project, organization=firm, assessment=ASSESSMENT, actor=firm_rep_a
    )
    today = timezone.localdate()
    login(page, live_server, manager_a.email, TEST_PASSWORD)

    _open_project(page)
    _click(page, _link(page, "Enrolments"))
    expect(page.locator("h1")).to_have_text("Enrolments in Alpha abroad")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name="Alpha Sealing AB"))
    expect(row).to_have_count(1)
    expect(row.get_by_role("cell").nth(2)).to_have_text("Applied")
    _click(page, row.get_by_role("link", name="Alpha Sealing AB", exact=True))
    expect(page).to_have_url(live_server.url + enrolment.get_absolute_url())
    expect(page.locator("h1")).to_have_text("Alpha Sealing AB")
    expect(_card(page, "Status")).to_have_text("Applied")
    expect(_card(page, "Coach")).to_have_text("—")

    # The interview: scheduled, then recorded.
    schedule = _step(page, "Schedule the interview")
    _labelled(schedule, "Interview on").fill(f"{today.isoformat()}T09:30")
    _click(page, schedule.get_by_role("button", name="Schedule", exact=True))
    expect(page.get_by_role("status")).to_contain_text("The interview was scheduled.")
    scheduled = page.locator("dl.facts dt:text-is('Interview scheduled for') + dd")
    expect(scheduled).to_contain_text("9:30")

    record = _step(page, "Record the interview")
    _labelled(record, "Held on").fill(today.isoformat())
    _labelled(record, "Interview notes").fill("Already sells to Norway; wants Germany.")
    _click(page, record.get_by_role("button", name="Record", exact=True))
    expect(page.get_by_role("status")).to_contain_text("The interview was recorded.")
    expect(_card(page, "Status")).to_have_text("Interviewed")

    # The decision: no coach chosen, so the partner's coach is assigned; the fee falls due.
    decide = _step(page, "Accept or reject")
    _labelled(decide, "Accept").check()
    _labelled(decide, "Reason").fill("A strong export case.")
    _click(page, decide.get_by_role("button", name="Record the decision", exact=True))
    expect(page.get_by_role("status")).to_contain_text("The decision was recorded.")
    expect(_card(page, "Status")).to_have_text("Accepted")
    expect(_card(page, "Coach")).to_have_text(str(coach_a))
    fee = page.locator("dl.facts dt:text-is('Participation fee') + dd")
    expect(fee).to_have_text(re.compile(r"^500 EUR · not paid yet$"))

    # The activities start.
    _click(page, _step(page, "Start the activities").get_by_role("button", name="Activate"))
    expect(page.get_by_role("status")).to_contain_text("The firm is now active in the project.")
    expect(_card(page, "Status")).to_have_text("Active")
    expect(_card(page, "Coach")).to_have_text(str(coach_a))
    expect(_step(page, "Start the activities")).to_have_count(0)

    history = _table_after(page, "Status history").locator("tbody tr")
    expect(history).to_have_count(4)
    expected = [
        ("—", "Applied", str(firm_rep_a)),
        ("Applied", "Interviewed", str(manager_a)),
        ("Interviewed", "Accepted", str(manager_a)),
        ("Accepted", "Active", str(manager_a)),
    ]
    for index, (from_status, to_status, actor) in enumerate(expected):
        cells = history.nth(index).get_by_role("cell")
        expect(cells.nth(1)).to_have_text(from_status)
        expect(cells.nth(2)).to_have_text(to_status)
        expect(cells.nth(3)).to_have_text(actor)
    expect(history.nth(2).get_by_role("cell").nth(4)).to_have_text("A strong export case.")

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
    _fresh_screenshot(page, screenshot_dir / "enrolment-accepted.png")


# 2. The manager's timbank queue ---------------------------------------------------------------


def test_manager_approves_timbank_hours_within_the_pool(
    page, live_server, cluster_a, manager_a, coach_a, firm, firm_rep_a, screenshot_dir
):
    project = _project(cluster_a)
    _partner_with_coach(project, coach_a)
    first = _active_enrolment(project, firm, manager=manager_a, applicant=firm_rep_a)
    other_firm, other_rep = _second_firm(cluster_a)
    second = _active_enrolment(project, other_firm, manager=manager_a, applicant=other_rep)
    pool = timbank_pool_set(
        project=project, hours_total=Decimal("20"), hourly_value=Decimal("90"), currency="EUR"
    )
    now = timezone.now()
    needed_by = timezone.localdate() + timedelta(days=60)
    oldest = timbank_request_create(
        enrolment=first,
        service="legal",
        hours_requested=Decimal("12"),
        needed_by=needed_by,
        purpose="Review the distributor contract.",
        actor=firm_rep_a,
        requested_at=now - timedelta(days=3),
    )
    newest = timbank_request_create(
        enrolment=second,
        service="translation",
        hours_requested=Decimal("16"),
        needed_by=needed_by,
        purpose="Translate the catalogue into German.",
        actor=other_rep,
        requested_at=now - timedelta(days=1),
    )
    login(page, live_server, manager_a.email, TEST_PASSWORD)

    _open_project(page)
    _click(page, _link(page, "Timbank queue"))
    expect(page.locator("h1")).to_have_text("Timbank requests of Alpha Cluster")
    pool_row = _table_after(page, "Pools").locator("tbody tr").filter(has_text="Alpha abroad")
    expect(pool_row.get_by_role("cell").nth(1)).to_have_text("20")
    expect(pool_row.get_by_role("cell").nth(2)).to_have_text("0")
    expect(pool_row.get_by_role("cell").nth(3)).to_have_text("20")

    waiting = page.locator("form.searchbar + table tbody tr")
    expect(waiting).to_have_count(2)
    # The longest waiting first, with its waiting days.
    expect(waiting.nth(0)).to_contain_text("Alpha Sealing")
    expect(waiting.nth(0).get_by_role("cell").nth(0)).to_have_text("3 days")
    expect(waiting.nth(0).get_by_role("cell").nth(2)).to_have_text("Legal")
    expect(waiting.nth(0).get_by_role("cell").nth(3)).to_have_text("12")
    expect(waiting.nth(1)).to_contain_text("Beta Boats")
    expect(waiting.nth(1).get_by_role("cell").nth(0)).to_have_text("1 day")

    # Fewer hours than asked and than the pool holds: approved, and the pool's hours drop.
    first_row = waiting.filter(has_text="Alpha Sealing")
    _labelled(first_row, "Hours to approve").fill("8")
    _click(page, first_row.get_by_role("button", name="Approve", exact=True))
    expect(page).to_have_url(live_server.url + reverse("internationalization:timbank-queue"))
    expect(page.get_by_role("status")).to_contain_text(
        "The hours were approved and reserved from the pool."
    )
    expect(pool_row.get_by_role("cell").nth(2)).to_have_text("8")
    expect(pool_row.get_by_role("cell").nth(3)).to_have_text("12")
    expect(waiting).to_have_count(1)
    second_row = waiting.filter(has_text="Beta Boats")
    expect(second_row.get_by_role("cell").nth(5)).to_have_text("12")
    pool.refresh_from_db()
    assert pool.hours_reserved == Decimal("8")
    oldest.refresh_from_db()
    assert (oldest.status, oldest.hours_approved) == (TimbankRequestStatus.APPROVED, Decimal("8"))

    # More than the pool has left: refused with the reason, and nothing is reserved.
    expect(_labelled(second_row, "Hours to approve")).to_have_value(re.compile(r"^16(\.0+)?$"))
    _click(page, second_row.get_by_role("button", name="Approve", exact=True))
    expect(page.locator("h1")).to_have_text("Translation: 16 h for Beta Boats")
    hours = _field(page, "Hours to approve")
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
    _fresh_screenshot(page, screenshot_dir / "timbank-refused.png")

    # Back in the queue the request still waits.
    _open_project(page)
    _click(page, _link(page, "Timbank queue"))
    expect(waiting).to_have_count(1)
    expect(waiting.first).to_contain_text("Beta Boats")
    expect(pool_row.get_by_role("cell").nth(3)).to_have_text("12")
    assert TimbankPool.objects.get(pk=pool.pk).hours_available == Decimal("12")
    _fresh_screenshot(page, screenshot_dir / "timbank-queue.png")


# 3. The coach logs sessions ------------------------------------------------------------------


def test_coach_logs_sessions_against_the_hours_left(
    page, live_server, cluster_a, manager_a, coach_a, firm, firm_rep_a, screenshot_dir
):
    project = _project(cluster_a)
    _partner_with_coach(project, coach_a)
    enrolment = _active_enrolment(project, firm, manager=manager_a, applicant=firm_rep_a)
    login(page, live_server, coach_a.email, TEST_PASSWORD)

    _nav(page, "Your firms")
    expect(page.locator("h1")).to_have_text("Your firms")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name="Alpha Sealing"))
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Alpha abroad")
    expect(row.get_by_role("cell").nth(2)).to_have_text("10 left (0 of 10 used)")

    _click(page, row.get_by_role("link", name="Log a session", exact=True))
    expect(page.locator("h1")).to_have_text("Log a coaching session with Alpha Sealing")
    expect(_labelled(page, "Date")).to_have_value(timezone.localdate().isoformat())
    _labelled(page, "Hours").fill("1.5")
    _labelled(page, "Topic").fill("Pricing for the German market")
    _click(page, page.get_by_role("button", name="Save", exact=True))
    expect(page.get_by_role("status")).to_contain_text("The coaching session was logged.")
    expect(page.locator("h1")).to_have_text("Coaching of Alpha Sealing")
    expect(_card(page, "hours left")).to_have_text("8.50")

    _nav(page, "Your firms")
    expect(row.get_by_role("cell").nth(2)).to_have_text("8.50 left (1.50 of 10 used)")

    # Not a quarter hour: refused at the hours field.
    _click(page, row.get_by_role("link", name="Log a session", exact=True))
    _labelled(page, "Hours").fill("0.3")
    _labelled(page, "Topic").fill("A short call")
    _click(page, page.get_by_role("button", name="Save", exact=True))
    hours = _field(page, "Hours")
    expect(hours).to_have_class(re.compile(r"\bfield-invalid\b"))
    expect(hours.get_by_role("alert")).to_contain_text("quarter hour")
    expect(page.locator(".field-invalid")).to_have_count(1)
    expect(_labelled(page, "Topic")).to_have_value("A short call")

    # More than is left: refused with how many hours are left.
    _labelled(page, "Hours").fill("9")
    _click(page, page.get_by_role("button", name="Save", exact=True))
    expect(hours.get_by_role("alert")).to_contain_text(re.compile(r"Only 8\.50? of the 10"))
    expect(hours.get_by_role("alert")).to_contain_text("are left")
    assert list(CoachingSession.objects.filter(enrolment=enrolment).values_list("hours")) == [
        (Decimal("1.5"),)
    ]
    _fresh_screenshot(page, screenshot_dir / "coach-session-refused.png")

    _nav(page, "Your firms")
    expect(row.get_by_role("cell").nth(2)).to_have_text("8.50 left (1.50 of 10 used)")
    _fresh_screenshot(page, screenshot_dir / "coach-home.png")


# 4. The export-lab board ---------------------------------------------------------------------


def test_export_lab_board_moves_a_firm_one_stage_at_a_time(
    page, live_server, cluster_a, manager_a, coach_a, firm, firm_rep_a, screenshot_dir
):
    project = _project(cluster_a)
    _partner_with_coach(project, coach_a)
    enrolment = _active_enrolment(project, firm, manager=manager_a, applicant=firm_rep_a)
    track = export_lab_start(
        enrolment=enrolment,
        target_market="DE",
        entered_on=timezone.localdate() - timedelta(days=10),
    )
    login(page, live_server, manager_a.email, TEST_PASSWORD)

    _open_project(page)
    _click(page, _link(page, "Export-lab board"))
    expect(page.locator("h1")).to_have_text("Export lab of Alpha abroad")
    market_choice = page.locator("section.card").filter(
        has=page.get_by_role("heading", name=re.compile(r"^Market choice"))
    )
    expect(market_choice.get_by_role("heading")).to_have_text("Market choice (1)")
    expect(market_choice).to_contain_text("Alpha Sealing")
    expect(market_choice).to_contain_text("Germany")

    _click(page, market_choice.get_by_role("link", name="Alpha Sealing", exact=True))
    expect(page.locator("h1")).to_have_text("Export lab of Alpha Sealing")
    expect(_labelled(page, "Move to")).to_have_value(ExportLabStage.MARKET_ANALYSIS)
    _labelled(page, "Entered on").fill(timezone.localdate().isoformat())
    _labelled(page, "Notes").fill("Three distributors shortlisted.")
    _click(page, page.get_by_role("button", name="Move on", exact=True))
    expect(page.get_by_role("status")).to_contain_text("The track was moved on.")
    stage = page.locator("dl.facts dt:text-is('Stage') + dd")
    expect(stage).to_contain_text("Market analysis")

    # Every stage is offered; a jump over international incubation is refused with the reason.
    _labelled(page, "Move to").select_option(label="Pilot launch")
    _labelled(page, "Entered on").fill(timezone.localdate().isoformat())
    _click(page, page.get_by_role("button", name="Move on", exact=True))
    move_to = _field(page, "Move to")
    expect(move_to).to_have_class(re.compile(r"\bfield-invalid\b"))
    expect(move_to.get_by_role("alert")).to_have_text(
        "A track moves one stage at a time: after market analysis comes international "
        "incubation; it cannot skip to pilot launch."
    )
    expect(stage).to_contain_text("Market analysis")
    track.refresh_from_db()
    assert track.stage == ExportLabStage.MARKET_ANALYSIS
    assert track.steps.count() == 2
    _fresh_screenshot(page, screenshot_dir / "export-lab-refused.png")

    _open_project(page)
    _click(page, _link(page, "Export-lab board"))
    analysis = page.locator("section.card").filter(
        has=page.get_by_role("heading", name=re.compile(r"^Market analysis"))
    )
    expect(analysis.get_by_role("heading")).to_have_text("Market analysis (1)")
    expect(analysis).to_contain_text("Alpha Sealing")
    expect(market_choice.get_by_role("heading")).to_have_text("Market choice (0)")
    expect(market_choice).to_contain_text("No firm in this stage.")
    assert ExportLabTrack.objects.get(pk=track.pk).stage == ExportLabStage.MARKET_ANALYSIS
    _fresh_screenshot(page, screenshot_dir / "export-lab-board.png")


# 5. The firm's portal ------------------------------------------------------------------------


def test_firm_works_through_its_portal(
    page, live_server, cluster_a, manager_a, coach_a, firm, firm_rep_a, screenshot_dir
):
    project = _project(cluster_a)
    _partner_with_coach(project, coach_a)
    enrolment = _active_enrolment(project, firm, manager=manager_a, applicant=firm_rep_a)
    timbank_pool_set(
        project=project, hours_total=Decimal("100"), hourly_value=Decimal("90"), currency="EUR"
    )
    today = timezone.localdate()
    session = coaching_session_log(
        enrolment=enrolment,
        date=today - timedelta(days=2),
        hours=Decimal("2"),
        topic="Distributor pricing",
        coach=coach_a,
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
        actor=firm_rep_a,
    )
    trip_approve(trip=trip, budget=Decimal("1500"), actor=manager_a)
    login(page, live_server, firm_rep_a.email, TEST_PASSWORD)

    _nav(page, "Your projects")
    expect(page.locator("h1")).to_have_text("Your projects")
    panel = page.locator(f"section#enrolment-{enrolment.pk}")
    expect(panel.get_by_role("heading", level=2)).to_contain_text("Alpha abroad")
    expect(panel.locator(".badge")).to_have_text("Active")
    steps = panel.locator(".next-steps li")
    expect(steps).to_have_text(
        [
            re.compile(r"^Pay the participation fee of 500(\.00)? EUR\.$"),
            "Confirm 1 coaching session(s) with your coach.",
        ]
    )
    expect(_card(panel, "coaching hours left")).to_have_text("8")

    # The coaching session took place: the firm confirms it.
    sessions = panel.locator("h3:text-is('Coaching sessions') + table")
    session_row = sessions.locator("tbody tr").filter(has_text="Distributor pricing")
    _click(page, session_row.get_by_role("button", name="Confirm", exact=True))
    expect(page).to_have_url(live_server.url + reverse("internationalization:portal"))
    expect(page.get_by_role("status")).to_contain_text("Thank you: the session of")
    expect(session_row.get_by_role("cell").nth(3)).to_have_text("confirmed")
    expect(session_row.get_by_role("button", name="Confirm")).to_have_count(0)
    expect(steps).to_have_count(1)
    session.refresh_from_db()
    assert session.confirmed_by == firm_rep_a

    # Consultant hours from the timbank.
    _click(page, panel.get_by_role("link", name="Request consultant hours", exact=True))
    expect(page.locator("h1")).to_have_text("Request timbank hours for Alpha Sealing")
    _labelled(page, "Service").select_option(label="Legal")
    _labelled(page, "Hours requested").fill("4")
    _labelled(page, "Needed by").fill((today + timedelta(days=90)).isoformat())
    _labelled(page, "Purpose").fill("Review the distributor contract.")
    _click(page, page.get_by_role("button", name="Save", exact=True))
    expect(page.get_by_role("status")).to_contain_text("Your request was sent to the cluster.")
    expect(page.locator("h1")).to_have_text("Legal: 4 h for Alpha Sealing")
    request = TimbankRequest.objects.get(enrolment=enrolment)
    assert (request.status, request.hours_requested) == ("pending", Decimal("4"))

    # A trip to the target market.
    _nav(page, "Your projects")
    _click(page, panel.get_by_role("link", name="Apply for a trip", exact=True))
    expect(page.locator("h1")).to_have_text("Apply for a trip for Alpha Sealing")
    _labelled(page, "Destination country").select_option(label="Germany")
    _labelled(page, "City").fill("Munich")
    _labelled(page, "Event or fair").fill("Automatica")
    _labelled(page, "From").fill((today + timedelta(days=60)).isoformat())
    _labelled(page, "To").fill((today + timedelta(days=63)).isoformat())
    _labelled(page, "Purpose").select_option(label="Meet customers")
    _labelled(page, "Budget requested").fill("1800")
    _click(page, page.get_by_role("button", name="Save", exact=True))
    expect(page.get_by_role("status")).to_contain_text("Your application was sent to the cluster.")
    expect(page.locator("h1")).to_have_text("Trip to Munich, Germany")
    assert Trip.objects.get(enrolment=enrolment, city="Munich").status == "applied"

    # A result.
    _nav(page, "Your projects")
    _click(page, panel.get_by_role("link", name="Report a result", exact=True))
    expect(page.locator("h1")).to_have_text("Report a result of Alpha Sealing in Alpha abroad")
    _labelled(page, "Kind").select_option(label="New customer")
    _labelled(page, "Quantity").fill("2")
    _labelled(page, "Note").fill("Two retailers in Bavaria.")
    _click(page, page.get_by_role("button", name="Save", exact=True))
    expect(page.get_by_role("status")).to_contain_text("The outcome was recorded.")
    outcome = Outcome.objects.get(enrolment=enrolment)
    assert (outcome.kind, outcome.quantity, outcome.source) == ("new_customer", 2, "firm")

    _nav(page, "Your projects")
    timbank = panel.locator("h3:text-is('Timbank: consultant hours') + table tbody tr")
    expect(timbank).to_have_count(1)
    expect(timbank.first).to_contain_text("Legal")
    expect(timbank.first).to_contain_text("Waiting for a decision")
    trips = panel.locator("h3:text-is('Trips') + table tbody tr")
    expect(trips).to_have_count(2)
    expect(trips.filter(has_text="Munich")).to_contain_text("Applied")
    expect(trips.filter(has_text="Nuremberg")).to_contain_text("Approved")
    expect(panel.locator("h3:text-is('Results') + ul li")).to_have_text(
        [re.compile(r"New customer × 2$")]
    )
    _fresh_screenshot(page, screenshot_dir / "portal.png")

    # A cost of the approved trip, with its receipt.
    _click(page, trips.filter(has_text="Nuremberg").get_by_role("link", name="Claim costs"))
    expect(page.locator("h1")).to_have_text("Claim a cost of the trip to Nuremberg")
    _labelled(page, "What").fill("Train tickets")
    _labelled(page, "Amount (EUR)").fill("320")
    _labelled(page, "Receipt").set_input_files(
        files=[{"name": "ticket.png", "mimeType": "image/png", "buffer": PNG_PIXEL}]
    )
    _click(page, page.get_by_role("button", name="Save", exact=True))
    expect(page.get_by_role("status")).to_contain_text("Your claim was sent to the cluster.")
    expect(page.locator("h1")).to_have_text("Trip to Nuremberg, Germany")
    claims = _table_after(page, "Expense claims").locator("tbody tr")
    expect(claims).to_have_count(1)
    expect(claims.first).to_contain_text("Train tickets")
    expect(claims.first).to_contain_text(re.compile(r"320(\.00)? EUR"))
    expect(claims.first).to_contain_text("Submitted")
    expect(_card(page, "EUR left to claim")).to_have_text(re.compile(r"^1,180(\.00)?$"))
    claim = ExpenseClaim.objects.get(trip=trip)
    assert claim.amount == Decimal("320")

    download_link = claims.first.get_by_role("link", name="Download", exact=True)
    with page.expect_download() as download_info:
        download_link.click()
    download = download_info.value
    assert download.suggested_filename == f"receipt-{claim.pk}.png"
    with open(download.path(), "rb") as downloaded:
        assert downloaded.read() == PNG_PIXEL
    response = page.request.get(live_server.url + download_link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "image/png"
    assert response.body() == PNG_PIXEL
    _fresh_screenshot(page, screenshot_dir / "claim.png")


# 6. One firm does not see another's ----------------------------------------------------------


def test_another_firm_sees_nothing_of_the_first(
    page, live_server, cluster_a, manager_a, coach_a, firm, firm_rep_a, screenshot_dir
):
    project = _project(cluster_a)
    _partner_with_coach(project, coach_a)
    first = _active_enrolment(project, firm, manager=manager_a, applicant=firm_rep_a)
    other_firm, other_rep = _second_firm(cluster_a)
    second = _active_enrolment(project, other_firm, manager=manager_a, applicant=other_rep)
    timbank_pool_set(
        project=project, hours_total=Decimal("100"), hourly_value=Decimal("90"), currency="EUR"
    )
    today = timezone.localdate()
    coaching_session_log(
        enrolment=first,
        date=today - timedelta(days=2),
        hours=Decimal("2"),
        topic="Distributor pricing",
        coach=coach_a,
    )
    timbank_request_create(
        enrolment=first,
        service="patent",
        hours_requested=Decimal("6"),
        needed_by=today + timedelta(days=60),
        purpose="Check the seal patent.",
        actor=firm_rep_a,
    )
    trip = trip_approve(
        trip=trip_apply(
            enrolment=first,
            country="DE",
            city="Nuremberg",
            event="Embedded World",
            start=today + timedelta(days=30),
            end=today + timedelta(days=33),
            purpose="fair",
            budget_requested=Decimal("2000"),
            actor=firm_rep_a,
        ),
        budget=Decimal("1500"),
        actor=manager_a,
    )
    claim = expense_claim_submit(
        trip=trip,
        description="Train tickets",
        amount=Decimal("320"),
        currency="EUR",
        receipt=_upload(),
        actor=firm_rep_a,
    )
    login(page, live_server, other_rep.email, TEST_PASSWORD)

    _nav(page, "Your projects")
    expect(page.locator("h1")).to_have_text("Your projects")
    panels = page.locator("section[id^='enrolment-']")
    expect(panels).to_have_count(1)
    expect(panels.first).to_have_attribute("id", f"enrolment-{second.pk}")
    expect(panels.first.get_by_role("heading", level=2)).to_contain_text("Beta Boats AB")
    main = page.locator("main")
    for secret in ("Alpha Sealing", "Distributor pricing", "Patent", "Nuremberg"):
        expect(main).not_to_contain_text(secret)
    expect(panels.first).to_contain_text("No coaching session yet.")
    _fresh_screenshot(page, screenshot_dir / "portal-other-firm.png")

    for address in (
        first.get_absolute_url(),
        reverse("internationalization:receipt", args=[claim.pk]),
        reverse("internationalization:trip-detail", args=[trip.pk]),
    ):
        response = page.goto(live_server.url + address)
        assert response is not None
        assert response.status == 404, address
        expect(page.locator("h1")).to_have_text("We could not find this page")
        expect(main).not_to_contain_text("Alpha Sealing")
        expect(page.get_by_role("link", name="Back to the dashboard")).to_be_visible()
    response = page.request.get(
        live_server.url + reverse("internationalization:receipt", args=[claim.pk])
    )
    assert response.status == 404
    assert response.body() != PNG_PIXEL
    _fresh_screenshot(page, screenshot_dir / "portal-other-firm-404.png")
