"""Query budgets of the governance pages: a body list, a body, a meeting and a decision of a
busy cluster cost a fixed number of queries, listed in each test's comment."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from members.choices import DecisionOutcome, SeatRole
from members.models import Body, Decision, Meeting
from members.services import action_item_save, decision_save, meeting_set_attendance
from tests.factories.members import (
    BodyFactory,
    MeetingFactory,
    OrganizationFactory,
    PersonFactory,
    SeatFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy_cluster(cluster_a):
    """Three bodies with seats, meetings, attendance, decisions and action items."""
    people = [
        PersonFactory(cluster=cluster_a, first_name=f"P{n}", last_name=f"Person{n}")
        for n in range(6)
    ]
    organization = OrganizationFactory(cluster=cluster_a)
    for number in range(3):
        body = BodyFactory(cluster=cluster_a, name=f"Body {number}")
        for index, person in enumerate(people):
            role = SeatRole.CHAIR if index == 0 else SeatRole.MEMBER
            SeatFactory(body=body, person=person, role=role, organization=organization)
        for month in (1, 2, 3):
            meeting = MeetingFactory(body=body, date=date(2025, month, 10))
            meeting_set_attendance(meeting=meeting, present=people[:4], excused=people[4:])
            for text in ("First", "Second"):
                decision = decision_save(
                    meeting=meeting,
                    data={"text": text, "votes_for": 4, "outcome": DecisionOutcome.ADOPTED},
                )
                for owner in people[:2]:
                    action_item_save(
                        decision=decision,
                        data={"text": "Do it", "owner": owner, "due_on": date(2025, 6, 1)},
                    )
    return Body.objects.filter(cluster=cluster_a).order_by("name")


def test_body_list_query_budget(client_for, manager_a, busy_cluster, django_assert_max_num_queries):
    client = client_for(manager_a)
    # session, user, current cluster, paginator count, the page of bodies (next meeting and
    # seat count are subqueries), the user's staff roles, the switcher's clusters.
    with django_assert_max_num_queries(7):
        response = client.get(reverse("members:body-list"))
    assert len(response.context["bodies"]) == 3


def test_body_detail_query_budget(
    client_for, manager_a, busy_cluster, django_assert_max_num_queries
):
    url = busy_cluster[0].get_absolute_url()
    client = client_for(manager_a)
    # session, user, the body with its cluster, the user's staff roles, seats with person and
    # organization, meetings with their decision count, history, current cluster, switcher.
    with django_assert_max_num_queries(9):
        response = client.get(url)
    assert len(response.context["current_seats"]) == 6


def test_meeting_detail_query_budget(
    client_for, manager_a, busy_cluster, django_assert_max_num_queries
):
    meeting = Meeting.objects.filter(body=busy_cluster[0]).first()
    client = client_for(manager_a)
    # session, user, the meeting with body and cluster, the user's staff roles, attendance with
    # people, decisions, their action items with owners, current cluster, switcher.
    with django_assert_max_num_queries(9):
        response = client.get(meeting.get_absolute_url())
    assert len(response.context["present"]) == 4
    assert len(response.context["decisions"]) == 2


def test_decision_detail_query_budget(
    client_for, manager_a, busy_cluster, django_assert_max_num_queries
):
    decision = Decision.objects.filter(meeting__body=busy_cluster[0]).first()
    client = client_for(manager_a)
    # session, user, the decision with meeting, body and cluster, the user's staff roles,
    # action items with owners, history, current cluster, switcher.
    with django_assert_max_num_queries(8):
        response = client.get(decision.get_absolute_url())
    assert len(response.context["action_items"]) == 2
