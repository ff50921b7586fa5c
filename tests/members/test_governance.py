"""Governance pages: bodies, seats, meetings, attendance, decisions and action items."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

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
from tests.factories.members import OrganizationFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LONG_AGO = date(2020, 1, 1)


def make_person(cluster, first: str, last: str, user=None):
    return person_save(cluster=cluster, data={"first_name": first, "last_name": last, "user": user})


def make_body(cluster, name: str = "Board", kind: str = BodyKind.BOARD) -> Body:
    return body_save(cluster=cluster, data={"name": name, "kind": kind})


def make_seat(body, person, role=SeatRole.MEMBER, start=LONG_AGO, end=None, **extra) -> Seat:
    data = {"person": person, "role": role, "term_start": start, "term_end": end, **extra}
    return seat_save(body=body, data=data)


def make_meeting(body, day=date(2025, 11, 20), **extra) -> Meeting:
    return meeting_save(body=body, data={"date": day, "title": "Annual plan", **extra})


def seat_form(person, role=SeatRole.MEMBER, start=LONG_AGO, end=None, organization=None) -> dict:
    return {
        "person": person.pk,
        "organization": organization.pk if organization else "",
        "role": role,
        "voting_right": "on",
        "term_start": start.isoformat(),
        "term_end": end.isoformat() if end else "",
    }


@pytest.fixture
def board(cluster_a):
    return make_body(cluster_a, "Alpha board")


@pytest.fixture
def ann(cluster_a):
    return make_person(cluster_a, "Ann", "Alpha")


@pytest.fixture
def committee_member(cluster_a):
    """A user with no staff role whose person holds a seat in the HR committee of cluster A."""
    user = UserFactory(email="committee@example.org")
    committee = make_body(cluster_a, "HR committee", BodyKind.COMMITTEE)
    make_seat(committee, make_person(cluster_a, "Rustam", "Galiev", user=user), SeatRole.CHAIR)
    return user


# Bodies -------------------------------------------------------------------------------------


def test_manager_adds_a_body_and_a_duplicate_name_is_refused_at_the_field(
    client_for, manager_a, cluster_a
):
    client = client_for(manager_a)
    data = {"name": "HR committee", "kind": BodyKind.COMMITTEE, "description": "Dual education"}
    response = client.post(reverse("members:body-create"), data)
    body = Body.objects.get(cluster=cluster_a, name="HR committee")
    assert response.status_code == 302
    assert response["Location"] == body.get_absolute_url()

    again = client.post(reverse("members:body-create"), data)
    assert again.status_code == 200
    assert "already has a body with this name" in str(again.context["form"].errors["name"])
    assert Body.objects.filter(cluster=cluster_a).count() == 1


def test_body_edit_is_recorded_in_the_body_history(client_for, manager_a, board):
    client = client_for(manager_a)
    response = client.post(
        reverse("members:body-edit", args=[board.pk]),
        {"name": "Alpha board of directors", "kind": BodyKind.BOARD, "description": ""},
    )
    assert response.status_code == 302
    page = client.get(board.get_absolute_url()).content.decode()
    assert "Alpha board of directors" in page
    assert manager_a.email in page  # who changed it, from the audit history


def test_body_list_shows_kind_current_seats_and_next_meeting(
    client_for, manager_a, cluster_a, cluster_b, board, ann
):
    make_seat(board, ann, SeatRole.CHAIR)
    make_seat(board, make_person(cluster_a, "Bo", "Beta"), start=LONG_AGO, end=date(2021, 1, 1))
    make_meeting(board, TODAY - timedelta(days=30))
    make_meeting(board, TODAY + timedelta(days=40))
    make_meeting(board, TODAY + timedelta(days=10))
    make_body(cluster_b, "Beta board")

    response = client_for(manager_a).get(reverse("members:body-list"))
    assert [b.name for b in response.context["bodies"]] == ["Alpha board"]
    listed = response.context["bodies"][0]
    assert listed.current_seat_count == 1  # the past seat is not counted
    assert listed.next_meeting_on == TODAY + timedelta(days=10)
    assert "Board" in response.content.decode()


def test_body_list_has_an_empty_state(client_for, manager_a):
    response = client_for(manager_a).get(reverse("members:body-list"))
    assert "No governance bodies recorded yet." in response.content.decode()


def test_body_detail_splits_current_upcoming_and_past_seats(
    client_for, manager_a, cluster_a, board, ann
):
    make_seat(board, ann, SeatRole.CHAIR, start=LONG_AGO)
    past = make_seat(board, make_person(cluster_a, "Bo", "Old"), end=date(2021, 6, 30))
    future = make_seat(board, make_person(cluster_a, "Cy", "New"), start=TODAY + timedelta(1))

    context = client_for(manager_a).get(board.get_absolute_url()).context
    assert [s.person.first_name for s in context["current_seats"]] == ["Ann"]
    assert context["upcoming_seats"] == [future]
    assert context["past_seats"] == [past]


# Seats --------------------------------------------------------------------------------------


def test_overlapping_terms_of_the_same_person_are_refused_at_the_field(
    client_for, manager_a, board, ann
):
    make_seat(board, ann, start=date(2022, 1, 1), end=date(2024, 12, 31))
    response = client_for(manager_a).post(
        reverse("members:seat-create", args=[board.pk]), seat_form(ann, start=date(2024, 6, 1))
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "already holds a seat in this body in that period" in str(errors["term_start"])
    assert 'class="field-errors"' in response.content.decode()
    assert Seat.objects.filter(body=board).count() == 1


def test_a_new_term_after_the_old_one_ended_is_accepted(client_for, manager_a, board, ann):
    make_seat(board, ann, start=date(2022, 1, 1), end=date(2024, 12, 31))
    response = client_for(manager_a).post(
        reverse("members:seat-create", args=[board.pk]), seat_form(ann, start=date(2025, 1, 1))
    )
    assert response.status_code == 302
    assert Seat.objects.filter(body=board, person=ann).count() == 2


def test_a_body_has_one_chair_at_a_time(client_for, manager_a, cluster_a, board, ann):
    make_seat(board, ann, SeatRole.CHAIR, start=date(2022, 1, 1))
    bo = make_person(cluster_a, "Bo", "Beta")
    client = client_for(manager_a)
    response = client.post(
        reverse("members:seat-create", args=[board.pk]),
        seat_form(bo, SeatRole.CHAIR, start=date(2025, 1, 1)),
    )
    assert response.status_code == 200
    assert "already has a chair" in str(response.context["form"].errors["role"])
    assert not Seat.objects.filter(person=bo).exists()

    vice = client.post(
        reverse("members:seat-create", args=[board.pk]),
        seat_form(bo, SeatRole.VICE_CHAIR, start=date(2025, 1, 1)),
    )
    assert vice.status_code == 302


def test_a_seat_ending_before_it_starts_is_refused_at_the_field(client_for, manager_a, board, ann):
    response = client_for(manager_a).post(
        reverse("members:seat-create", args=[board.pk]),
        seat_form(ann, start=date(2025, 1, 1), end=date(2024, 1, 1)),
    )
    assert response.status_code == 200
    assert "ends before it starts" in str(response.context["form"].errors["term_end"])
    assert not Seat.objects.exists()


def test_seat_choices_are_limited_to_the_bodys_cluster(
    client_for, manager_a, cluster_a, cluster_b, board, ann
):
    outsider = make_person(cluster_b, "Boris", "Beta")
    foreign_org = OrganizationFactory(cluster=cluster_b)
    own_org = OrganizationFactory(cluster=cluster_a)
    client = client_for(manager_a)
    form = client.get(reverse("members:seat-create", args=[board.pk])).context["form"]
    assert list(form.fields["person"].queryset) == [ann]
    assert list(form.fields["organization"].queryset) == [own_org]

    response = client.post(
        reverse("members:seat-create", args=[board.pk]),
        seat_form(outsider, organization=foreign_org),
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"person", "organization"}
    assert not Seat.objects.exists()


def test_seat_edit_shows_its_history(client_for, manager_a, board, ann):
    seat = make_seat(board, ann)
    client = client_for(manager_a)
    response = client.post(
        reverse("members:seat-edit", args=[seat.pk]), seat_form(ann, SeatRole.OBSERVER)
    )
    assert response.status_code == 302
    seat.refresh_from_db()
    assert seat.role == SeatRole.OBSERVER
    page = client.get(reverse("members:seat-edit", args=[seat.pk])).content.decode()
    assert manager_a.email in page


# Meetings, attendance, decisions, action items ----------------------------------------------


def test_manager_records_a_meeting_and_its_detail_shows_it(client_for, manager_a, board):
    client = client_for(manager_a)
    response = client.post(
        reverse("members:meeting-create", args=[board.pk]),
        {
            "date": "2026-02-03",
            "title": "Budget",
            "location": "Gävle",
            "agenda": "1. Budget 2026",
            "minutes": "The budget was discussed.",
            "recording_consent": "on",
        },
    )
    meeting = Meeting.objects.get(body=board)
    assert response["Location"] == meeting.get_absolute_url()
    page = client.get(meeting.get_absolute_url()).content.decode()
    for text in ("Budget 2026", "The budget was discussed.", "everyone consented to recording"):
        assert text in page


def test_attendance_records_present_and_excused_with_seat_holders_first(
    client_for, manager_a, cluster_a, board, ann
):
    zed = make_person(cluster_a, "Zed", "Aardvark")  # sorts first by name, but holds no seat
    meeting = make_meeting(board)
    make_seat(board, ann)
    client = client_for(manager_a)
    url = reverse("members:meeting-attendance", args=[meeting.pk])
    rows = client.get(url).context["form"].rows()
    assert [person for person, _present, _excused in rows] == [ann, zed]

    response = client.post(url, {"present": [ann.pk], "excused": [zed.pk]})
    assert response.status_code == 302
    assert set(Attendance.objects.values_list("person__first_name", "present")) == {
        ("Ann", True),
        ("Zed", False),
    }
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Present (1)" in page and "Excused (1)" in page


def test_attendance_refuses_someone_present_and_excused_and_keeps_the_record(
    client_for, manager_a, board, ann
):
    meeting = make_meeting(board)
    meeting_set_attendance(meeting=meeting, present=[ann], excused=[])
    response = client_for(manager_a).post(
        reverse("members:meeting-attendance", args=[meeting.pk]),
        {"present": [ann.pk], "excused": [ann.pk]},
    )
    assert response.status_code == 200
    assert "both present and excused" in str(response.context["form"].errors["excused"])
    assert "both present and excused" in response.content.decode()
    assert list(Attendance.objects.values_list("person", "present")) == [(ann.pk, True)]


def test_decision_votes_cannot_outnumber_the_voting_seats(client_for, manager_a, board, ann):
    make_seat(board, ann)
    meeting = make_meeting(board)
    response = client_for(manager_a).post(
        reverse("members:decision-create", args=[meeting.pk]),
        {
            "text": "Adopt the plan",
            "votes_for": 3,
            "votes_against": 0,
            "abstentions": 0,
            "outcome": DecisionOutcome.ADOPTED,
        },
    )
    assert response.status_code == 200
    assert "1 voting seat that day" in str(response.context["form"].errors["votes_for"])
    assert not Decision.objects.exists()


def test_decision_with_action_items_and_history(client_for, manager_a, board, ann):
    make_seat(board, ann)
    meeting = make_meeting(board)
    client = client_for(manager_a)
    response = client.post(
        reverse("members:decision-create", args=[meeting.pk]),
        {
            "text": "Adopt the plan",
            "votes_for": 1,
            "votes_against": 0,
            "abstentions": 0,
            "outcome": DecisionOutcome.ADOPTED,
        },
    )
    decision = Decision.objects.get()
    assert response["Location"] == decision.get_absolute_url()
    response = client.post(
        reverse("members:action-item-create", args=[decision.pk]),
        {"text": "Write the budget", "owner": ann.pk, "due_on": "2026-01-31", "done_on": ""},
    )
    assert response["Location"] == decision.get_absolute_url()
    item = ActionItem.objects.get()
    response = client.post(
        reverse("members:action-item-edit", args=[item.pk]),
        {
            "text": "Write the budget",
            "owner": ann.pk,
            "due_on": "2026-01-31",
            "done_on": "2026-01-20",
        },
    )
    assert response["Location"] == decision.get_absolute_url()
    item.refresh_from_db()
    assert item.done_on == date(2026, 1, 20)
    page = client.get(decision.get_absolute_url()).content.decode()
    assert "Write the budget" in page
    assert "Ann Alpha" in page
    assert manager_a.email in page  # the decision's audit history names who recorded it
    meeting_page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Write the budget" in meeting_page
    assert "1 for, 0 against, 0 abstaining" in meeting_page


def test_an_action_item_cannot_be_done_before_the_meeting(client_for, manager_a, board, ann):
    meeting = make_meeting(board, date(2025, 11, 20))
    decision = decision_save(
        meeting=meeting, data={"text": "Plan", "outcome": DecisionOutcome.ADOPTED}
    )
    item = action_item_save(
        decision=decision, data={"text": "Budget", "owner": ann, "due_on": date(2026, 1, 31)}
    )
    response = client_for(manager_a).post(
        reverse("members:action-item-edit", args=[item.pk]),
        {"text": "Budget", "owner": ann.pk, "due_on": "2026-01-31", "done_on": "2025-01-01"},
    )
    assert response.status_code == 200
    assert "before the meeting" in str(response.context["form"].errors["done_on"])
    item.refresh_from_db()
    assert item.done_on is None


# Who may do what ----------------------------------------------------------------------------


def test_viewer_reads_governance_but_cannot_change_it_and_is_told_why(
    client_for, viewer_a, board, ann
):
    meeting = make_meeting(board)
    client = client_for(viewer_a)
    assert client.get(board.get_absolute_url()).status_code == 200
    assert client.get(meeting.get_absolute_url()).status_code == 200
    for url in (
        reverse("members:body-create"),
        reverse("members:body-edit", args=[board.pk]),
        reverse("members:seat-create", args=[board.pk]),
        reverse("members:meeting-edit", args=[meeting.pk]),
        reverse("members:meeting-attendance", args=[meeting.pk]),
        reverse("members:decision-create", args=[meeting.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "administrators and managers" in response.content.decode(), url
    response = client.post(reverse("members:seat-create", args=[board.pk]), seat_form(ann))
    assert response.status_code == 403
    assert not Seat.objects.exists()


def test_manager_of_another_cluster_gets_404_and_writes_nothing(client_for, manager_b, board, ann):
    meeting = make_meeting(board)
    client = client_for(manager_b)
    response = client.post(reverse("members:seat-create", args=[board.pk]), seat_form(ann))
    assert response.status_code == 404
    assert not Seat.objects.exists()
    response = client.post(
        reverse("members:meeting-edit", args=[meeting.pk]), {"date": "2026-01-01"}
    )
    assert response.status_code == 404
    assert client.get(reverse("members:body-list")).context["bodies"].count() == 0


def test_committee_member_sees_their_bodys_meetings_and_nothing_else_of_governance(
    client_for, committee_member, cluster_a, board
):
    committee = Body.objects.get(name="HR committee")
    own_meeting = make_meeting(committee, title="Dual education places")
    decision = decision_save(
        meeting=own_meeting, data={"text": "120 places", "outcome": DecisionOutcome.ADOPTED}
    )
    other_meeting = make_meeting(board)
    client = client_for(committee_member)

    assert client.get(own_meeting.get_absolute_url()).status_code == 200
    assert client.get(decision.get_absolute_url()).status_code == 200
    assert client.get(other_meeting.get_absolute_url()).status_code == 404
    assert client.get(board.get_absolute_url()).status_code == 404
    # Not staff: no current cluster, so no people list.
    assert client.get(reverse("members:person-list")).status_code == 404

    body_page = client.get(committee.get_absolute_url())
    assert body_page.status_code == 200
    assert "Dual education places" in body_page.content.decode()
    assert not body_page.context["show_seats"]
    assert "Galiev" not in body_page.content.decode()  # the seat list is not shown
    assert not body_page.context["show_history"]

    listed = client.get(reverse("members:body-list")).context["bodies"]
    assert [body.name for body in listed] == ["HR committee"]

    seat = Seat.objects.get(body=committee)
    assert client.get(reverse("members:seat-edit", args=[seat.pk])).status_code == 404
    edit = client.get(reverse("members:meeting-edit", args=[own_meeting.pk]))
    assert edit.status_code == 403
