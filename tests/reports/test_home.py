"""The home page of each role (reports.views.home, reports.selectors.home)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.services import api_token_create
from clusters.models import IndicatorTarget, StaffRole
from internationalization.choices import (
    ClaimStatus,
    SessionStatus,
    TimbankRequestStatus,
    TripStatus,
)
from members.choices import DecisionOutcome
from members.models import ActionItem, Decision, FeePayment
from projects.choices import EnrolmentStatus
from reports.models import ReportRun
from reports.selectors.home.coach import risks_of
from reports.selectors.home.projects import UPCOMING_LIMIT
from reports.services import report_run_compute
from tests.factories.activities import (
    CoachingSessionFactory,
    ExpenseClaimFactory,
    TimbankPoolFactory,
    TimbankRequestFactory,
    TripFactory,
    WorkshopFactory,
    WorkshopParticipationFactory,
)
from tests.factories.clusters import (
    ClusterRoleFactory,
    FunderUserFactory,
    UserFactory,
    make_programme,
)
from tests.factories.common import TODAY, utc_at
from tests.factories.members import (
    BodyFactory,
    MeetingFactory,
    OrganizationFactory,
    PersonFactory,
    SeatFactory,
)
from tests.factories.projects import (
    EnrolmentFactory,
    ProjectFactory,
    ProjectFundingFactory,
    enrolment_with_history,
)
from tests.factories.reports import ReportRunFactory

pytestmark = pytest.mark.django_db


def ago(days: int):
    return TODAY - timedelta(days=days)


def queue_of(response) -> list:
    return response.context["home"].office.queue.items


def one_of_each_kind(cluster, *, start: int = 40) -> dict:
    """One item of every kind waiting in ``cluster``, the first ``start`` days old and each next
    one a day younger, in the order of the returned dict."""
    project = ProjectFactory(cluster=cluster)
    firm = OrganizationFactory(cluster=cluster, legal_name=f"Queue Firm {cluster.slug}")
    active = EnrolmentFactory(project=project, organization=firm, status=EnrolmentStatus.ACTIVE)
    body = BodyFactory(cluster=cluster)
    meeting = MeetingFactory(body=body, date=ago(90))
    decision = Decision.objects.create(
        meeting=meeting, text="Plan", votes_for=3, outcome=DecisionOutcome.ADOPTED
    )
    owner = PersonFactory(cluster=cluster, first_name="Olle", last_name="Owner")
    day = start
    items = {}

    def next_day():
        nonlocal day
        day -= 1
        return day + 1

    items["interview"] = EnrolmentFactory(
        project=project, status=EnrolmentStatus.APPLIED, applied_on=ago(next_day())
    )
    items["decide"] = EnrolmentFactory(
        project=project,
        status=EnrolmentStatus.INTERVIEWED,
        applied_on=ago(80),
        interviewed_on=ago(next_day()),
    )
    items["timbank"] = TimbankRequestFactory(enrolment=active, requested_at=utc_at(ago(next_day())))
    items["trip"] = TripFactory(enrolment=active, requested_at=utc_at(ago(next_day())))
    approved = TripFactory(
        enrolment=active, status=TripStatus.APPROVED, requested_at=utc_at(ago(99))
    )
    items["claim"] = ExpenseClaimFactory(trip=approved, submitted_at=utc_at(ago(next_day())))
    items["session"] = CoachingSessionFactory(enrolment=active, date=ago(next_day()))
    items["fee"] = FeePayment.objects.create(
        organization=firm, year=TODAY.year, amount=Decimal("500"), due_on=ago(next_day())
    )
    items["action"] = ActionItem.objects.create(
        decision=decision, text="Write the plan", owner=owner, due_on=ago(next_day())
    )
    return items


def test_manager_queue_holds_each_kind_oldest_first_with_its_link_and_age(
    client_for, manager_a, cluster_a
):
    items = one_of_each_kind(cluster_a)
    queue = queue_of(client_for(manager_a).get(reverse("home")))
    assert [item.kind for item in queue] == list(items)
    assert [item.days_waiting for item in queue] == list(range(40, 40 - len(items), -1))
    by_kind = {item.kind: item for item in queue}
    assert by_kind["interview"].url == reverse(
        "projects:enrolment-detail", args=[items["interview"].pk]
    )
    assert by_kind["decide"].url == reverse("projects:enrolment-detail", args=[items["decide"].pk])
    assert by_kind["timbank"].url == reverse(
        "internationalization:timbank-request-detail", args=[items["timbank"].pk]
    )
    assert by_kind["trip"].url == reverse(
        "internationalization:trip-detail", args=[items["trip"].pk]
    )
    assert by_kind["claim"].url == reverse(
        "internationalization:trip-detail", args=[items["claim"].trip_id]
    )
    assert by_kind["session"].url == reverse(
        "internationalization:session-detail", args=[items["session"].pk]
    )
    assert by_kind["fee"].url == f"{reverse('members:fees')}?year={TODAY.year}&state=unpaid"
    assert by_kind["action"].url == reverse("members:action-item-edit", args=[items["action"].pk])
    assert by_kind["timbank"].who == "Queue Firm alpha"
    assert by_kind["action"].who == "Olle Owner"


def test_queue_page_shows_what_who_and_days_waiting(client_for, manager_a, cluster_a):
    one_of_each_kind(cluster_a)
    page = client_for(manager_a).get(reverse("home")).content.decode()
    assert "Decide on a trip to Hannover" in page
    assert "Queue Firm alpha" in page
    assert "waiting 37 days" in page
    assert "33 days overdue" in page  # the action item


def test_queue_items_disappear_when_done(client_for, manager_a, cluster_a):
    items = one_of_each_kind(cluster_a)
    client = client_for(manager_a)
    assert len(queue_of(client.get(reverse("home")))) == len(items)
    items["interview"].status = EnrolmentStatus.INTERVIEWED
    items["interview"].interviewed_on = TODAY
    items["interview"].save()
    items["decide"].status = EnrolmentStatus.ACCEPTED
    items["decide"].save()
    items["timbank"].status = TimbankRequestStatus.APPROVED
    items["timbank"].save()
    items["trip"].status = TripStatus.REJECTED
    items["trip"].save()
    items["claim"].status = ClaimStatus.APPROVED
    items["claim"].save()
    items["session"].confirmed_at = timezone.now()
    items["session"].status = SessionStatus.CONFIRMED
    items["session"].save()
    items["fee"].paid_on = TODAY
    items["fee"].save()
    items["action"].done_on = TODAY
    items["action"].save()
    queue = queue_of(client.get(reverse("home")))
    # The interviewed applicant now waits for a decision, since today; everything else is done.
    assert [(item.kind, item.days_waiting) for item in queue] == [("decide", 0)]


def test_action_items_show_a_week_before_they_fall_due(client_for, manager_a, cluster_a):
    items = one_of_each_kind(cluster_a)
    items["action"].due_on = TODAY + timedelta(days=3)
    items["action"].save()
    ActionItem.objects.create(
        decision=items["action"].decision,
        text="Far away",
        owner=items["action"].owner,
        due_on=TODAY + timedelta(days=30),
    )
    response = client_for(manager_a).get(reverse("home"))
    actions = [item for item in queue_of(response) if item.kind == "action"]
    assert [(item.what.endswith("Write the plan"), item.days_until_due) for item in actions] == [
        (True, 3)
    ]
    assert "due in 3 days" in response.content.decode()


def test_another_clusters_work_never_appears(
    client_for, manager_a, manager_b, cluster_a, cluster_b
):
    one_of_each_kind(cluster_b)
    response = client_for(manager_a).get(reverse("home"))
    assert queue_of(response) == []
    assert "Nothing is waiting for you" in response.content.decode()
    assert len(queue_of(client_for(manager_b).get(reverse("home")))) == 8


def test_no_role_sees_an_api_token_counter(client_for, manager_a, coach_a, firm_rep_a, funder_user):
    for user in (manager_a, coach_a, firm_rep_a, funder_user):
        api_token_create(user=user, name="script")
        page = client_for(user).get(reverse("home")).content.decode()
        main = page[page.index("<main") : page.index("</main>")]
        # The user menu links to the token page; the page itself counts no token.
        assert "API token" not in main and "token" not in main.lower()


# Running projects and what comes next ---------------------------------------------------------


def test_running_projects_show_figures_against_targets_and_the_funnel(
    client_for, manager_a, cluster_a
):
    project = ProjectFactory(cluster=cluster_a, target_firms=10, target_completed=4, name="Abroad")
    for number, path in enumerate(("completed", "active", "accepted", "rejected", "applied")):
        firm = OrganizationFactory(cluster=cluster_a, registry_id=f"556000-000{number}")
        enrolment_with_history(project, firm, path, allotted=20)
    active = project.enrolments.get(status=EnrolmentStatus.ACTIVE)
    CoachingSessionFactory(enrolment=active, hours=Decimal("6"))
    pool = TimbankPoolFactory(project=project, hours_total=Decimal("100"))
    type(pool).objects.filter(pk=pool.pk).update(hours_reserved=Decimal("30"))
    TripFactory(enrolment=active, status=TripStatus.DONE)
    TripFactory(enrolment=active)
    project.targets.create(name="Webinars", number=3)
    ProjectFactory(cluster=cluster_a, status="closed", name="Old one")
    response = client_for(manager_a).get(reverse("home"))
    (figures,) = response.context["home"].office.projects
    assert (figures.firms_involved, figures.firms_completed) == (3, 1)
    assert (figures.involved_percent, figures.completed_percent) == (30, 25)
    assert figures.coaching_hours_used == Decimal("6")
    assert figures.coaching_hours_allotted == Decimal("60")
    assert (figures.pool_total, figures.pool_left) == (Decimal("100"), Decimal("70"))
    assert (figures.trips_applied, figures.trips_approved, figures.trips_done) == (2, 1, 1)
    assert [(step.status, step.firms) for step in figures.funnel] == [
        ("applied", 5),
        ("interviewed", 4),
        ("accepted", 3),
        ("active", 2),
        ("completed", 1),
    ]
    page = response.content.decode()
    assert "3 of 10" in page and "Webinars: 3" in page and "Old one" not in page


def test_next_30_days_lists_meetings_workshops_and_interviews(client_for, manager_a, cluster_a):
    project = ProjectFactory(cluster=cluster_a)
    MeetingFactory(
        body=BodyFactory(cluster=cluster_a), date=TODAY + timedelta(days=5), title="Board"
    )
    MeetingFactory(
        body=BodyFactory(cluster=cluster_a), date=TODAY + timedelta(days=45), title="Late"
    )
    WorkshopFactory(project=project, date=TODAY + timedelta(days=2), title="Pricing")
    WorkshopFactory(project=project, date=TODAY - timedelta(days=2), title="Past")
    EnrolmentFactory(
        project=project,
        status=EnrolmentStatus.APPLIED,
        interview_at=utc_at(TODAY + timedelta(days=9), hour=10),
        organization=OrganizationFactory(cluster=cluster_a, legal_name="Interviewee AB"),
    )
    events = client_for(manager_a).get(reverse("home")).context["home"].office.upcoming
    assert [(event.kind, event.title) for event in events] == [
        ("workshop", "Pricing"),
        ("meeting", "Board"),
        ("interview", "Interview: Interviewee AB"),
    ]


def test_next_30_days_lists_the_first_events_and_points_to_the_calendar_for_the_rest(
    client_for, manager_a, cluster_a
):
    project = ProjectFactory(cluster=cluster_a)
    for day in range(1, 26):
        WorkshopFactory(project=project, date=TODAY + timedelta(days=day), title=f"Day {day}")
    MeetingFactory(body=BodyFactory(cluster=cluster_a), date=TODAY + timedelta(days=3))

    response = client_for(manager_a).get(reverse("home"))

    office = response.context["home"].office
    assert len(office.upcoming) == UPCOMING_LIMIT and office.upcoming_truncated
    assert [event.day for event in office.upcoming] == sorted(e.day for e in office.upcoming)
    assert office.upcoming[0].title == "Day 1" and office.upcoming[-1].title == "Day 19"
    assert "Only the first 20 events are shown." in response.content.decode()
    assert reverse("reports:calendar") in response.content.decode()


def test_manager_home_query_budget_is_flat(
    client_for, manager_a, cluster_a, django_assert_max_num_queries
):
    client = client_for(manager_a)
    one_of_each_kind(cluster_a)
    # session, user, the user's roles, current cluster, switcher clusters; the queue (7),
    # projects and their figures (8), the next 30 days (3); represented firms, funder link,
    # bodies with a seat; the navigation's roles. Counted with 1 and with many items.
    with django_assert_max_num_queries(30) as one:
        assert client.get(reverse("home")).status_code == 200
    for _ in range(6):
        one_of_each_kind(cluster_a, start=60)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(reverse("home")).status_code == 200


# Coach ----------------------------------------------------------------------------------------


def coached(cluster, coach, name, *, allotted="20", applied=100, **extra):
    project = extra.pop("project", None) or ProjectFactory(cluster=cluster)
    return EnrolmentFactory(
        project=project,
        organization=OrganizationFactory(cluster=cluster, legal_name=name),
        coach=coach,
        coaching_hours_allotted=Decimal(allotted),
        applied_on=ago(applied),
        decided_on=ago(applied),
        **extra,
    )


def test_coach_sees_firms_at_risk_first_and_unconfirmed_sessions(client_for, coach_a, cluster_a):
    busy = coached(cluster_a, coach_a, "Busy AB")
    CoachingSessionFactory(enrolment=busy, date=ago(3), coach=coach_a, hours=Decimal("5"))
    coached(cluster_a, coach_a, "Idle AB")  # nothing for 100 days
    coached(cluster_a, coach_a, "Gone AB", status=EnrolmentStatus.COMPLETED)
    coached(cluster_a, UserFactory(), "Someone else's AB")
    response = client_for(coach_a).get(reverse("home"))
    coach = response.context["home"].coach
    assert [(row.firm.enrolment.organization.legal_name, row.at_risk) for row in coach.firms] == [
        ("Idle AB", True),
        ("Busy AB", False),
    ]
    assert coach.firms[0].days_idle == 100 and coach.firms[1].days_idle == 3
    assert [session.enrolment.organization.legal_name for session in coach.sessions] == ["Busy AB"]
    page = response.content.decode()
    assert "no activity for 100 days" in page
    assert "Gone AB" not in page and "Someone else" not in page


def test_hours_unused_late_in_the_project_put_a_firm_at_risk(cluster_a, coach_a):
    late = ProjectFactory(cluster=cluster_a, start=ago(300), end=TODAY + timedelta(days=30))
    enrolment = coached(cluster_a, coach_a, "Late AB", project=late)
    CoachingSessionFactory(enrolment=enrolment, date=ago(5), hours=Decimal("2"))
    from internationalization.selectors import CoachedFirm, coached_enrolments

    firm = CoachedFirm(coached_enrolments(coach_a).get(pk=enrolment.pk))
    days, risks = risks_of(firm, TODAY)
    assert days == 5
    assert risks == ["2 of 20 coaching hours used late in the project"]


def test_coach_home_query_budget_is_flat(
    client_for, coach_a, cluster_a, django_assert_max_num_queries
):
    client = client_for(coach_a)
    CoachingSessionFactory(enrolment=coached(cluster_a, coach_a, "One AB"), coach=coach_a)
    # session, user, roles, clusters; coached firms (1), sessions to confirm (1); represented
    # firms, funder link, bodies with a seat; the navigation.
    with django_assert_max_num_queries(16) as one:
        assert client.get(reverse("home")).status_code == 200
    for number in range(8):
        CoachingSessionFactory(
            enrolment=coached(cluster_a, coach_a, f"Many {number}"), coach=coach_a
        )
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(reverse("home")).status_code == 200


# Firm representative -------------------------------------------------------------------------


def test_firm_representative_home_is_the_portal_with_workshops_and_request_states(
    client_for, firm_rep_a, firm_a, cluster_a
):
    project = ProjectFactory(cluster=cluster_a, name="Go abroad")
    enrolment = EnrolmentFactory(project=project, organization=firm_a)
    WorkshopParticipationFactory(
        workshop=WorkshopFactory(project=project, title="Pricing for export", date=TODAY),
        enrolment=enrolment,
    )
    TimbankRequestFactory(enrolment=enrolment, status=TimbankRequestStatus.INFO_REQUESTED)
    response = client_for(firm_rep_a).get(reverse("home"))
    assert "internationalization/portal/portal.html" in [t.name for t in response.templates]
    page = response.content.decode()
    assert "Go abroad" in page
    assert "Pricing for export" in page
    assert "More information asked" in page


def test_firm_home_query_budget_is_flat(
    client_for, firm_rep_a, firm_a, cluster_a, django_assert_max_num_queries
):
    client = client_for(firm_rep_a)
    project = ProjectFactory(cluster=cluster_a)
    enrolment = EnrolmentFactory(project=project, organization=firm_a)
    WorkshopParticipationFactory(workshop=WorkshopFactory(project=project), enrolment=enrolment)
    with django_assert_max_num_queries(40) as one:
        assert client.get(reverse("home")).status_code == 200
    for _ in range(5):
        WorkshopParticipationFactory(workshop=WorkshopFactory(project=project), enrolment=enrolment)
        TimbankRequestFactory(enrolment=enrolment)
        CoachingSessionFactory(enrolment=enrolment)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(reverse("home")).status_code == 200


# Funder ----------------------------------------------------------------------------------------


def funded_world(cluster):
    link = FunderUserFactory(user=UserFactory(email="reader@funder.example"))
    programme = make_programme(cluster, link.funder, code="ERDF-HOME", period="2021-2027")
    use = programme.indicators.select_related("indicator").order_by("indicator__code").first()
    IndicatorTarget.objects.create(
        programme_indicator=use, year=TODAY.year, milestone=2, target=None
    )
    IndicatorTarget.objects.create(programme_indicator=use, year=2029, milestone=None, target=8)
    project = ProjectFactory(cluster=cluster)
    ProjectFundingFactory(project=project, programme=programme)
    return link.user, programme, use


def test_funder_sees_indicator_achievement_from_the_latest_run(client_for, cluster_a):
    user, programme, use = funded_world(cluster_a)
    page = client_for(user).get(reverse("home"))
    (item,) = page.context["home"].funder.programmes
    assert item.run is None
    assert "No indicator report has been run" in page.content.decode()
    for as_of in ("2026-01-31", TODAY.isoformat()):
        run = ReportRunFactory(kind="indicators", programme=programme, parameters={"as_of": as_of})
        run = report_run_compute(run_id=run.pk)
    response = client_for(user).get(reverse("home"))
    (item,) = response.context["home"].funder.programmes
    assert item.run == run and item.as_of == TODAY.isoformat()
    row = next(row for row in item.indicators if row.code == use.indicator.code)
    assert (row.milestone, row.target, row.target_year) == (2, 8, 2029)
    assert row.achieved == 0 and row.percent == 0
    assert response.context["home"].funder.runs[0] == run
    assert run.get_absolute_url() in response.content.decode()


def test_funder_home_query_budget_is_flat(client_for, cluster_a, django_assert_max_num_queries):
    user, programme, _ = funded_world(cluster_a)
    client = client_for(user)
    report_run_compute(
        run_id=ReportRunFactory(
            kind="indicators", programme=programme, parameters={"as_of": "2026-01-31"}
        ).pk
    )
    with django_assert_max_num_queries(20) as one:
        assert client.get(reverse("home")).status_code == 200
    for month in range(2, 8):
        report_run_compute(
            run_id=ReportRunFactory(
                kind="indicators", programme=programme, parameters={"as_of": f"2026-0{month}-01"}
            ).pk
        )
    assert ReportRun.objects.count() == 7
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(reverse("home")).status_code == 200


# Committee member ------------------------------------------------------------------------------


def seated_user(cluster, body=None):
    user = UserFactory(email="seat@example.org")
    person = PersonFactory(cluster=cluster, user=user)
    seat = SeatFactory(
        body=body or BodyFactory(cluster=cluster, name="Board of Alpha"), person=person
    )
    return user, seat.body


def governance(body, *, decisions: int = 1):
    MeetingFactory(body=body, date=TODAY + timedelta(days=40), title="Later")
    MeetingFactory(body=body, date=TODAY + timedelta(days=10), title="Spring board")
    past = MeetingFactory(body=body, date=ago(20), title="Winter board")
    owner = PersonFactory(cluster=body.cluster)
    for number in range(decisions):
        decision = Decision.objects.create(
            meeting=past, text=f"Adopt plan {number}", votes_for=3, outcome=DecisionOutcome.ADOPTED
        )
        ActionItem.objects.create(
            decision=decision, text=f"Do {number}", owner=owner, due_on=ago(1)
        )
    ActionItem.objects.create(
        decision=decision, text="Done already", owner=owner, due_on=ago(5), done_on=ago(2)
    )


def test_committee_member_sees_next_meeting_open_actions_and_decisions(client_for, cluster_a):
    user, body = seated_user(cluster_a)
    governance(body)
    governance(BodyFactory(cluster=cluster_a, name="Not mine"))
    response = client_for(user).get(reverse("home"))
    (section,) = response.context["home"].committees
    assert section.body == body
    assert section.next_meeting.title == "Spring board"
    assert [action.text for action in section.open_actions] == ["Do 0"]
    assert [decision.text for decision in section.recent_decisions] == ["Adopt plan 0"]
    page = response.content.decode()
    assert "Board of Alpha" in page and "Not mine" not in page and "overdue" in page
    assert "You are not part of any cluster yet" not in page


def test_firm_representative_on_a_committee_sees_the_portal_and_the_committee(
    client_for, firm_rep_a, cluster_a
):
    body = BodyFactory(cluster=cluster_a, name="Board of Alpha")
    SeatFactory(body=body, person=PersonFactory(cluster=cluster_a, user=firm_rep_a))
    governance(body)
    response = client_for(firm_rep_a).get(reverse("home"))
    assert response.context["portal"].organizations[0].legal_name == "Alpha Sealing AB"
    page = response.content.decode()
    assert "Your projects" in page and "Spring board" in page


def test_manager_on_a_committee_sees_both_sections(client_for, manager_a, cluster_a):
    from members.models import Person

    body = BodyFactory(cluster=cluster_a, name="Board of Alpha")
    SeatFactory(body=body, person=PersonFactory(cluster=cluster_a, user=manager_a))
    governance(body)
    home = client_for(manager_a).get(reverse("home")).context["home"]
    assert home.office is not None
    assert [section.body for section in home.committees] == [body]
    assert Person.objects.filter(user=manager_a).count() == 1


def test_committee_home_query_budget_is_flat(client_for, cluster_a, django_assert_max_num_queries):
    user, body = seated_user(cluster_a)
    governance(body)
    client = client_for(user)
    with django_assert_max_num_queries(16) as one:
        assert client.get(reverse("home")).status_code == 200
    governance(body, decisions=10)
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(reverse("home")).status_code == 200


def test_viewer_sees_the_queue_as_the_offices_not_their_own(client_for, cluster_a):
    viewer = ClusterRoleFactory(cluster=cluster_a, role=StaffRole.VIEWER).user
    page = client_for(viewer).get(reverse("home")).content.decode()
    assert "Nothing is waiting for the cluster office." in page
    assert "Nothing is waiting for you" not in page


def test_a_closed_projects_leftovers_are_not_work(client_for, manager_a, cluster_a):
    items = one_of_each_kind(cluster_a)
    items["trip"].enrolment.project.__class__.objects.update(status="closed")
    queue = queue_of(client_for(manager_a).get(reverse("home")))
    # Fees and action items belong to the cluster, not to a project.
    assert [item.kind for item in queue] == ["fee", "action"]


def test_coach_home_leaves_closed_projects_out(client_for, coach_a, cluster_a):
    closed = ProjectFactory(cluster=cluster_a, status="closed")
    enrolment = coached(cluster_a, coach_a, "Old AB", project=closed)
    CoachingSessionFactory(enrolment=enrolment, coach=coach_a)
    coach = client_for(coach_a).get(reverse("home")).context["home"].coach
    assert (coach.firms, coach.sessions) == ([], [])


def test_a_superuser_without_a_current_cluster_is_asked_to_choose_one(client_for):
    # No cluster exists yet, so the middleware has none to choose.
    admin = UserFactory(is_superuser=True, is_staff=True)
    page = client_for(admin).get(reverse("home")).content.decode()
    assert "Choose a cluster in the switcher" in page
    assert "You are not part of any cluster yet" not in page


def test_a_superuser_sees_the_office_home_of_the_current_cluster(client_for, cluster_a):
    admin = UserFactory(is_superuser=True, is_staff=True)
    home = client_for(admin).get(reverse("home")).context["home"]
    assert home.office is not None and home.office.can_act


def test_a_session_the_firm_logged_waits_on_the_coachs_home_and_in_the_queue_to_confirm(
    client_for, manager_a, coach_a, cluster_a
):
    from internationalization.choices import SessionSide

    project = ProjectFactory(cluster=cluster_a)
    active = EnrolmentFactory(project=project, status=EnrolmentStatus.ACTIVE, coach=coach_a)
    session = CoachingSessionFactory(
        enrolment=active,
        coach=coach_a,
        date=ago(2),
        topic="Pricing for Norway",
        logged_by_side=SessionSide.FIRM,
    )
    coach_page = client_for(coach_a).get("/").content.decode()
    assert "Pricing for Norway" in coach_page
    assert "logged by the firm: confirm it" in coach_page
    (item,) = [item for item in queue_of(client_for(manager_a).get("/")) if item.kind == "session"]
    assert item.what == "Coaching session the firm logged, to confirm: Pricing for Norway"
    assert item.url == reverse("internationalization:session-detail", args=[session.pk])


def test_overdue_fees_of_one_invoicing_run_are_one_item_of_the_queue(
    client_for, manager_a, cluster_a
):
    due = ago(30)
    for name, amount in (("Alfa AB", "2200"), ("Beta AB", "5500"), ("Gamma AB", "2200")):
        firm = OrganizationFactory(cluster=cluster_a, legal_name=name)
        FeePayment.objects.create(
            organization=firm, year=TODAY.year, amount=Decimal(amount), currency="SEK", due_on=due
        )
    lone = OrganizationFactory(cluster=cluster_a, legal_name="Late Joiner AB")
    FeePayment.objects.create(
        organization=lone, year=TODAY.year, amount=Decimal("1000"), currency="SEK", due_on=ago(10)
    )
    fees = [i for i in queue_of(client_for(manager_a).get(reverse("home"))) if i.kind == "fee"]
    assert [(item.what, item.who, item.since) for item in fees] == [
        (
            f"3 membership fees of {TODAY.year} overdue: 9900.00 SEK in all",
            "Alfa AB and 2 more",
            due,
        ),
        (f"Membership fee {TODAY.year} overdue: 1000.00 SEK", "Late Joiner AB", ago(10)),
    ]


def _coaching_hours_on_home(client) -> Decimal:
    (figures,) = client.get(reverse("home")).context["home"].office.projects
    return figures.coaching_hours_used


def test_home_figures_are_cached_yet_a_new_session_shows_on_the_next_visit(
    client_for, manager_a, cluster_a
):
    project = ProjectFactory(cluster=cluster_a)
    firm = OrganizationFactory(cluster=cluster_a)
    active = enrolment_with_history(project, firm, "active", allotted=20)
    CoachingSessionFactory(enrolment=active, hours=Decimal("2"))
    client = client_for(manager_a)
    assert _coaching_hours_on_home(client) == Decimal("2")

    CoachingSessionFactory(enrolment=active, hours=Decimal("3"))
    assert _coaching_hours_on_home(client) == Decimal("5")

    session = active.coaching_sessions.order_by("pk").first()
    session.delete()
    assert _coaching_hours_on_home(client) == Decimal("3")


def test_a_cached_home_page_does_not_read_the_activity_tables_again(
    client_for, manager_a, cluster_a
):
    project = ProjectFactory(cluster=cluster_a)
    active = enrolment_with_history(project, OrganizationFactory(cluster=cluster_a), "active")
    CoachingSessionFactory(enrolment=active, hours=Decimal("2"))
    client = client_for(manager_a)
    client.get(reverse("home"))

    with CaptureQueriesContext(connection) as second_visit:
        client.get(reverse("home"))

    sums = [q["sql"] for q in second_visit.captured_queries if "SUM(" in q["sql"].upper()]
    assert not any("coachingsession" in sql for sql in sums)


def test_with_the_read_cache_down_the_home_page_still_counts(
    client_for, manager_a, cluster_a, settings
):
    settings.CACHES = {
        **settings.CACHES,
        "reads": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.2},
        },
    }
    project = ProjectFactory(cluster=cluster_a)
    active = enrolment_with_history(project, OrganizationFactory(cluster=cluster_a), "active")
    CoachingSessionFactory(enrolment=active, hours=Decimal("4"))

    assert _coaching_hours_on_home(client_for(manager_a)) == Decimal("4")
