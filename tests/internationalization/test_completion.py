"""Completing a project: what counts as done per required activity, the list of what is
missing, and the manager's "Mark completed" action."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from internationalization.choices import (
    ConsultantService,
    ExportLabStage,
    TimbankRequestStatus,
    TripPurpose,
    TripStatus,
)
from internationalization.models import TimbankRequest
from internationalization.services.coaching import coaching_allotment_change
from internationalization.services.completion import enrolment_complete, missing_activities
from internationalization.services.export_lab import export_lab_advance, export_lab_start
from internationalization.services.workshops import (
    workshop_invite,
    workshop_record_attendance,
    workshop_save,
)
from projects.choices import EnrolmentStatus, RequiredActivity
from tests.factories.activities import (
    ConsultantFactory,
    TimbankRequestFactory,
    TimesheetEntryFactory,
    TripFactory,
    log_session,
)
from tests.factories.common import TODAY
from tests.factories.projects import enrolment_through_intake, running_project

pytestmark = pytest.mark.django_db

EVERYTHING = list(RequiredActivity.values)
ALL_LABELS = [
    "Business coaching",
    "Workshops",
    "Timbank",
    "Trip to the target market",
    "Export lab",
]
PAST = TODAY - timedelta(days=30)


@pytest.fixture
def project(cluster_a):
    return running_project(cluster_a, required_activities=EVERYTHING)


@pytest.fixture
def enrolment(project, firm_a, manager_a, coach_a):
    """Active, 20 coaching hours allotted, nothing done yet."""
    return enrolment_through_intake(project, firm_a, manager=manager_a, coach=coach_a)


def coach(enrolment, coach_a, hours: str):
    log_session(enrolment, coach_a, hours, day=PAST)


def attend_a_workshop(enrolment, attended=True):
    workshop = workshop_save(project=enrolment.project, data={"title": "Vision", "date": PAST})
    workshop_invite(workshop=workshop, enrolments=[enrolment])
    workshop_record_attendance(workshop=workshop, attended=[enrolment] if attended else [])


def timbank_request(enrolment, status, timesheet_hours: str | None = None) -> TimbankRequest:
    request = TimbankRequestFactory(
        enrolment=enrolment,
        service=ConsultantService.LEGAL,
        hours_requested=Decimal("5"),
        needed_by=TODAY,
        purpose="Distributor contract",
        status=status,
        hours_approved=Decimal("5") if status != TimbankRequestStatus.PENDING else 0,
        requested_at=timezone.now(),
    )
    if timesheet_hours:
        consultant = ConsultantFactory(
            cluster=enrolment.project.cluster, name="Lawyer", services=[]
        )
        TimesheetEntryFactory(
            request=request, consultant=consultant, date=PAST, hours=Decimal(timesheet_hours)
        )
    return request


def trip(enrolment, status):
    return TripFactory(
        enrolment=enrolment,
        country="US",
        city="Raleigh",
        event="Fair",
        start=PAST,
        end=PAST + timedelta(days=3),
        purpose=TripPurpose.FAIR,
        status=status,
        requested_at=timezone.now(),
    )


def export_lab_to(enrolment, *stages):
    track = export_lab_start(enrolment=enrolment, target_market="US", entered_on=PAST)
    for offset, stage in enumerate(stages, start=1):
        track = export_lab_advance(
            track=track, to_stage=stage, entered_on=PAST + timedelta(days=offset)
        )
    return track


def do_everything(enrolment, coach_a):
    coach(enrolment, coach_a, "10")
    attend_a_workshop(enrolment)
    timbank_request(enrolment, TimbankRequestStatus.APPROVED)
    trip(enrolment, TripStatus.DONE)
    S = ExportLabStage
    export_lab_to(enrolment, S.MARKET_ANALYSIS, S.INCUBATION, S.PILOT_LAUNCH, S.EVALUATION)


# What is missing ----------------------------------------------------------------------------


def test_a_firm_that_did_nothing_misses_every_required_activity_in_order(enrolment):
    assert missing_activities(enrolment) == ALL_LABELS


def test_only_the_projects_required_activities_are_asked(cluster_a, firm_a, manager_a, coach_a):
    project = running_project(
        cluster_a, "lean", required_activities=[RequiredActivity.TRIP, RequiredActivity.COACHING]
    )
    enrolment = enrolment_through_intake(project, firm_a, manager=manager_a, coach=coach_a)
    assert missing_activities(enrolment) == ["Business coaching", "Trip to the target market"]


def test_coaching_counts_from_half_the_allotment(enrolment, coach_a):
    coach(enrolment, coach_a, "9.75")
    assert "Business coaching" in missing_activities(enrolment)
    coach(enrolment, coach_a, "0.25")  # 10 of 20 hours: half the allotment
    assert "Business coaching" not in missing_activities(enrolment)


def test_coaching_needs_a_session_even_with_no_hours_allotted(enrolment, coach_a, manager_a):
    coaching_allotment_change(enrolment=enrolment, hours=Decimal("0"), actor=manager_a)
    enrolment.refresh_from_db()
    assert "Business coaching" in missing_activities(enrolment)


def test_workshops_count_when_the_firm_attended_one(enrolment):
    attend_a_workshop(enrolment, attended=False)
    assert "Workshops" in missing_activities(enrolment)
    attend_a_workshop(enrolment)
    assert "Workshops" not in missing_activities(enrolment)


@pytest.mark.parametrize(
    ("status", "timesheet_hours", "done"),
    [
        (TimbankRequestStatus.PENDING, None, False),
        (TimbankRequestStatus.REJECTED, None, False),
        (TimbankRequestStatus.APPROVED, None, True),
        (TimbankRequestStatus.CLOSED, None, False),
        (TimbankRequestStatus.CLOSED, "2.5", True),
    ],
)
def test_timbank_counts_an_approved_request_or_one_closed_with_hours_worked(
    enrolment, status, timesheet_hours, done
):
    timbank_request(enrolment, status, timesheet_hours)
    assert ("Timbank" not in missing_activities(enrolment)) is done


@pytest.mark.parametrize(
    ("status", "done"),
    [(TripStatus.APPLIED, False), (TripStatus.APPROVED, False), (TripStatus.DONE, True)],
)
def test_a_trip_counts_once_done(enrolment, status, done):
    trip(enrolment, status)
    assert ("Trip to the target market" not in missing_activities(enrolment)) is done


def test_export_lab_counts_from_evaluation_even_after_going_back(enrolment):
    S = ExportLabStage
    track = export_lab_to(enrolment, S.MARKET_ANALYSIS, S.INCUBATION, S.PILOT_LAUNCH)
    assert "Export lab" in missing_activities(enrolment)
    track = export_lab_advance(track=track, to_stage=S.EVALUATION, entered_on=TODAY)
    assert "Export lab" not in missing_activities(enrolment)
    export_lab_advance(track=track, to_stage=S.INCUBATION, entered_on=TODAY)
    assert "Export lab" not in missing_activities(enrolment)


# Completing ---------------------------------------------------------------------------------


def test_completion_is_refused_with_the_list_of_what_is_missing(enrolment, coach_a, manager_a):
    coach(enrolment, coach_a, "12")
    trip(enrolment, TripStatus.DONE)
    with pytest.raises(ValidationError) as error:
        enrolment_complete(enrolment=enrolment, actor=manager_a)
    message = error.value.message_dict["required_activities"][0]
    assert message == "Not yet done: Workshops, Timbank, Export lab."
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.ACTIVE


def test_a_firm_that_did_everything_completes(enrolment, coach_a, manager_a):
    do_everything(enrolment, coach_a)
    completed = enrolment_complete(enrolment=enrolment, actor=manager_a)
    assert completed.status == EnrolmentStatus.COMPLETED
    assert completed.completed_on == timezone.localdate()
    assert completed.status_changes.last().actor == manager_a


def test_only_an_active_enrolment_completes(project, firm_a, manager_a, coach_a):
    accepted = enrolment_through_intake(
        project, firm_a, manager=manager_a, coach=coach_a, status=EnrolmentStatus.ACCEPTED
    )
    with pytest.raises(ValidationError) as error:
        enrolment_complete(enrolment=accepted, actor=manager_a)
    assert "Only an active enrolment" in error.value.message_dict["status"][0]


def test_only_managers_complete(enrolment, coach_a, viewer_a):
    do_everything(enrolment, coach_a)
    for user in (coach_a, viewer_a):
        with pytest.raises(PermissionDenied):
            enrolment_complete(enrolment=enrolment, actor=user)


# The page action ----------------------------------------------------------------------------


def test_mark_completed_says_what_is_missing_and_returns_to_the_enrolment(
    client_for, manager_a, enrolment
):
    url = reverse("internationalization:enrolment-complete", args=[enrolment.pk])
    response = client_for(manager_a).post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("projects:enrolment-detail", args=[enrolment.pk])
    shown = [str(m) for m in response.wsgi_request._messages]
    assert shown == ["Not yet done: " + ", ".join(ALL_LABELS) + "."]
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.ACTIVE


def test_mark_completed_completes_a_firm_that_did_everything(
    client_for, manager_a, coach_a, enrolment
):
    do_everything(enrolment, coach_a)
    url = reverse("internationalization:enrolment-complete", args=[enrolment.pk])
    response = client_for(manager_a).post(url)
    assert response["Location"] == reverse("projects:enrolment-detail", args=[enrolment.pk])
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.COMPLETED


def test_the_coach_and_the_firm_may_not_mark_completed(client_for, coach_a, firm_rep_a, enrolment):
    do_everything(enrolment, coach_a)
    url = reverse("internationalization:enrolment-complete", args=[enrolment.pk])
    for user in (coach_a, firm_rep_a):
        assert client_for(user).post(url).status_code == 403
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.ACTIVE


def test_the_outcome_page_offers_completion_to_managers_with_what_is_missing(
    client_for, manager_a, coach_a, enrolment
):
    coach(enrolment, coach_a, "10")
    url = reverse("internationalization:outcome-list", args=[enrolment.pk])
    response = client_for(manager_a).get(url)
    assert response.context["offer_completion"]
    assert response.context["missing"] == ALL_LABELS[1:]
    complete_url = reverse("internationalization:enrolment-complete", args=[enrolment.pk])
    assert complete_url in response.content.decode()
    coach_page = client_for(coach_a).get(url)
    assert not coach_page.context["offer_completion"]
