"""The calendar (reports.selectors.calendar, reports.views.calendar): meetings, workshops,
interviews and trips, each for those who may see it, per cluster, project and person; the
month grid and the list.

The world (tests/access/world.py) has, in cluster A: the board's meeting on 2026-01-15, the
project's workshop on 2026-03-10 (the firm invited), the firm's interview held on 2026-02-10
and its trip of 2026-06-01 to 06-04. The tests add the rival's scheduled interview, a meeting
of the HR committee and the same four kinds in cluster B.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from clusters.models import StaffRole
from internationalization.services.trips import trip_apply
from internationalization.services.workshops import workshop_save
from members.services import body_save, meeting_save
from projects.services import enrolment_schedule_interview
from reports.selectors.calendar import CalendarScope, calendar_events, month_grid
from tests.factories.activities import TripFactory, WorkshopFactory
from tests.factories.clusters import ClusterRoleFactory, UserFactory
from tests.factories.members import BodyFactory, MeetingFactory
from tests.factories.projects import EnrolmentFactory, ProjectFactory

YEAR_2026 = {"start": date(2026, 1, 1), "end": date(2026, 12, 31)}


@pytest.fixture
def calendar_world(world):
    """The world with the rival's interview scheduled, a meeting of the HR committee, and a
    meeting, workshop, interview and trip of cluster B."""
    manager = world["manager_a"]
    world["rival_interview"] = enrolment_schedule_interview(
        enrolment=world["other_enrolment"], at=datetime(2026, 2, 20, 9, tzinfo=UTC), actor=manager
    )
    world["committee_meeting"] = meeting_save(
        body=world["other_committee"], data={"date": date(2026, 4, 2), "title": "Hiring plan"}
    )
    add_cluster_b_events(world)
    return world


def add_cluster_b_events(world: dict) -> None:
    cluster_b = world["cluster_b"]
    body = body_save(cluster=cluster_b, data={"name": "Beta board", "kind": "board"})
    project = ProjectFactory(cluster=cluster_b, slug="beta-abroad")
    enrolment = EnrolmentFactory(
        project=project, status="applied", interview_at=datetime(2026, 3, 3, 9, tzinfo=UTC)
    )
    world.update(
        b_meeting=meeting_save(body=body, data={"date": date(2026, 1, 16), "title": "Beta"}),
        b_workshop=workshop_save(
            project=project, data={"title": "Beta workshop", "date": date(2026, 3, 11)}
        ),
        b_interview=enrolment,
        b_trip=TripFactory(enrolment=EnrolmentFactory(project=project), status="approved"),
    )


def uids(events) -> set[str]:
    return {event.uid for event in events}


def uid_of(world: dict, kind: str, key: str) -> str:
    return f"{kind}-{world[key].pk}"


CLUSTER_A_EVENTS = {
    ("meeting", "meeting"),
    ("meeting", "committee_meeting"),
    ("workshop", "workshop"),
    ("interview", "enrolment"),
    ("interview", "rival_interview"),
    ("trip", "trip"),
}

# Who sees what of cluster A, by each model's visible_to.
SEES = {
    "manager_a": CLUSTER_A_EVENTS,
    "viewer_a": CLUSTER_A_EVENTS,
    "coach": {("workshop", "workshop"), ("interview", "enrolment"), ("trip", "trip")},
    "other_coach": set(),
    "firm_rep": {("workshop", "workshop"), ("interview", "enrolment"), ("trip", "trip")},
    "other_firm_rep": {("workshop", "workshop"), ("interview", "rival_interview")},
    "committee_member": {("meeting", "committee_meeting")},
    "funder_user": {("workshop", "workshop")},
    "other_funder_user": set(),
    "manager_b": {
        ("meeting", "b_meeting"),
        ("workshop", "b_workshop"),
        ("interview", "b_interview"),
        ("trip", "b_trip"),
    },
}

# Who takes part in what: "my calendar".
TAKES_PART = {
    "manager_a": CLUSTER_A_EVENTS,
    "viewer_a": set(),
    "coach": {("workshop", "workshop"), ("interview", "enrolment")},
    "firm_rep": {("workshop", "workshop"), ("interview", "enrolment"), ("trip", "trip")},
    "other_firm_rep": {("interview", "rival_interview")},
    "committee_member": {("meeting", "committee_meeting")},
    "funder_user": set(),
}


@pytest.mark.django_db
@pytest.mark.parametrize("user_key", sorted(SEES))
def test_each_event_appears_for_those_who_may_see_it_and_for_no_one_else(calendar_world, user_key):
    world = calendar_world
    events = calendar_events(world[user_key], scope=CalendarScope(), **YEAR_2026)
    assert uids(events) == {uid_of(world, kind, key) for kind, key in SEES[user_key]}


@pytest.mark.django_db
@pytest.mark.parametrize("user_key", sorted(TAKES_PART))
def test_my_calendar_holds_the_events_the_user_takes_part_in(calendar_world, user_key):
    world = calendar_world
    events = calendar_events(world[user_key], scope=CalendarScope(personal=True), **YEAR_2026)
    assert uids(events) == {uid_of(world, kind, key) for kind, key in TAKES_PART[user_key]}


@pytest.mark.django_db
def test_the_cluster_calendar_never_shows_another_clusters_events(calendar_world):
    world = calendar_world
    both = UserFactory(email="both@example.org")
    for cluster in (world["cluster_a"], world["cluster_b"]):
        ClusterRoleFactory(cluster=cluster, user=both, role=StaffRole.MANAGER)
    in_a = calendar_events(both, scope=CalendarScope(cluster=world["cluster_a"]), **YEAR_2026)
    in_b = calendar_events(both, scope=CalendarScope(cluster=world["cluster_b"]), **YEAR_2026)
    assert uids(in_a) == {uid_of(world, kind, key) for kind, key in CLUSTER_A_EVENTS}
    assert uids(in_b) == {uid_of(world, kind, key) for kind, key in SEES["manager_b"]}


@pytest.mark.django_db
def test_the_project_calendar_holds_the_projects_workshops_interviews_and_trips(calendar_world):
    world = calendar_world
    WorkshopFactory(project=ProjectFactory(cluster=world["cluster_a"]), date=date(2026, 3, 1))
    scope = CalendarScope(project=world["project"])
    events = calendar_events(world["manager_a"], scope=scope, **YEAR_2026)
    assert uids(events) == {
        uid_of(world, kind, key)
        for kind, key in CLUSTER_A_EVENTS
        if kind != "meeting"  # governance is the cluster's, not a project's
    }


@pytest.mark.django_db
def test_a_rejected_trip_is_not_on_the_calendar(world):
    rejected = TripFactory(enrolment=world["enrolment"], status="rejected")
    events = calendar_events(world["manager_a"], scope=CalendarScope(), **YEAR_2026)
    assert f"trip-{rejected.pk}" not in uids(events)


@pytest.mark.django_db
def test_events_come_in_date_order_with_a_scheduled_interview_at_its_hour(calendar_world):
    world = calendar_world
    events = calendar_events(world["manager_a"], scope=CalendarScope(), **YEAR_2026)
    assert [event.start for event in events] == sorted(event.start for event in events)
    interview = next(
        event for event in events if event.uid == uid_of(world, "interview", "rival_interview")
    )
    assert interview.starts_at == datetime(2026, 2, 20, 9, tzinfo=UTC)
    assert interview.url == world["other_enrolment"].get_absolute_url()


# The month grid -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_month_grid_is_weeks_from_monday_with_the_months_events_on_their_days(world):
    weeks = month_grid(
        world["manager_a"], year=2026, month=6, scope=CalendarScope(), today=date(2026, 6, 2)
    )
    days = [cell for week in weeks for cell in week]
    assert all(len(week) == 7 for week in weeks)
    assert days[0].day == date(2026, 6, 1)  # a Monday
    assert days[-1].day == date(2026, 7, 5)
    trip_days = [cell.day for cell in days if any(e.kind == "trip" for e in cell.events)]
    assert trip_days == [date(2026, 6, d) for d in (1, 2, 3, 4)]
    assert [cell.day for cell in days if cell.is_today] == [date(2026, 6, 2)]
    assert not days[-1].in_month


@pytest.mark.django_db
def test_the_month_page_links_each_event_and_the_months_around_it(client_for, world):
    response = client_for(world["manager_a"]).get(reverse("reports:calendar"), {"month": "2026-06"})
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        'href="{}"'.format(reverse("internationalization:trip-detail", args=[world["trip"].pk]))
        in html
    )
    assert "month=2026-05" in html and "month=2026-07" in html


@pytest.mark.django_db
def test_the_month_page_opens_on_this_month_with_today_marked(client_for, world):
    response = client_for(world["manager_a"]).get(reverse("reports:calendar"))
    html = response.content.decode()
    assert 'aria-current="date"' in html
    assert timezone.localdate().strftime("%Y") in html


@pytest.mark.django_db
def test_the_month_page_of_a_malformed_month_shows_this_month(client_for, world):
    response = client_for(world["manager_a"]).get(reverse("reports:calendar"), {"month": "june"})
    assert response.status_code == 200
    assert response.context["month"] == timezone.localdate().replace(day=1)


@pytest.mark.django_db
def test_the_project_calendar_of_a_project_one_may_not_see_is_404(client_for, world):
    url = reverse("reports:calendar")
    response = client_for(world["manager_b"]).get(url, {"project": world["project"].slug})
    assert response.status_code == 404


@pytest.mark.django_db
def test_the_project_calendar_shows_only_that_project(client_for, world):
    other = WorkshopFactory(
        project=ProjectFactory(cluster=world["cluster_a"]), date=date(2026, 3, 12)
    )
    client = client_for(world["manager_a"])
    response = client.get(
        reverse("reports:calendar"), {"project": world["project"].slug, "month": "2026-03"}
    )
    html = response.content.decode()
    assert world["workshop"].title in html
    assert other.title not in html
    assert f"project={world['project'].slug}" in html  # the month links keep the project


@pytest.mark.django_db
def test_my_calendar_page_shows_the_firms_own_events(client_for, world):
    response = client_for(world["firm_rep"]).get(
        reverse("reports:calendar-mine-list"), {"start": "2026-01-01"}
    )
    html = response.content.decode()
    assert world["workshop"].title in html
    assert "Nuremberg" in html


# The list -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_list_starts_today_by_default(client_for, world):
    today = timezone.localdate()
    past = WorkshopFactory(project=world["project"], title="Past", date=today - timedelta(days=1))
    coming = WorkshopFactory(project=world["project"], title="Coming", date=today)
    response = client_for(world["manager_a"]).get(reverse("reports:calendar-list"))
    shown = [event.uid for event in response.context["events"]]
    assert f"workshop-{coming.pk}" in shown
    assert f"workshop-{past.pk}" not in shown


@pytest.mark.django_db
def test_the_list_keeps_to_the_date_range(client_for, world):
    response = client_for(world["manager_a"]).get(
        reverse("reports:calendar-list"), {"start": "2026-03-01", "end": "2026-03-31"}
    )
    assert [event.uid for event in response.context["events"]] == [
        f"workshop-{world['workshop'].pk}"
    ]


@pytest.mark.django_db
def test_a_range_that_ends_before_it_starts_is_refused_at_the_field(client_for, world):
    response = client_for(world["manager_a"]).get(
        reverse("reports:calendar-list"), {"start": "2026-03-31", "end": "2026-03-01"}
    )
    assert response.context["form"].errors["end"]
    assert "The end comes before the start." in response.content.decode()


@pytest.mark.django_db
def test_the_list_is_paginated(client_for, world):
    for day in range(30):
        WorkshopFactory(project=world["project"], date=date(2026, 8, 1) + timedelta(days=day))
    client = client_for(world["manager_a"])
    params = {"start": "2026-08-01", "end": "2026-08-31"}
    first = client.get(reverse("reports:calendar-list"), params)
    second = client.get(reverse("reports:calendar-list"), {**params, "page": 2})
    assert len(first.context["events"]) == 25
    assert len(second.context["events"]) == 5
    assert "page=2" in first.content.decode()


# Query budgets ------------------------------------------------------------------------------


def queries_of(client, url: str, params: dict) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params).status_code == 200
    return len(captured)


def add_events(world: dict, count: int) -> None:
    for number in range(count):
        day = date(2026, 5, 1) + timedelta(days=number % 28)
        WorkshopFactory(project=world["project"], date=day)
        MeetingFactory(body=world["body"], date=day)
        trip_apply(
            enrolment=world["enrolment"],
            country="DE",
            city=f"City {number}",
            event="",
            start=day,
            end=day,
            purpose="fair",
            budget_requested=0,
            actor=world["manager_a"],
        )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("reports:calendar", {"month": "2026-05"}),
        ("reports:calendar-list", {"start": "2026-05-01", "end": "2026-05-31"}),
        ("reports:calendar-mine", {"month": "2026-05"}),
    ],
)
def test_calendar_pages_query_budget_is_flat_in_the_number_of_events(
    client_for, world, name, params, django_assert_max_num_queries
):
    client = client_for(world["manager_a"])
    add_events(world, 2)
    few = queries_of(client, reverse(name), params)
    add_events(world, 20)
    # The session, the user, the roles, the current cluster and navigation, then one query
    # per kind of event (meetings, workshops, interviews, trips).
    with django_assert_max_num_queries(12):
        many = queries_of(client, reverse(name), params)
    assert many == few


@pytest.mark.django_db
def test_every_role_finds_the_calendar_in_the_navigation(client_for, world):
    link = f'href="{reverse("reports:calendar")}"'
    for key in ("manager_a", "coach", "firm_rep", "funder_user", "committee_member"):
        assert link in client_for(world[key]).get(reverse("home")).content.decode(), key


@pytest.mark.django_db
def test_another_clusters_body_is_not_in_the_cluster_calendar_page(client_for, world):
    BodyFactory(cluster=world["cluster_b"], name="Hidden board")
    MeetingFactory(
        body=BodyFactory(cluster=world["cluster_b"]), date=date(2026, 1, 15), title="Secret"
    )
    response = client_for(world["manager_a"]).get(reverse("reports:calendar"), {"month": "2026-01"})
    assert "Secret" not in response.content.decode()
    assert world["meeting"].get_absolute_url() in response.content.decode()
