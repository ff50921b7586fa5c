"""The bench data generator (issue 12): a small world (2 % of scale 1: 20 firms) whose rows
pass the models' validation and keep the invariants the services keep, and a second
``ensure_generated`` that writes nothing."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from config.bench import world
from config.bench.generate import TABLES, ensure_generated, generate, summary
from internationalization.choices import (
    CLAIMABLE_TRIP,
    EXPORT_LAB_ORDER,
    OutcomeKind,
    TimbankRequestStatus,
)
from internationalization.models import (
    CoachingSession,
    ExpenseClaim,
    ExportLabTrack,
    Outcome,
    TimbankPool,
    TimbankRequest,
    TimesheetEntry,
    Trip,
    TripCountryCap,
)
from internationalization.rules import WORKING_STATUSES, quarter_hours_problem
from internationalization.selectors import research_organisations
from internationalization.services.completion import missing_activities
from internationalization.services.export_lab import allowed_moves
from members.choices import MEMBERSHIP_TRANSITIONS, MembershipStatus
from members.models import Membership, Organization
from projects.choices import ENROLMENT_TRANSITIONS, EnrolmentStatus
from projects.models import Enrolment
from reports.models import ReportRun, RunStatus

SAMPLE = 25
# Every model the generator writes, beyond the counted tables.
FRAME = (
    "clusters.Cluster",
    "clusters.Programme",
    "clusters.ProgrammeIndicator",
    "clusters.IndicatorTarget",
    "projects.ProjectFunding",
    "projects.ProjectPartner",
    "projects.PartnerCoach",
    "projects.Cohort",
    "projects.CompletionRule",
    "internationalization.TimbankPool",
    "internationalization.TripCountryCap",
    "internationalization.Consultant",
)


@pytest.fixture(scope="module")
def generated(django_db_setup, django_db_blocker):
    """The small world, generated once for the module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield generate(1, scale_fraction=0.02, say=lambda text: None)
        transaction.set_rollback(True)


@pytest.fixture
def small_world(generated, db):
    return generated


def test_the_small_world_has_every_kind_of_row(small_world):
    assert Organization.objects.exclude(helix="academia").count() >= 20
    empty = [label for label in TABLES if not small_world[label]]
    assert empty == []
    assert ReportRun.objects.filter(status=RunStatus.DONE).count() == 18


def test_a_sample_of_every_generated_model_passes_full_clean(small_world):
    for label in (*TABLES, *FRAME):
        for row in apps.get_model(label).objects.order_by("?")[:SAMPLE]:
            # Receipts are names of files the bench never reads.
            row.full_clean(exclude=["receipt"] if label.endswith("ExpenseClaim") else None)


def test_enrolment_histories_follow_the_lifecycle_and_end_in_the_status(small_world):
    for enrolment in Enrolment.objects.prefetch_related("status_changes"):
        steps = sorted(enrolment.status_changes.all(), key=lambda c: (c.on, c.at, c.pk))
        assert (steps[0].from_status, steps[0].to_status) == ("", EnrolmentStatus.APPLIED)
        assert steps[0].on == enrolment.applied_on
        for before, after in zip(steps, steps[1:], strict=False):
            assert after.from_status == before.to_status
            assert after.to_status in ENROLMENT_TRANSITIONS[before.to_status]
            assert after.on >= before.on
        assert steps[-1].to_status == enrolment.status
        reached = {step.to_status: step.on for step in steps}
        assert enrolment.completed_on == reached.get(EnrolmentStatus.COMPLETED)
        assert enrolment.dropped_on == reached.get(EnrolmentStatus.DROPPED)
        assert bool(enrolment.dropout_phase) == (enrolment.status == EnrolmentStatus.DROPPED)
        if enrolment.status == EnrolmentStatus.COMPLETED:
            assert missing_activities(enrolment, enrolment.completed_on) == []


def test_memberships_follow_their_transitions(small_world):
    for membership in Membership.objects.prefetch_related("transitions"):
        steps = sorted(membership.transitions.all(), key=lambda t: (t.on, t.pk))
        assert steps[0].from_status == ""
        for before, after in zip(steps, steps[1:], strict=False):
            assert after.from_status == before.to_status
            assert after.to_status in MEMBERSHIP_TRANSITIONS[before.to_status]
        assert (membership.status, membership.status_since) == (steps[-1].to_status, steps[-1].on)
        actives = [t.on for t in steps if t.to_status == MembershipStatus.ACTIVE]
        assert membership.member_since == (actives[0] if actives else None)


def _working_window(enrolment: Enrolment):
    changes = {c.to_status: c.on for c in enrolment.status_changes.all()}
    ended = changes.get(EnrolmentStatus.COMPLETED) or changes.get(EnrolmentStatus.DROPPED)
    return changes[EnrolmentStatus.ACCEPTED], ended or timezone.localdate()


def test_coaching_stays_within_the_allotment_and_the_working_window(small_world):
    today = timezone.localdate()
    used = defaultdict(Decimal)
    sessions = CoachingSession.objects.select_related("enrolment__project")
    for session in sessions.prefetch_related("enrolment__status_changes"):
        first, last = _working_window(session.enrolment)
        project = session.enrolment.project
        assert first <= session.date <= min(last, today, project.end)
        assert quarter_hours_problem(session.hours) is None
        used[session.enrolment] += session.hours
    for enrolment, hours in used.items():
        assert hours <= enrolment.coaching_hours_allotted


def test_timesheets_stay_within_the_hours_approved_and_the_pool_holds_the_reservations(
    small_world,
):
    reserved = defaultdict(Decimal)
    for request in TimbankRequest.objects.select_related("enrolment"):
        used = request.timesheet.aggregate(h=Sum("hours"))["h"] or Decimal(0)
        if request.status not in (TimbankRequestStatus.APPROVED, TimbankRequestStatus.CLOSED):
            assert used == 0
            continue
        assert request.hours_approved <= request.hours_requested
        assert used <= request.hours_approved
        kept = request.hours_approved if request.status == TimbankRequestStatus.APPROVED else used
        reserved[request.enrolment.project_id] += kept
    for entry in TimesheetEntry.objects.select_related("consultant", "request__enrolment__project"):
        project = entry.request.enrolment.project
        assert entry.request.service in entry.consultant.services
        assert entry.consultant.cluster_id == project.cluster_id
        assert project.start <= entry.date <= project.end
        assert entry.date >= entry.request.decided_at.date()
    for pool in TimbankPool.objects.all():
        assert pool.hours_reserved == reserved[pool.project_id]
        assert pool.hours_reserved <= pool.hours_total


def test_trips_keep_the_country_caps_and_claims_the_approved_budget(small_world):
    caps = {(c.project_id, c.country.code): c.cap for c in TripCountryCap.objects.all()}
    for trip in Trip.objects.select_related("enrolment"):
        claimed = trip.claims.aggregate(total=Sum("amount"))["total"] or Decimal(0)
        if trip.budget_approved is not None:
            assert trip.budget_approved <= caps[(trip.enrolment.project_id, trip.country.code)]
        if trip.status not in CLAIMABLE_TRIP:
            assert claimed == 0
            continue
        assert claimed <= trip.budget_approved
        if trip.status == "done":
            assert trip.end <= timezone.localdate()
    for claim in ExpenseClaim.objects.select_related("trip"):
        assert claim.currency == claim.trip.currency
        if claim.reimbursed_on:
            assert claim.status == "reimbursed"
            assert claim.submitted_at.date() <= claim.reimbursed_on <= timezone.localdate()


def test_export_lab_steps_are_ordered_moves_and_the_track_shows_the_last(small_world):
    assert ExportLabTrack.objects.exists()
    for track in ExportLabTrack.objects.prefetch_related("steps"):
        steps = sorted(track.steps.all(), key=lambda s: (s.entered_on, s.pk))
        assert steps[0].stage == EXPORT_LAB_ORDER[0]
        for before, after in zip(steps, steps[1:], strict=False):
            assert after.stage in allowed_moves(before.stage)
            assert after.entered_on >= before.entered_on
        assert (track.stage, track.stage_entered_on) == (steps[-1].stage, steps[-1].entered_on)
        backs = sum(
            1
            for a, b in zip(steps, steps[1:], strict=False)
            if b.stage == "incubation" and a.stage == "evaluation"
        )
        assert track.iterations == backs


def test_outcomes_name_a_research_partner_only_for_joint_research(small_world):
    research = set(
        research_organisations(Organization.objects.first().cluster).values_list("pk", flat=True)
    )
    for outcome in Outcome.objects.select_related("enrolment__project"):
        assert outcome.enrolment.project.start <= outcome.date <= timezone.localdate()
        if outcome.kind == OutcomeKind.RESEARCH_COOPERATION:
            assert outcome.partner_id in research
        else:
            assert outcome.partner_id is None
        assert outcome.enrolment.status_changes.filter(
            to_status=EnrolmentStatus.ACCEPTED, on__lte=outcome.date
        ).exists()


def test_activities_belong_to_firms_that_were_working(small_world):
    for model in (CoachingSession, TimbankRequest, Trip, Outcome):
        statuses = set(model.objects.values_list("enrolment__status", flat=True))
        assert statuses <= {*WORKING_STATUSES, EnrolmentStatus.COMPLETED, EnrolmentStatus.DROPPED}


def test_organizations_carry_the_size_class_their_figures_give(small_world):
    for organization in Organization.objects.all():
        assert organization.size_class == organization.derive_size_class()


def test_a_second_ensure_generated_writes_nothing(small_world, django_assert_max_num_queries):
    before = summary()
    with django_assert_max_num_queries(len(TABLES) + 1):
        again = ensure_generated(1, say=lambda text: None)
    assert again == before == summary()
    assert again["projects.Project"] == world.PROJECT_COUNT
