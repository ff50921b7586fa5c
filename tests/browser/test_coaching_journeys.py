"""The coaching journeys of a project, in a real Chromium: the coach logs sessions against the
hours left, and the export-lab board moves a firm one stage at a time.

Every step is a click or a form fill, as the user would do it; the project and what a journey
starts from are built through the services (tests/browser/conftest.py). Each journey ends with
a full-page screenshot under tests/browser/screenshots and with checks of what the user sees.
"""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone
from playwright.sync_api import expect

from internationalization.choices import ExportLabStage
from internationalization.models import CoachingSession, ExportLabTrack
from internationalization.services.export_lab import export_lab_start

# 3. The coach logs sessions ------------------------------------------------------------------


def test_coach_logs_sessions_against_the_hours_left(
    page, ui, enrol_active, coach_a, firm, firm_rep_a
):
    enrolment = enrol_active(firm, firm_rep_a)
    ui.log_in(coach_a)

    ui.nav("Your firms")
    expect(page.locator("h1")).to_have_text("Your firms")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name="Alpha Sealing"))
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Alpha abroad")
    expect(row.get_by_role("cell").nth(2)).to_have_text("10 left (0 of 10 used)")

    ui.click(row.get_by_role("link", name="Log a session", exact=True))
    expect(page.locator("h1")).to_have_text("Log a coaching session with Alpha Sealing")
    expect(ui.labelled(page, "Date")).to_have_value(timezone.localdate().isoformat())
    ui.labelled(page, "Hours").fill("1.5")
    ui.labelled(page, "Topic").fill("Pricing for the German market")
    ui.click(page.get_by_role("button", name="Save", exact=True))
    expect(page.get_by_role("status")).to_contain_text("The coaching session was logged.")
    expect(page.locator("h1")).to_have_text("Coaching of Alpha Sealing")
    expect(ui.card(page, "hours left")).to_have_text("8.50")

    ui.nav("Your firms")
    expect(row.get_by_role("cell").nth(2)).to_have_text("8.50 left (1.50 of 10 used)")

    # Not a quarter hour: refused at the hours field.
    ui.click(row.get_by_role("link", name="Log a session", exact=True))
    ui.labelled(page, "Hours").fill("0.3")
    ui.labelled(page, "Topic").fill("A short call")
    ui.click(page.get_by_role("button", name="Save", exact=True))
    hours = ui.field(page, "Hours")
    expect(hours).to_have_class(re.compile(r"\bfield-invalid\b"))
    expect(hours.get_by_role("alert")).to_contain_text("quarter hour")
    expect(page.locator(".field-invalid")).to_have_count(1)
    expect(ui.labelled(page, "Topic")).to_have_value("A short call")

    # More than is left: refused with how many hours are left.
    ui.labelled(page, "Hours").fill("9")
    ui.click(page.get_by_role("button", name="Save", exact=True))
    expect(hours.get_by_role("alert")).to_contain_text(re.compile(r"Only 8\.50? of the 10"))
    expect(hours.get_by_role("alert")).to_contain_text("are left")
    assert list(CoachingSession.objects.filter(enrolment=enrolment).values_list("hours")) == [
        (Decimal("1.5"),)
    ]
    ui.screenshot("coach-session-refused.png")

    ui.nav("Your firms")
    expect(row.get_by_role("cell").nth(2)).to_have_text("8.50 left (1.50 of 10 used)")
    ui.screenshot("coach-home.png")


# 4. The export-lab board ---------------------------------------------------------------------


def test_export_lab_board_moves_a_firm_one_stage_at_a_time(
    page, ui, enrol_active, manager_a, firm, firm_rep_a
):
    enrolment = enrol_active(firm, firm_rep_a)
    track = export_lab_start(
        enrolment=enrolment,
        target_market="DE",
        entered_on=timezone.localdate() - timedelta(days=10),
    )
    ui.log_in(manager_a)

    ui.open_project()
    ui.click(ui.link("Export-lab board"))
    expect(page.locator("h1")).to_have_text("Export lab of Alpha abroad")
    market_choice = page.locator("section.card").filter(
        has=page.get_by_role("heading", name=re.compile(r"^Market choice"))
    )
    expect(market_choice.get_by_role("heading")).to_have_text("Market choice (1)")
    expect(market_choice).to_contain_text("Alpha Sealing")
    expect(market_choice).to_contain_text("Germany")

    ui.click(market_choice.get_by_role("link", name="Alpha Sealing", exact=True))
    expect(page.locator("h1")).to_have_text("Export lab of Alpha Sealing")
    expect(ui.labelled(page, "Move to")).to_have_value(ExportLabStage.MARKET_ANALYSIS)
    ui.labelled(page, "Entered on").fill(timezone.localdate().isoformat())
    ui.labelled(page, "Notes").fill("Three distributors shortlisted.")
    ui.click(page.get_by_role("button", name="Move on", exact=True))
    expect(page.get_by_role("status")).to_contain_text("The track was moved on.")
    stage = page.locator("dl.facts dt:text-is('Stage') + dd")
    expect(stage).to_contain_text("Market analysis")

    # Only the stage the track may go to is offered, preselected: no jump, no move that
    # changes nothing.
    move_to = ui.labelled(page, "Move to")
    expect(move_to.locator("option")).to_have_text(["International incubation"])
    expect(move_to).to_have_value(ExportLabStage.INCUBATION)
    expect(stage).to_contain_text("Market analysis")
    track.refresh_from_db()
    assert track.stage == ExportLabStage.MARKET_ANALYSIS
    assert track.steps.count() == 2
    ui.screenshot("export-lab-next-stage.png")

    ui.open_project()
    ui.click(ui.link("Export-lab board"))
    analysis = page.locator("section.card").filter(
        has=page.get_by_role("heading", name=re.compile(r"^Market analysis"))
    )
    expect(analysis.get_by_role("heading")).to_have_text("Market analysis (1)")
    expect(analysis).to_contain_text("Alpha Sealing")
    expect(market_choice.get_by_role("heading")).to_have_text("Market choice (0)")
    expect(market_choice).to_contain_text("No firm in this stage.")
    assert ExportLabTrack.objects.get(pk=track.pk).stage == ExportLabStage.MARKET_ANALYSIS
    ui.screenshot("export-lab-board.png")
