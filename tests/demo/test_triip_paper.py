"""The seeded TRIIP of 2016–2018 tells what Carloni (2022) reports (docs/domain.md §2): a reader
of the paper who opens the demo's reports as of the right days sees the paper's figures, and
the demo follows its own rules (completion, participation, the days of every activity)."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Sum

from internationalization.models import (
    CoachingSession,
    ExportLabStep,
    Outcome,
    TimbankRequest,
    TimesheetEntry,
    Trip,
    WorkshopParticipation,
)
from internationalization.services.completion import missing_activities
from members.models import Membership
from projects.models import Enrolment, Project
from reports.selectors.figures import outcomes, participation

pytestmark = pytest.mark.django_db

END_OF_ENTRY_PHASE = date(2017, 12, 31)
CLOSURE = date(2018, 12, 31)
SEALING = "556677-1234"
DISTILLERY = "556712-4410"


@pytest.fixture(scope="module", autouse=True)
def demo(django_db_setup, django_db_blocker):
    """Seeded once inside a transaction rolled back after the module."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("seed_demo", quiet_logins=True, stdout=StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def triip():
    return Project.objects.filter(slug="triip")


def enrolments():
    return Enrolment.objects.filter(project__slug="triip").select_related("organization")


def report(kind: str, as_of: date) -> dict:
    out = StringIO()
    # Through the command line, as a reader of the paper would ask for it.
    arguments = ["--kind", kind, "--project", "triip", "--as-of", as_of.isoformat()]
    call_command("build_report", *arguments, stdout=out)
    return json.loads(out.getvalue())["figures"]


def test_the_project_is_the_papers():
    project = triip().get()
    assert project.regions == ["Gävleborg", "Dalarna", "Värmland"]
    assert (project.enrolment_start, project.enrolment_end) == (
        date(2016, 8, 1),
        date(2017, 12, 31),
    )
    assert (project.start, project.end) == (date(2016, 8, 1), date(2018, 12, 31))
    assert (project.target_firms, project.target_completed) == (60, 20)
    rules = {(r.activity, r.minimum, r.stage) for r in project.completion_rules.all()}
    assert rules == {
        ("coaching", Decimal("10"), ""),
        ("workshops", Decimal("2"), ""),
        ("export_lab", Decimal("0"), "market_analysis"),
    }
    regions = set(enrolments().values_list("organization__region", flat=True))
    assert regions == {"Gävleborg", "Dalarna"}
    applied = enrolments().values_list("applied_on", flat=True)
    assert date(2016, 8, 1) <= min(applied) and max(applied) <= date(2017, 12, 31)


def test_at_the_end_of_the_entry_phase_34_firms_from_two_regions_are_engaged():
    figures = report("participation", END_OF_ENTRY_PHASE)
    assert figures["firms_supported"] == 55
    assert figures["target_firms"] == 60
    assert figures["firms_active"] == 34
    assert figures["firms_completed"] == 0
    assert figures["firms_applied"] > figures["firms_supported"]
    regions = {row["region"]: row for row in figures["by_region"]}
    assert regions["Värmland"] == {"region": "Värmland", "firms_supported": 0, "firms_completed": 0}
    assert regions["Gävleborg"]["firms_supported"] + regions["Dalarna"]["firms_supported"] == 55
    dropped = (
        enrolments().filter(dropped_on__lte=END_OF_ENTRY_PHASE).exclude(dropout_phase="intake")
    )
    assert dropped.count() == 21
    phases = list(dropped.values_list("dropout_phase", flat=True))
    assert phases.count("after_workshops") > len(phases) / 2


def test_at_the_closure_38_firms_found_contacts_and_12_made_prototypes():
    figures = report("outcomes", CLOSURE)
    assert figures["firms_supported"] == 55
    assert figures["firms_with_international_contacts"] == 38
    assert figures["share_firms_with_international_contacts"] == 0.6909
    assert figures["firms_with_prototypes"] == 12
    assert figures["share_firms_with_prototypes"] == 0.2182
    intake = report("participation", CLOSURE)
    assert intake["firms_supported"] == 55
    assert (intake["firms_completed"], intake["target_completed"]) == (18, 20)
    assert intake["firms_active"] == 3
    assert intake["firms_dropped"] - intake["dropouts_by_phase"]["intake"] == 34
    # Five firms joined fpx in 2018, one (GeoVista) in 2017, all after applying to TRIIP.
    assert intake["firms_became_members"] == 6
    assert report("participation", END_OF_ENTRY_PHASE)["firms_became_members"] == 1


@pytest.mark.parametrize("year", [2016, 2017, 2018])
def test_varmland_recruited_no_firm_at_any_date(year):
    for month in range(1, 13):
        figures = participation(triip(), date(year, month, 28))
        varmland = [row for row in figures["by_region"] if row["region"] == "Värmland"]
        assert varmland == [{"region": "Värmland", "firms_supported": 0, "firms_completed": 0}]


def test_every_completed_firm_met_the_rules_on_the_day_it_completed():
    completed = enrolments().filter(status="completed")
    assert completed.count() == 18
    for enrolment in completed:
        assert missing_activities(enrolment, enrolment.completed_on) == [], enrolment


def test_a_participant_is_not_a_member_unless_it_joined():
    """The generated firms have no membership, but five that joined fpx in 2018."""
    generated = enrolments().filter(organization__registry_id__startswith="559310-")
    memberships = Membership.objects.filter(
        organization__in=generated.values("organization")
    ).prefetch_related("transitions")
    assert generated.count() == 53
    assert memberships.count() == 5
    for membership in memberships:
        enrolment = generated.get(organization=membership.organization)
        admitted = membership.transitions.get(to_status="active").on
        assert membership.status == "active"
        assert admitted.year == 2018 and admitted >= enrolment.applied_on


def test_each_step_of_the_intake_has_its_own_day():
    for enrolment in enrolments().prefetch_related("status_changes"):
        steps = list(enrolment.status_changes.order_by("on", "at"))
        assert steps[-1].to_status == enrolment.status
        days = [step.on for step in steps]
        assert days == sorted(days) and len(set(days)) == len(days), enrolment
        assert steps[0].on == enrolment.applied_on
        if enrolment.status in ("completed", "dropped"):
            assert steps[-1].on == (enrolment.completed_on or enrolment.dropped_on)


def _started(enrolment: Enrolment) -> date | None:
    step = enrolment.status_changes.filter(to_status="active").first()
    return step.on if step else None


def test_no_activity_before_a_firm_started_or_after_it_ended():
    for enrolment in enrolments().prefetch_related("status_changes"):
        started = _started(enrolment)
        ended = enrolment.completed_on or enrolment.dropped_on or date(2018, 12, 31)
        days = [
            *CoachingSession.objects.filter(enrolment=enrolment).values_list("date", flat=True),
            *ExportLabStep.objects.filter(track__enrolment=enrolment).values_list(
                "entered_on", flat=True
            ),
            *Trip.objects.filter(enrolment=enrolment).values_list("start", flat=True),
            *Trip.objects.filter(enrolment=enrolment).values_list("end", flat=True),
            *TimesheetEntry.objects.filter(request__enrolment=enrolment).values_list(
                "date", flat=True
            ),
            *WorkshopParticipation.objects.filter(enrolment=enrolment).values_list(
                "workshop__date", flat=True
            ),
            *[
                at.date()
                for at in TimbankRequest.objects.filter(enrolment=enrolment).values_list(
                    "requested_at", flat=True
                )
            ],
        ]
        outcomes_days = Outcome.objects.filter(enrolment=enrolment).values_list("date", flat=True)
        if enrolment.status != "completed":
            days += list(outcomes_days)  # a firm that completed may report effects later
        if started is None:
            assert days == [], enrolment
            continue
        assert all(started <= day <= ended for day in days), enrolment
        hours = CoachingSession.objects.filter(enrolment=enrolment).aggregate(h=Sum("hours"))["h"]
        assert (hours or 0) <= enrolment.coaching_hours_allotted


def test_three_workshops_in_2017_with_attendance():
    days = WorkshopParticipation.objects.filter(workshop__project__slug="triip").values_list(
        "workshop__date", "attended"
    )
    assert {day.year for day, _attended in days} == {2017}
    assert len({day for day, _attended in days}) == 3
    assert {attended for _day, attended in days} == {True, False}


def test_the_named_success_stories():
    sealing = enrolments().get(organization__registry_id=SEALING)
    assert sealing.organization.legal_name == "Gävle Sealing Technology AB"
    assert sealing.status == "completed"
    stages = ExportLabStep.objects.filter(track__enrolment=sealing).values_list("stage", flat=True)
    assert "acceleration" in stages
    trip = Trip.objects.get(enrolment=sealing, country="US")
    assert (trip.city, trip.status) == ("Charlotte", "done")
    kinds = Outcome.objects.filter(enrolment=sealing).values_list("kind", "quantity")
    assert ("new_customer", 1) in kinds and ("new_retailer", 1) in kinds

    at_the_fair = Outcome.objects.get(
        enrolment__project__slug="triip", kind="units_sold", quantity=3
    )
    retailer = Outcome.objects.get(enrolment=at_the_fair.enrolment, kind="new_retailer")
    later = Outcome.objects.get(enrolment=at_the_fair.enrolment, kind="units_sold", quantity__gt=15)
    assert at_the_fair.date < retailer.date < later.date

    distillery = enrolments().get(organization__registry_id=DISTILLERY)
    assert "Destilleri" in distillery.organization.legal_name
    trip = Trip.objects.get(enrolment=distillery)
    assert (trip.country, trip.city, trip.status) == ("CN", "Shanghai", "done")
    assert "food" in trip.event.lower()
    stages = ExportLabStep.objects.filter(track__enrolment=distillery, track__target_market="CN")
    assert "market_analysis" in stages.values_list("stage", flat=True)


def test_the_running_project_keeps_its_story():
    figures = outcomes(Project.objects.filter(slug="triip-2026"), date(2026, 11, 30))
    assert figures["firms_supported"] == 3
    intake = participation(Project.objects.filter(slug="triip-2026"), date(2026, 11, 30))
    assert (intake["firms_applied"], intake["firms_active"]) == (5, 3)
