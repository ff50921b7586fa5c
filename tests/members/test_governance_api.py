"""Governance over /api/v1/: bodies, seats, meetings, decisions and action items."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from members.choices import BodyKind, DecisionOutcome, SeatRole
from members.models import ActionItem, Attendance, Body, Decision, Meeting, Seat
from members.services import (
    action_item_save,
    body_save,
    decision_save,
    meeting_save,
    meeting_set_attendance,
    person_save,
    seat_save,
)
from tests.factories.clusters import UserFactory

pytestmark = pytest.mark.django_db

JSON = "application/json"


def make_person(cluster, first: str, last: str, user=None):
    return person_save(cluster=cluster, data={"first_name": first, "last_name": last, "user": user})


def make_body(cluster, name: str = "Alpha board", kind: str = BodyKind.BOARD) -> Body:
    return body_save(cluster=cluster, data={"name": name, "kind": kind})


def make_seat(body, person, role=SeatRole.MEMBER, start=date(2022, 1, 1), end=None) -> Seat:
    return seat_save(
        body=body, data={"person": person, "role": role, "term_start": start, "term_end": end}
    )


@pytest.fixture
def board(cluster_a):
    return make_body(cluster_a)


@pytest.fixture
def ann(cluster_a):
    return make_person(cluster_a, "Ann", "Alpha")


@pytest.fixture
def bo(cluster_a):
    return make_person(cluster_a, "Bo", "Beta")


# Bodies -------------------------------------------------------------------------------------


def test_manager_creates_bodies_and_filters_them_by_kind(client_for, manager_a, cluster_a):
    client = client_for(manager_a)
    for name, kind in (("Board", BodyKind.BOARD), ("HR committee", BodyKind.COMMITTEE)):
        response = client.post(
            reverse("api:body-list"),
            {"cluster": "alpha", "name": name, "kind": kind},
            content_type=JSON,
        )
        assert response.status_code == 201, response.json()
    committees = client.get(reverse("api:body-list"), {"kind": "committee"}).json()
    assert [body["name"] for body in committees["results"]] == ["HR committee"]
    assert committees["results"][0]["cluster"] == "alpha"


def test_a_duplicate_body_name_is_a_400_at_the_field(client_for, manager_a, board):
    response = client_for(manager_a).post(
        reverse("api:body-list"),
        {"cluster": "alpha", "name": "Alpha board", "kind": BodyKind.BOARD},
        content_type=JSON,
    )
    assert response.status_code == 400
    assert list(response.json()) == ["name"]


def test_viewer_cannot_create_a_body_and_is_told_why(client_for, viewer_a, cluster_a):
    response = client_for(viewer_a).post(
        reverse("api:body-list"),
        {"cluster": "alpha", "name": "Board", "kind": BodyKind.BOARD},
        content_type=JSON,
    )
    assert response.status_code == 403
    assert "administrators and managers" in response.json()["detail"]
    assert not Body.objects.exists()


# Seats --------------------------------------------------------------------------------------


def post_seat(client, body, person, role=SeatRole.MEMBER, start="2022-01-01", end=None):
    return client.post(
        reverse("api:seat-list"),
        {"body": body.pk, "person": person.pk, "role": role, "term_start": start, "term_end": end},
        content_type=JSON,
    )


def test_manager_adds_seats_and_filters_them_by_body(client_for, manager_a, cluster_a, ann):
    board, committee = make_body(cluster_a), make_body(cluster_a, "HR", BodyKind.COMMITTEE)
    client = client_for(manager_a)
    assert post_seat(client, board, ann, SeatRole.CHAIR).status_code == 201
    assert post_seat(client, committee, ann).status_code == 201
    seats = client.get(reverse("api:seat-list"), {"body": board.pk}).json()["results"]
    assert [(s["body"], s["person"], s["role"]) for s in seats] == [
        (board.pk, ann.pk, SeatRole.CHAIR)
    ]


def test_overlapping_terms_of_the_same_person_are_a_400_at_the_field(
    client_for, manager_a, board, ann
):
    make_seat(board, ann, start=date(2022, 1, 1), end=date(2024, 12, 31))
    response = post_seat(client_for(manager_a), board, ann, start="2024-06-01")
    assert response.status_code == 400
    assert "already holds a seat" in str(response.json()["term_start"])
    assert Seat.objects.count() == 1


def test_a_seat_update_that_makes_terms_overlap_is_refused(client_for, manager_a, board, ann):
    make_seat(board, ann, start=date(2020, 1, 1), end=date(2021, 12, 31))
    later = make_seat(board, ann, start=date(2023, 1, 1))
    response = client_for(manager_a).patch(
        reverse("api:seat-detail", args=[later.pk]), {"term_start": "2021-06-01"}, content_type=JSON
    )
    assert response.status_code == 400
    assert "term_start" in response.json()
    later.refresh_from_db()
    assert later.term_start == date(2023, 1, 1)


def test_two_chairs_at_once_are_a_400_at_the_role(client_for, manager_a, board, ann, bo):
    make_seat(board, ann, SeatRole.CHAIR)
    response = post_seat(client_for(manager_a), board, bo, SeatRole.CHAIR, start="2025-01-01")
    assert response.status_code == 400
    assert "already has a chair" in str(response.json()["role"])
    assert not Seat.objects.filter(person=bo).exists()


def test_two_vice_chairs_at_once_are_refused_but_a_later_chair_is_not(
    client_for, manager_a, board, ann, bo
):
    client = client_for(manager_a)
    make_seat(board, ann, SeatRole.VICE_CHAIR, end=date(2023, 12, 31))
    overlapping = post_seat(client, board, bo, SeatRole.VICE_CHAIR, start="2023-06-01")
    assert overlapping.status_code == 400
    assert "role" in overlapping.json()
    assert post_seat(client, board, bo, SeatRole.VICE_CHAIR, start="2024-01-01").status_code == 201


def test_a_term_ending_before_it_starts_is_a_400_at_the_field(client_for, manager_a, board, ann):
    response = post_seat(client_for(manager_a), board, ann, start="2025-01-01", end="2024-01-01")
    assert response.status_code == 400
    assert response.json() == {"term_end": ["The term ends before it starts."]}
    assert not Seat.objects.exists()


def test_a_body_or_person_of_another_cluster_does_not_exist(
    client_for, manager_a, cluster_b, board, ann
):
    foreign_body = make_body(cluster_b, "Beta board")
    foreign_person = make_person(cluster_b, "Olga", "Petrova")
    client = client_for(manager_a)
    response = post_seat(client, foreign_body, ann)
    assert response.status_code == 400
    assert "does not exist" in str(response.json()["body"])
    response = post_seat(client, board, foreign_person)
    assert response.status_code == 400
    assert "does not exist" in str(response.json()["person"])
    assert not Seat.objects.exists()


def test_viewer_cannot_add_a_seat_and_is_told_why(client_for, viewer_a, board, ann):
    response = post_seat(client_for(viewer_a), board, ann)
    assert response.status_code == 403
    assert "administrators and managers" in response.json()["detail"]
    assert not Seat.objects.exists()


def test_manager_of_another_cluster_gets_404_on_a_seat(client_for, manager_b, board, ann):
    seat = make_seat(board, ann)
    client = client_for(manager_b)
    assert client.get(reverse("api:seat-detail", args=[seat.pk])).status_code == 404
    response = client.patch(
        reverse("api:seat-detail", args=[seat.pk]), {"role": SeatRole.OBSERVER}, content_type=JSON
    )
    assert response.status_code == 404
    seat.refresh_from_db()
    assert seat.role == SeatRole.MEMBER


def test_governance_is_never_deleted_over_the_api(client_for, manager_a, board, ann):
    seat = make_seat(board, ann)
    client = client_for(manager_a)
    assert client.delete(reverse("api:seat-detail", args=[seat.pk])).status_code == 405
    assert client.delete(reverse("api:body-detail", args=[board.pk])).status_code == 405
    assert Seat.objects.filter(pk=seat.pk).exists()


# Meetings -----------------------------------------------------------------------------------


def test_meetings_are_filtered_by_body_and_date_range(client_for, manager_a, cluster_a, board):
    other = make_body(cluster_a, "HR", BodyKind.COMMITTEE)
    for day in (date(2025, 1, 10), date(2025, 3, 10), date(2025, 6, 10)):
        meeting_save(body=board, data={"date": day})
    meeting_save(body=other, data={"date": date(2025, 3, 11)})
    client = client_for(manager_a)
    response = client.get(
        reverse("api:meeting-list"),
        {"body": board.pk, "date_after": "2025-02-01", "date_before": "2025-06-10"},
    )
    assert [m["date"] for m in response.json()["results"]] == ["2025-06-10", "2025-03-10"]


def test_manager_records_a_meeting_with_its_attendance(client_for, manager_a, board, ann, bo):
    client = client_for(manager_a)
    response = client.post(
        reverse("api:meeting-list"),
        {
            "body": board.pk,
            "date": "2026-01-15",
            "title": "Kick-off",
            "agenda": "1. Plan",
            "present": [ann.pk],
            "excused": [bo.pk],
        },
        content_type=JSON,
    )
    assert response.status_code == 201, response.json()
    assert (response.json()["present"], response.json()["excused"]) == ([ann.pk], [bo.pk])
    meeting_id = response.json()["id"]

    # A list left out keeps its people; a list given replaces them.
    response = client.patch(
        reverse("api:meeting-detail", args=[meeting_id]), {"present": [ann.pk]}, content_type=JSON
    )
    assert response.status_code == 200
    assert (response.json()["present"], response.json()["excused"]) == ([ann.pk], [bo.pk])
    response = client.patch(
        reverse("api:meeting-detail", args=[meeting_id]),
        {"minutes": "Done.", "excused": []},
        content_type=JSON,
    )
    assert (response.json()["minutes"], response.json()["excused"]) == ("Done.", [])


def test_someone_present_and_excused_is_a_400_and_no_meeting_is_written(
    client_for, manager_a, board, ann
):
    response = client_for(manager_a).post(
        reverse("api:meeting-list"),
        {"body": board.pk, "date": "2026-01-15", "present": [ann.pk], "excused": [ann.pk]},
        content_type=JSON,
    )
    assert response.status_code == 400
    assert "excused" in response.json()
    assert not Meeting.objects.exists()
    assert not Attendance.objects.exists()


# Decisions and action items -----------------------------------------------------------------


@pytest.fixture
def meeting(board, ann):
    make_seat(board, ann)
    return meeting_save(body=board, data={"date": date(2025, 11, 20)})


def test_decisions_are_filtered_by_meeting_and_carry_their_action_items(
    client_for, manager_a, board, meeting, ann
):
    other = meeting_save(body=board, data={"date": date(2025, 12, 1)})
    decision = decision_save(
        meeting=meeting, data={"text": "Adopt", "votes_for": 1, "outcome": DecisionOutcome.ADOPTED}
    )
    decision_save(meeting=other, data={"text": "Later", "outcome": DecisionOutcome.POSTPONED})
    action_item_save(
        decision=decision, data={"text": "Write", "owner": ann, "due_on": date(2026, 1, 31)}
    )
    results = (
        client_for(manager_a)
        .get(reverse("api:decision-list"), {"meeting": meeting.pk})
        .json()["results"]
    )
    assert [d["text"] for d in results] == ["Adopt"]
    assert [item["text"] for item in results[0]["action_items"]] == ["Write"]


def test_votes_outnumbering_the_voting_seats_are_a_400_at_the_field(client_for, manager_a, meeting):
    response = client_for(manager_a).post(
        reverse("api:decision-list"),
        {"meeting": meeting.pk, "text": "Adopt", "votes_for": 5, "outcome": "adopted"},
        content_type=JSON,
    )
    assert response.status_code == 400
    assert "votes_for" in response.json()
    assert not Decision.objects.exists()


def test_manager_adds_and_completes_an_action_item(client_for, manager_a, meeting, ann):
    decision = decision_save(meeting=meeting, data={"text": "Adopt", "outcome": "adopted"})
    client = client_for(manager_a)
    response = client.post(
        reverse("api:action-item-list"),
        {"decision": decision.pk, "text": "Write", "owner": ann.pk, "due_on": "2026-01-31"},
        content_type=JSON,
    )
    assert response.status_code == 201, response.json()
    item_url = reverse("api:action-item-detail", args=[response.json()["id"]])
    too_early = client.patch(item_url, {"done_on": "2025-01-01"}, content_type=JSON)
    assert too_early.status_code == 400
    assert "done_on" in too_early.json()
    done = client.patch(item_url, {"done_on": "2026-01-20"}, content_type=JSON)
    assert done.json()["done_on"] == "2026-01-20"
    assert client.get(reverse("api:action-item-list"), {"done": "false"}).json()["count"] == 0


def test_an_owner_of_another_cluster_does_not_exist(client_for, manager_a, cluster_b, meeting):
    decision = decision_save(meeting=meeting, data={"text": "Adopt", "outcome": "adopted"})
    foreign = make_person(cluster_b, "Olga", "Petrova")
    response = client_for(manager_a).post(
        reverse("api:action-item-list"),
        {"decision": decision.pk, "text": "Write", "owner": foreign.pk, "due_on": "2026-01-31"},
        content_type=JSON,
    )
    assert response.status_code == 400
    assert "does not exist" in str(response.json()["owner"])
    assert not ActionItem.objects.exists()


# Committee members --------------------------------------------------------------------------


def test_committee_member_reads_their_bodys_meetings_and_decisions_only(
    client_for, cluster_a, board, ann
):
    user = UserFactory()
    committee = make_body(cluster_a, "HR committee", BodyKind.COMMITTEE)
    make_seat(committee, make_person(cluster_a, "Rustam", "Galiev", user=user), SeatRole.CHAIR)
    own = meeting_save(body=committee, data={"date": date(2025, 5, 5)})
    own_decision = decision_save(meeting=own, data={"text": "Places", "outcome": "adopted"})
    other = meeting_save(body=board, data={"date": date(2025, 5, 6)})
    make_seat(board, ann)
    client = client_for(user)

    assert [b["id"] for b in client.get(reverse("api:body-list")).json()["results"]] == [
        committee.pk
    ]
    meetings = client.get(reverse("api:meeting-list")).json()["results"]
    assert [m["id"] for m in meetings] == [own.pk]
    decisions = client.get(reverse("api:decision-list")).json()["results"]
    assert [d["id"] for d in decisions] == [own_decision.pk]
    assert client.get(reverse("api:meeting-detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("api:seat-list")).json()["count"] == 0
    response = client.post(
        reverse("api:meeting-list"), {"body": committee.pk, "date": "2026-01-01"}, content_type=JSON
    )
    assert response.status_code == 403
    assert Meeting.objects.count() == 2


def test_meeting_api_list_query_budget(
    client_for, manager_a, board, ann, bo, django_assert_max_num_queries
):
    for month in range(1, 11):
        meeting = meeting_save(body=board, data={"date": date(2025, month, 1)})
        meeting_set_attendance(meeting=meeting, present=[ann], excused=[bo])
    client = client_for(manager_a)
    # session, user, count, the page of meetings, their attendance.
    with django_assert_max_num_queries(5):
        response = client.get(reverse("api:meeting-list"))
    assert response.json()["count"] == 10
