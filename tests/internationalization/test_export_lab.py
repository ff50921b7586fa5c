"""The export lab: one stage at a time, back from evaluation to incubation as an iteration,
never skipping; every step kept; the board by stage (a coach sees only their firms)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from internationalization.choices import ExportLabStage
from internationalization.models import ExportLabStep, ExportLabTrack
from internationalization.services.export_lab import export_lab_advance, export_lab_start
from projects.choices import EnrolmentStatus
from tests.factories.clusters import UserFactory
from tests.factories.common import RUNNING_END, RUNNING_START, TODAY
from tests.factories.members import firm_with_rep
from tests.factories.projects import enrolment_through_intake, running_project

pytestmark = pytest.mark.django_db

S = ExportLabStage
DAY0 = TODAY - timedelta(days=60)


def start(enrolment, market="US", day=DAY0) -> ExportLabTrack:
    return export_lab_start(enrolment=enrolment, target_market=market, entered_on=day, notes="")


def walk(track, *stages, first_day=DAY0) -> ExportLabTrack:
    for offset, stage in enumerate(stages, start=1):
        track = export_lab_advance(
            track=track, to_stage=stage, entered_on=first_day + timedelta(days=offset), notes=""
        )
    return track


@pytest.fixture
def project(cluster_a):
    return running_project(cluster_a)


@pytest.fixture
def enrolment(project, firm_a, firm_rep_a, manager_a, coach_a):
    return enrolment_through_intake(project, firm_a, manager=manager_a, coach=coach_a)


@pytest.fixture
def track(enrolment):
    return start(enrolment)


# The services -------------------------------------------------------------------------------


def test_a_track_starts_at_market_choice_and_keeps_the_step(enrolment):
    track = start(enrolment, "DE")
    assert track.stage == S.MARKET_CHOICE
    assert track.target_market.code == "DE"
    assert list(track.steps.values_list("stage", "entered_on")) == [(S.MARKET_CHOICE, DAY0)]


def test_a_firm_has_one_track(track, enrolment):
    with pytest.raises(ValidationError) as error:
        start(enrolment, "CN")
    assert "already has an export-lab track" in error.value.message_dict["enrolment"][0]


def test_a_firm_not_taking_part_gets_no_track(project, firm_a, manager_a):
    applicant = enrolment_through_intake(
        project, firm_a, manager=manager_a, status=EnrolmentStatus.APPLIED
    )
    with pytest.raises(ValidationError) as error:
        start(applicant)
    assert "is not enrolled" in error.value.message_dict["enrolment"][0]
    assert not ExportLabTrack.objects.exists()


def test_a_start_outside_the_activities_is_refused(enrolment):
    with pytest.raises(ValidationError) as error:
        start(enrolment, day=RUNNING_START - timedelta(days=1))
    assert "entered_on" in error.value.message_dict


def test_a_track_moves_one_stage_at_a_time_and_keeps_every_step(track):
    track = walk(track, S.MARKET_ANALYSIS, S.INCUBATION)
    assert track.stage == S.INCUBATION
    assert track.stage_entered_on == DAY0 + timedelta(days=2)
    assert list(track.steps.values_list("stage", flat=True)) == [
        S.MARKET_CHOICE,
        S.MARKET_ANALYSIS,
        S.INCUBATION,
    ]


def test_a_jump_that_skips_stages_is_refused_with_a_clear_message(track):
    with pytest.raises(ValidationError) as error:
        walk(track, S.PILOT_LAUNCH)
    message = error.value.message_dict["to_stage"][0]
    assert "one stage at a time" in message
    assert "market analysis" in message and "pilot launch" in message
    track.refresh_from_db()
    assert track.stage == S.MARKET_CHOICE
    assert ExportLabStep.objects.count() == 1


def test_going_back_from_evaluation_to_incubation_counts_an_iteration(track):
    track = walk(track, S.MARKET_ANALYSIS, S.INCUBATION, S.PILOT_LAUNCH, S.EVALUATION)
    assert track.iterations == 0
    track = walk(track, S.INCUBATION, first_day=DAY0 + timedelta(days=10))
    assert (track.stage, track.iterations) == (S.INCUBATION, 1)
    track = walk(
        track, S.PILOT_LAUNCH, S.EVALUATION, S.INCUBATION, first_day=DAY0 + timedelta(days=20)
    )
    assert track.iterations == 2
    assert track.steps.count() == 9


def test_going_back_anywhere_else_is_refused(track):
    track = walk(track, S.MARKET_ANALYSIS, S.INCUBATION, S.PILOT_LAUNCH)
    with pytest.raises(ValidationError) as error:
        walk(track, S.MARKET_ANALYSIS, first_day=DAY0 + timedelta(days=10))
    assert "goes back only from evaluation" in error.value.message_dict["to_stage"][0]


def test_the_same_stage_and_past_the_last_stage_are_refused(track):
    with pytest.raises(ValidationError) as error:
        walk(track, S.MARKET_CHOICE)
    assert "already in market choice" in error.value.message_dict["to_stage"][0]
    track = walk(
        track, S.MARKET_ANALYSIS, S.INCUBATION, S.PILOT_LAUNCH, S.EVALUATION, S.ACCELERATION
    )
    with pytest.raises(ValidationError) as error:
        walk(track, S.INCUBATION, first_day=DAY0 + timedelta(days=10))
    assert "the last stage" in error.value.message_dict["to_stage"][0]


def test_a_step_before_the_current_stage_began_is_refused(track):
    with pytest.raises(ValidationError) as error:
        export_lab_advance(
            track=track, to_stage=S.MARKET_ANALYSIS, entered_on=DAY0 - timedelta(days=1)
        )
    assert "cannot be earlier" in error.value.message_dict["entered_on"][0]


def test_a_step_after_the_activities_is_refused(track):
    with pytest.raises(ValidationError) as error:
        export_lab_advance(
            track=track, to_stage=S.MARKET_ANALYSIS, entered_on=RUNNING_END + timedelta(days=1)
        )
    assert "within the project's activities" in error.value.message_dict["entered_on"][0]


# Pages --------------------------------------------------------------------------------------


@pytest.fixture
def board_firms(project, cluster_a, manager_a, coach_a, enrolment):
    """Tracks in three stages: two of coach_a's firms and one of another coach's."""
    other_coach = UserFactory(email="other.coach@example.org")
    walk(start(enrolment, "US"), S.MARKET_ANALYSIS)
    mine, _rep = firm_with_rep(cluster_a, "Second Mine AB")
    theirs, _rep = firm_with_rep(cluster_a, "Theirs AB")
    start(enrolment_through_intake(project, mine, manager=manager_a, coach=coach_a), "CN")
    walk(
        start(
            enrolment_through_intake(project, theirs, manager=manager_a, coach=other_coach), "CL"
        ),
        S.MARKET_ANALYSIS,
        S.INCUBATION,
    )
    return other_coach


def board_of(response) -> dict[str, list[str]]:
    return {
        column.stage: [str(track.enrolment.organization) for track in column.tracks]
        for column in response.context["columns"]
    }


def test_board_shows_the_firms_by_stage_for_staff(
    client_for, viewer_a, project, board_firms, firm_a, django_assert_max_num_queries
):
    url = reverse("internationalization:export-lab-board", args=[project.slug])
    client = client_for(viewer_a)
    # session, user, the project with its cluster, the user's staff roles, the tracks with
    # their firms, current cluster, switcher.
    with django_assert_max_num_queries(7):
        response = client.get(url)
    board = board_of(response)
    assert list(board) == list(S.values)
    assert board[S.MARKET_CHOICE] == ["Second Mine AB"]
    assert board[S.MARKET_ANALYSIS] == [str(firm_a)]
    assert board[S.INCUBATION] == ["Theirs AB"]
    assert "Chile" in response.content.decode()


def test_a_coach_sees_only_their_firms_on_the_board(
    client_for, coach_a, project, board_firms, firm_a
):
    response = client_for(coach_a).get(
        reverse("internationalization:export-lab-board", args=[project.slug])
    )
    board = board_of(response)
    assert board[S.INCUBATION] == []
    assert sorted(sum(board.values(), [])) == sorted(["Second Mine AB", str(firm_a)])
    assert "Theirs AB" not in response.content.decode()


def test_a_firm_may_not_see_the_board(client_for, firm_rep_a, project, board_firms):
    url = reverse("internationalization:export-lab-board", args=[project.slug])
    assert client_for(firm_rep_a).get(url).status_code == 403


def test_coach_opens_a_track_from_the_start_page(client_for, coach_a, enrolment):
    url = reverse("internationalization:export-lab-start", args=[enrolment.pk])
    client = client_for(coach_a)
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"target_market": "FR", "entered_on": DAY0.isoformat(), "notes": "Wine fair"}
    )
    track = ExportLabTrack.objects.get()
    assert response["Location"] == reverse("internationalization:export-lab-track", args=[track.pk])
    assert track.steps.get().notes == "Wine fair"
    assert (
        client.get(url)["Location"] == response["Location"]
    )  # one track: the start page leads to it


def test_track_page_refuses_a_skip_at_the_stage_field(client_for, coach_a, track):
    url = reverse("internationalization:export-lab-track", args=[track.pk])
    client = client_for(coach_a)
    page = client.get(url)
    assert page.context["form"]["to_stage"].value() == S.MARKET_ANALYSIS
    response = client.post(url, {"to_stage": S.EVALUATION, "entered_on": TODAY.isoformat()})
    assert response.status_code == 200
    message = " ".join(response.context["form"].errors["to_stage"])
    assert "may go to: Market analysis" in message
    assert ExportLabStep.objects.count() == 1
    moved = client.post(url, {"to_stage": S.MARKET_ANALYSIS, "entered_on": TODAY.isoformat()})
    assert moved.status_code == 302
    track.refresh_from_db()
    assert track.stage == S.MARKET_ANALYSIS


def test_the_firm_reads_its_track_but_does_not_move_it(client_for, firm_rep_a, track):
    url = reverse("internationalization:export-lab-track", args=[track.pk])
    client = client_for(firm_rep_a)
    page = client.get(url)
    assert page.status_code == 200
    assert not page.context["can_work"]
    data = {"to_stage": S.MARKET_ANALYSIS, "entered_on": TODAY.isoformat()}
    assert client.post(url, data).status_code == 403
    track.refresh_from_db()
    assert track.stage == S.MARKET_CHOICE


def test_another_coach_does_not_reach_the_track(client_for, track):
    stranger = UserFactory(email="stranger@example.org")
    url = reverse("internationalization:export-lab-track", args=[track.pk])
    assert client_for(stranger).get(url).status_code == 404


# API ----------------------------------------------------------------------------------------


def test_api_start_and_advance(client_for, coach_a, enrolment):
    client = client_for(coach_a)
    created = client.post(
        reverse("api:export-lab-track-list"),
        {"enrolment": enrolment.pk, "target_market": "US", "entered_on": DAY0.isoformat()},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["stage"] == S.MARKET_CHOICE
    url = reverse("api:export-lab-track-advance", args=[created.json()["id"]])
    moved = client.post(
        url,
        {"to_stage": S.MARKET_ANALYSIS, "entered_on": TODAY.isoformat()},
        content_type="application/json",
    )
    assert moved.status_code == 200
    assert [step["stage"] for step in moved.json()["steps"]] == [
        S.MARKET_CHOICE,
        S.MARKET_ANALYSIS,
    ]


def test_api_refuses_a_skipped_stage_with_a_field_error(client_for, coach_a, track):
    response = client_for(coach_a).post(
        reverse("api:export-lab-track-advance", args=[track.pk]),
        {"to_stage": S.ACCELERATION, "entered_on": TODAY.isoformat()},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "one stage at a time" in " ".join(response.json()["to_stage"])
    assert ExportLabStep.objects.count() == 1


def test_api_counts_the_iteration(client_for, manager_a, track):
    track = walk(track, S.MARKET_ANALYSIS, S.INCUBATION, S.PILOT_LAUNCH, S.EVALUATION)
    response = client_for(manager_a).post(
        reverse("api:export-lab-track-advance", args=[track.pk]),
        {"to_stage": S.INCUBATION, "entered_on": TODAY.isoformat()},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["iterations"] == 1


def test_api_firm_may_not_advance(client_for, firm_rep_a, track):
    response = client_for(firm_rep_a).post(
        reverse("api:export-lab-track-advance", args=[track.pk]),
        {"to_stage": S.MARKET_ANALYSIS, "entered_on": TODAY.isoformat()},
        content_type="application/json",
    )
    assert response.status_code == 403


def test_track_page_query_budget(client_for, manager_a, track, django_assert_max_num_queries):
    walk(track, S.MARKET_ANALYSIS, S.INCUBATION, S.PILOT_LAUNCH, S.EVALUATION, S.INCUBATION)
    url = reverse("internationalization:export-lab-track", args=[track.pk])
    client = client_for(manager_a)
    # session, user, the track with enrolment, project, cluster and firm, the user's staff
    # roles, the steps, current cluster, switcher.
    with django_assert_max_num_queries(7):
        response = client.get(url)
    assert len(response.context["steps"]) == 6
