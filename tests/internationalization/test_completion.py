"""Completing a project: the project's completion rules (each activity with its minimum, or the
export-lab stage to reach), checked as of the day of completion; nothing else is assumed. A
manager may complete otherwise with a justification, kept in the history with what was
missing. The outcome page shows the checks and the form."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from clusters.permissions import ALLOWED
from internationalization.choices import ExportLabStage, TimbankRequestStatus, TripStatus
from internationalization.services import completion
from internationalization.services.completion import (
    enrolment_complete,
    missing_activities,
    rule_checks,
)
from internationalization.services.export_lab import export_lab_advance, export_lab_start
from internationalization.services.workshops import (
    workshop_invite,
    workshop_record_attendance,
    workshop_save,
)
from projects.choices import EnrolmentStatus, RequiredActivity
from projects.models import Enrolment
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

S = ExportLabStage
A = RequiredActivity
ACTIVATED = TODAY - timedelta(days=60)
RULES = [
    {"activity": A.COACHING, "minimum": Decimal("10")},
    {"activity": A.WORKSHOPS, "minimum": Decimal("2")},
    {"activity": A.TIMBANK, "minimum": Decimal("4")},
    {"activity": A.TRIP, "minimum": Decimal("1")},
    {"activity": A.EXPORT_LAB, "minimum": Decimal("0"), "stage": S.EVALUATION},
]
NOTHING_DONE = [
    "Business coaching: 0 of 10 h",
    "Workshops: 0 of 2 workshops attended",
    "Timbank: 0 of 4 h with consultants",
    "Trip to the target market: 0 of 1 trip done",
    "Export lab: no stage yet, Evaluation required",
]


def days_ago(n: int):
    return TODAY - timedelta(days=n)


@pytest.fixture
def project(cluster_a):
    return running_project(cluster_a, completion_rules=RULES)


def enrol(project, firm, manager, coach):
    """Active since ACTIVATED, 20 coaching hours allotted, nothing done yet."""
    return enrolment_through_intake(
        project, firm, manager=manager, coach=coach, activated_on=ACTIVATED
    )


@pytest.fixture
def enrolment(project, firm_a, manager_a, coach_a):
    return enrol(project, firm_a, manager_a, coach_a)


def workshop(enrolment, day, attended=True, title="Vision"):
    held = workshop_save(project=enrolment.project, data={"title": title, "date": day})
    workshop_invite(workshop=held, enrolments=[enrolment])
    workshop_record_attendance(workshop=held, attended=[enrolment] if attended else [])
    return held


def consultant_hours(enrolment, hours: str, day):
    request = TimbankRequestFactory(
        enrolment=enrolment,
        hours_requested=Decimal("8"),
        hours_approved=Decimal("8"),
        status=TimbankRequestStatus.APPROVED,
    )
    consultant = ConsultantFactory(cluster=enrolment.project.cluster, name="Lawyer")
    TimesheetEntryFactory(request=request, consultant=consultant, date=day, hours=Decimal(hours))


def trip(enrolment, status, end):
    return TripFactory(enrolment=enrolment, start=end - timedelta(days=3), end=end, status=status)


def export_lab_to(enrolment, *stages, first_day=None):
    """The track started on ``first_day`` and moved one stage a day."""
    first_day = first_day or days_ago(50)
    track = export_lab_start(enrolment=enrolment, target_market="US", entered_on=first_day)
    for offset, stage in enumerate(stages, start=1):
        track = export_lab_advance(
            track=track, to_stage=stage, entered_on=first_day + timedelta(days=offset)
        )
    return track


def meet_every_rule(enrolment, coach):
    log_session(enrolment, coach, "10", day=days_ago(30))
    workshop(enrolment, days_ago(20), title="Vision")
    workshop(enrolment, days_ago(19), title="Pitch")
    consultant_hours(enrolment, "4", days_ago(15))
    trip(enrolment, TripStatus.DONE, end=days_ago(10))
    export_lab_to(enrolment, S.MARKET_ANALYSIS, S.INCUBATION, S.PILOT_LAUNCH, S.EVALUATION)


def met(enrolment, activity: str, day=None) -> bool:
    return next(c.met for c in rule_checks(enrolment, day) if c.rule.activity == activity)


# Each rule, as of a day -----------------------------------------------------------------


def test_a_firm_that_did_nothing_misses_every_rule_in_the_order_of_the_process(enrolment):
    assert missing_activities(enrolment) == NOTHING_DONE


def test_coaching_counts_the_hours_of_sessions_dated_by_the_day(enrolment, coach_a):
    log_session(enrolment, coach_a, "6", day=days_ago(40))
    log_session(enrolment, coach_a, "3.75", day=days_ago(20))
    assert missing_activities(enrolment)[0] == "Business coaching: 9.75 of 10 h"
    log_session(enrolment, coach_a, "0.25", day=days_ago(5))
    assert met(enrolment, A.COACHING)
    # As of a day before the last sessions, only the hours logged by then count.
    assert not met(enrolment, A.COACHING, days_ago(6))
    assert missing_activities(enrolment, days_ago(30))[0] == "Business coaching: 6 of 10 h"


def test_workshops_count_those_attended_by_the_day(enrolment):
    workshop(enrolment, days_ago(30), attended=False, title="Vision")
    workshop(enrolment, days_ago(20), title="Product")
    assert "Workshops: 1 of 2 workshops attended" in missing_activities(enrolment)
    workshop(enrolment, days_ago(10), title="Pitch")
    assert met(enrolment, A.WORKSHOPS)
    assert not met(enrolment, A.WORKSHOPS, days_ago(11))


def test_timbank_counts_the_consultant_hours_used_by_the_day(enrolment):
    consultant_hours(enrolment, "2.5", days_ago(30))
    assert "Timbank: 2.5 of 4 h with consultants" in missing_activities(enrolment)
    consultant_hours(enrolment, "1.5", days_ago(3))
    assert met(enrolment, A.TIMBANK)
    assert not met(enrolment, A.TIMBANK, days_ago(4))


@pytest.mark.parametrize(
    ("status", "done"),
    [(TripStatus.APPLIED, False), (TripStatus.APPROVED, False), (TripStatus.DONE, True)],
)
def test_a_trip_counts_once_done(enrolment, status, done):
    trip(enrolment, status, end=days_ago(10))
    assert met(enrolment, A.TRIP) is done


def test_a_trip_counts_from_its_last_day(enrolment):
    trip(enrolment, TripStatus.DONE, end=days_ago(10))
    assert not met(enrolment, A.TRIP, days_ago(11))
    assert met(enrolment, A.TRIP, days_ago(10))


def test_the_export_lab_counts_the_stage_reached_even_after_going_back(enrolment):
    track = export_lab_to(enrolment, S.MARKET_ANALYSIS, S.INCUBATION, S.PILOT_LAUNCH)
    assert (
        "Export lab: reached International incubation, Evaluation required"
        not in missing_activities(enrolment)
    )
    assert "Export lab: reached Pilot launch, Evaluation required" in missing_activities(enrolment)
    track = export_lab_advance(track=track, to_stage=S.EVALUATION, entered_on=days_ago(5))
    assert met(enrolment, A.EXPORT_LAB)
    # Back to incubation for another iteration: evaluation was reached all the same.
    export_lab_advance(track=track, to_stage=S.INCUBATION, entered_on=days_ago(2))
    assert met(enrolment, A.EXPORT_LAB)
    # Not as of a day before evaluation was reached.
    assert not met(enrolment, A.EXPORT_LAB, days_ago(6))


def test_an_earlier_stage_is_met_once_reached_or_passed(cluster_a, firm_a, manager_a, coach_a):
    project = running_project(
        cluster_a,
        "lab",
        completion_rules=[{"activity": A.EXPORT_LAB, "stage": S.MARKET_ANALYSIS}],
    )
    enrolment = enrol(project, firm_a, manager_a, coach_a)
    track = export_lab_to(enrolment)  # market choice only
    assert missing_activities(enrolment) == [
        "Export lab: reached Market choice, Market analysis required"
    ]
    track = export_lab_advance(track=track, to_stage=S.MARKET_ANALYSIS, entered_on=days_ago(40))
    export_lab_advance(track=track, to_stage=S.INCUBATION, entered_on=days_ago(30))
    assert met(enrolment, A.EXPORT_LAB)


# Nothing else is assumed ----------------------------------------------------------------


def test_a_project_without_rules_lets_a_firm_complete_freely(cluster_a, firm_a, manager_a, coach_a):
    project = running_project(cluster_a, "free")
    enrolment = enrol(project, firm_a, manager_a, coach_a)
    assert rule_checks(enrolment) == []
    completed = enrolment_complete(enrolment=enrolment, actor=manager_a)
    assert completed.status == EnrolmentStatus.COMPLETED
    assert completed.status_changes.last().note == ""


def test_only_the_projects_rules_are_asked(cluster_a, firm_a, manager_a, coach_a):
    project = running_project(
        cluster_a, "lean", completion_rules=[{"activity": A.TRIP, "minimum": Decimal("1")}]
    )
    enrolment = enrol(project, firm_a, manager_a, coach_a)
    assert missing_activities(enrolment) == ["Trip to the target market: 0 of 1 trip done"]
    trip(enrolment, TripStatus.DONE, end=days_ago(10))
    # No coaching, no workshop, no timbank, no export lab: none was asked for.
    assert missing_activities(enrolment) == []
    completed = enrolment_complete(enrolment=enrolment, actor=manager_a)
    assert completed.status == EnrolmentStatus.COMPLETED


# Completing -----------------------------------------------------------------------------


def test_completion_is_refused_with_what_is_missing(enrolment, coach_a, manager_a):
    log_session(enrolment, coach_a, "12", day=days_ago(30))
    trip(enrolment, TripStatus.DONE, end=days_ago(10))
    with pytest.raises(ValidationError) as error:
        enrolment_complete(enrolment=enrolment, actor=manager_a)
    assert error.value.message_dict["justification"] == [
        "Not yet done: Workshops: 0 of 2 workshops attended; Timbank: 0 of 4 h with consultants; "
        "Export lab: no stage yet, Evaluation required. "
        "Give a justification to complete anyway."
    ]
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.ACTIVE
    assert enrolment.completed_on is None


def test_a_blank_justification_is_no_justification(enrolment, manager_a):
    with pytest.raises(ValidationError) as error:
        enrolment_complete(enrolment=enrolment, actor=manager_a, justification="  \n ")
    assert "justification" in error.value.message_dict


def test_a_firm_that_meets_every_rule_completes_on_the_day_given(enrolment, coach_a, manager_a):
    meet_every_rule(enrolment, coach_a)
    completed = enrolment_complete(enrolment=enrolment, actor=manager_a, completed_on=days_ago(3))
    assert completed.status == EnrolmentStatus.COMPLETED
    assert Enrolment.objects.get(pk=enrolment.pk).completed_on == days_ago(3)
    change = completed.status_changes.order_by("pk").last()
    assert (change.to_status, change.on, change.actor, change.note) == (
        EnrolmentStatus.COMPLETED,
        days_ago(3),
        manager_a,
        "",
    )


def test_completion_is_today_unless_dated(enrolment, coach_a, manager_a):
    meet_every_rule(enrolment, coach_a)
    completed = enrolment_complete(enrolment=enrolment, actor=manager_a)
    assert completed.completed_on == TODAY
    assert completed.status_changes.order_by("pk").last().on == TODAY


def test_the_rules_are_checked_as_of_the_day_of_completion(enrolment, coach_a, manager_a):
    meet_every_rule(enrolment, coach_a)  # the trip ended 10 days ago
    with pytest.raises(ValidationError) as error:
        enrolment_complete(enrolment=enrolment, actor=manager_a, completed_on=days_ago(11))
    assert error.value.messages == [
        "Not yet done: Trip to the target market: 0 of 1 trip done. "
        "Give a justification to complete anyway."
    ]
    enrolment_complete(enrolment=enrolment, actor=manager_a, completed_on=days_ago(10))


def test_completion_cannot_be_dated_in_the_future_or_before_activation(
    project, firm_a, manager_a, coach_a
):
    free = running_project(project.cluster, "free")
    enrolment = enrol(free, firm_a, manager_a, coach_a)
    for day in (TODAY + timedelta(days=1), ACTIVATED - timedelta(days=1)):
        with pytest.raises(ValidationError) as error:
            enrolment_complete(enrolment=enrolment, actor=manager_a, completed_on=day)
        assert "completed_on" in error.value.message_dict
    assert Enrolment.objects.get(pk=enrolment.pk).status == EnrolmentStatus.ACTIVE


def test_a_manager_completes_otherwise_with_a_justification_kept_in_the_history(
    enrolment, coach_a, manager_a
):
    log_session(enrolment, coach_a, "6", day=days_ago(30))
    completed = enrolment_complete(
        enrolment=enrolment,
        actor=manager_a,
        completed_on=days_ago(1),
        justification="  Entered the US market early; the board agreed.  ",
    )
    assert completed.status == EnrolmentStatus.COMPLETED
    assert completed.completed_on == days_ago(1)
    change = completed.status_changes.order_by("pk").last()
    assert change.on == days_ago(1)
    assert change.actor == manager_a
    assert change.note == (
        "Completed by decision: Entered the US market early; the board agreed. (not met: "
        "Business coaching: 6 of 10 h; Workshops: 0 of 2 workshops attended; "
        "Timbank: 0 of 4 h with consultants; Trip to the target market: 0 of 1 trip done; "
        "Export lab: no stage yet, Evaluation required)"
    )


def test_a_justification_is_not_kept_when_every_rule_is_met(enrolment, coach_a, manager_a):
    meet_every_rule(enrolment, coach_a)
    completed = enrolment_complete(enrolment=enrolment, actor=manager_a, justification="Why not")
    assert completed.status_changes.order_by("pk").last().note == ""


def test_only_an_active_enrolment_completes(project, firm_a, manager_a, coach_a):
    accepted = enrolment_through_intake(
        project, firm_a, manager=manager_a, coach=coach_a, status=EnrolmentStatus.ACCEPTED
    )
    with pytest.raises(ValidationError) as error:
        enrolment_complete(enrolment=accepted, actor=manager_a, justification="Board")
    assert "Only an active enrolment" in error.value.message_dict["status"][0]


def test_only_managers_complete(enrolment, coach_a, viewer_a, manager_a):
    meet_every_rule(enrolment, coach_a)
    for user in (coach_a, viewer_a):
        for justification in ("", "The board agreed"):
            with pytest.raises(PermissionDenied):
                enrolment_complete(enrolment=enrolment, actor=user, justification=justification)
    assert Enrolment.objects.get(pk=enrolment.pk).status == EnrolmentStatus.ACTIVE


def test_the_justification_path_asks_for_a_manager_even_past_can_complete(
    monkeypatch, enrolment, coach_a
):
    """Should ``can_complete`` ever let a coach through, completing without the rules met
    still takes a manager of the cluster."""
    monkeypatch.setattr(completion, "can_complete", lambda user, enrolment: ALLOWED)
    with pytest.raises(PermissionDenied):
        enrolment_complete(enrolment=enrolment, actor=coach_a, justification="Good enough")
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.ACTIVE
    assert not enrolment.status_changes.filter(to_status=EnrolmentStatus.COMPLETED).exists()


# The page action --------------------------------------------------------------------------


def complete_url(enrolment) -> str:
    return reverse("internationalization:enrolment-complete", args=[enrolment.pk])


def messages_of(response) -> list[str]:
    return [str(message) for message in response.wsgi_request._messages]


def test_mark_completed_says_what_is_missing_and_returns_to_the_enrolment(
    client_for, manager_a, enrolment
):
    response = client_for(manager_a).post(complete_url(enrolment), {"completed_on": str(TODAY)})
    assert response.status_code == 302
    assert response["Location"] == reverse("projects:enrolment-detail", args=[enrolment.pk])
    assert messages_of(response) == [
        "Not yet done: " + "; ".join(NOTHING_DONE) + ". Give a justification to complete anyway."
    ]
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.ACTIVE


def test_mark_completed_with_a_justification_completes_on_the_day_given(
    client_for, manager_a, enrolment
):
    response = client_for(manager_a).post(
        complete_url(enrolment),
        {"completed_on": str(days_ago(2)), "justification": "Signed a US distributor"},
    )
    assert response["Location"] == reverse("projects:enrolment-detail", args=[enrolment.pk])
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.COMPLETED
    assert enrolment.completed_on == days_ago(2)
    note = enrolment.status_changes.order_by("pk").last().note
    assert note.startswith("Completed by decision: Signed a US distributor (not met: ")


def test_mark_completed_completes_a_firm_that_meets_every_rule(
    client_for, manager_a, coach_a, enrolment
):
    meet_every_rule(enrolment, coach_a)
    response = client_for(manager_a).post(complete_url(enrolment), {"completed_on": ""})
    assert response["Location"] == reverse("projects:enrolment-detail", args=[enrolment.pk])
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.COMPLETED
    assert enrolment.completed_on == TODAY


def test_mark_completed_refuses_a_day_in_the_future(client_for, manager_a, coach_a, enrolment):
    meet_every_rule(enrolment, coach_a)
    response = client_for(manager_a).post(
        complete_url(enrolment), {"completed_on": str(TODAY + timedelta(days=1))}
    )
    assert messages_of(response) == ["A step cannot be dated in the future."]
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.ACTIVE


def test_the_coach_and_the_firm_may_not_mark_completed(client_for, coach_a, firm_rep_a, enrolment):
    meet_every_rule(enrolment, coach_a)
    for user in (coach_a, firm_rep_a):
        response = client_for(user).post(complete_url(enrolment), {"justification": "Because"})
        assert response.status_code == 403
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.ACTIVE


def test_the_outcome_page_shows_managers_each_rule_checked_and_asks_why(
    client_for, manager_a, coach_a, enrolment
):
    log_session(enrolment, coach_a, "10", day=days_ago(30))
    url = reverse("internationalization:outcome-list", args=[enrolment.pk])
    response = client_for(manager_a).get(url)
    assert response.context["offer_completion"]
    assert [(str(check), check.met) for check in response.context["checks"]] == [
        ("Business coaching: 10 of 10 h", True),
        *((line, False) for line in NOTHING_DONE[1:]),
    ]
    page = response.content.decode()
    assert complete_url(enrolment) in page
    assert page.count('<li class="met">') == 1
    assert page.count('<li class="unmet">') == 4
    assert "Business coaching: 10 of 10 h</li>" in page
    assert "Workshops: 0 of 2 workshops attended</li>" in page
    assert 'name="justification"' in page
    assert 'name="completed_on"' in page
    coach_page = client_for(coach_a).get(url)
    assert not coach_page.context["offer_completion"]
    assert complete_url(enrolment) not in coach_page.content.decode()


def test_the_outcome_page_asks_no_justification_once_every_rule_is_met(
    client_for, manager_a, coach_a, enrolment
):
    meet_every_rule(enrolment, coach_a)
    url = reverse("internationalization:outcome-list", args=[enrolment.pk])
    response = client_for(manager_a).get(url)
    assert all(check.met for check in response.context["checks"])
    assert response.context["missing"] == []
    assert 'name="justification"' not in response.content.decode()


def test_the_outcome_page_says_when_the_project_sets_no_rule(
    client_for, cluster_a, firm_a, manager_a, coach_a
):
    enrolment = enrol(running_project(cluster_a, "free"), firm_a, manager_a, coach_a)
    url = reverse("internationalization:outcome-list", args=[enrolment.pk])
    page = client_for(manager_a).get(url).content.decode()
    assert "The project sets no completion rule." in page
    assert 'name="justification"' not in page
