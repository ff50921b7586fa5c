"""Business coaching: sessions in quarter hours within the allotment and the project's window,
logged by the coach or a manager, confirmed once by the firm; the allotment changed by managers
and audited. Pages, API and the rules behind them.
"""

from __future__ import annotations

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connections
from django.urls import reverse

from internationalization.models import CoachingSession
from internationalization.services.coaching import (
    coaching_allotment_change,
    coaching_session_confirm,
)
from projects.choices import EnrolmentStatus
from tests.concurrency import require_postgresql
from tests.factories.activities import log_session
from tests.factories.clusters import UserFactory
from tests.factories.common import RUNNING_END, RUNNING_START, TODAY
from tests.factories.members import firm_with_rep
from tests.factories.projects import enrolment_through_intake, running_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(cluster_a):
    return running_project(cluster_a)


@pytest.fixture
def enrolment(project, firm_a, firm_rep_a, manager_a, coach_a):
    """firm_a, active in the project, coached by coach_a, 20 hours allotted."""
    return enrolment_through_intake(project, firm_a, manager=manager_a, coach=coach_a)


@pytest.fixture
def other_firm(cluster_a):
    return firm_with_rep(cluster_a, "Beta Distillery AB", "rep.beta@example.org")


@pytest.fixture
def other_enrolment(project, other_firm, manager_a, coach_a):
    return enrolment_through_intake(project, other_firm[0], manager=manager_a, coach=coach_a)


def session_form(hours="1.5", day=None, topic="Market choice") -> dict:
    return {
        "date": (day or TODAY - timedelta(days=3)).isoformat(),
        "hours": hours,
        "topic": topic,
        "notes": "",
    }


# The service --------------------------------------------------------------------------------


def test_coach_logs_a_session_in_quarter_hours(enrolment, coach_a):
    session = log_session(enrolment, coach_a, "1.75")
    assert session.coach == coach_a
    assert session.hours == Decimal("1.75")
    assert session.confirmed_at is None


@pytest.mark.parametrize("hours", ["0", "-1", "-0.25", "0.3", "0.1", "1.10"])
def test_hours_that_are_zero_negative_or_not_quarter_hours_are_refused(enrolment, coach_a, hours):
    with pytest.raises(ValidationError) as error:
        log_session(enrolment, coach_a, hours)
    assert "hours" in error.value.message_dict
    assert not CoachingSession.objects.exists()


def test_sessions_never_pass_the_allotment_and_the_message_says_what_is_left(
    enrolment, coach_a, manager_a
):
    coaching_allotment_change(enrolment=enrolment, hours=Decimal("2"), actor=manager_a)
    log_session(enrolment, coach_a, "1.5")
    with pytest.raises(ValidationError) as error:
        log_session(enrolment, coach_a, "0.75")
    message = error.value.message_dict["hours"][0]
    assert "Only 0.50 of the 2.00 coaching hours are left" in message
    assert CoachingSession.objects.count() == 1
    log_session(enrolment, coach_a, "0.5")  # exactly up to the allotment is fine
    assert CoachingSession.objects.count() == 2


@pytest.mark.parametrize(
    "day", [RUNNING_START - timedelta(days=1), RUNNING_END + timedelta(days=1)]
)
def test_a_date_outside_the_project_activities_is_refused(enrolment, coach_a, day):
    with pytest.raises(ValidationError) as error:
        log_session(enrolment, coach_a, day=day)
    assert "within the project's activities" in error.value.message_dict["date"][0]
    assert not CoachingSession.objects.exists()


@pytest.mark.parametrize("status", [EnrolmentStatus.APPLIED, EnrolmentStatus.DROPPED])
def test_a_session_for_a_firm_that_is_not_enrolled_is_refused(
    project, firm_a, manager_a, coach_a, status
):
    enrolment = enrolment_through_intake(
        project, firm_a, manager=manager_a, coach=coach_a, status=status
    )
    with pytest.raises(ValidationError) as error:
        log_session(enrolment, manager_a)
    assert "is not enrolled" in error.value.message_dict["enrolment"][0]
    assert not CoachingSession.objects.exists()


def test_an_accepted_firm_may_already_be_coached(project, firm_a, manager_a, coach_a):
    enrolment = enrolment_through_intake(
        project, firm_a, manager=manager_a, coach=coach_a, status=EnrolmentStatus.ACCEPTED
    )
    assert log_session(enrolment, coach_a).pk


def test_a_manager_may_log_for_the_coach_but_not_a_viewer_or_another_coach(
    enrolment, manager_a, viewer_a, cluster_a
):
    assert log_session(enrolment, manager_a).coach == manager_a
    other_coach = UserFactory(email="other.coach@example.org")
    for user in (viewer_a, other_coach):
        with pytest.raises(PermissionDenied):
            log_session(enrolment, user)
    assert CoachingSession.objects.count() == 1


def test_the_firm_confirms_its_session_once(enrolment, coach_a, firm_rep_a):
    session = log_session(enrolment, coach_a)
    confirmed = coaching_session_confirm(session=session, user=firm_rep_a)
    assert confirmed.confirmed_by == firm_rep_a
    assert confirmed.confirmed_at is not None
    with pytest.raises(ValidationError) as error:
        coaching_session_confirm(session=session, user=firm_rep_a)
    assert "already confirmed" in error.value.message_dict["session"][0]


def test_only_the_firms_own_representative_confirms(
    enrolment, coach_a, other_firm, other_enrolment, manager_a
):
    session = log_session(enrolment, coach_a)
    for user in (other_firm[1], coach_a, manager_a):
        with pytest.raises(PermissionDenied):
            coaching_session_confirm(session=session, user=user)
    assert CoachingSession.objects.get().confirmed_at is None


def test_allotment_change_is_audited_and_never_below_the_hours_used(enrolment, coach_a, manager_a):
    log_session(enrolment, coach_a, "3")
    with pytest.raises(ValidationError) as error:
        coaching_allotment_change(enrolment=enrolment, hours=Decimal("2.75"), actor=manager_a)
    assert "3.00 hours of coaching were already logged" in error.value.message_dict["hours"][0]
    coaching_allotment_change(enrolment=enrolment, hours=Decimal("3"), actor=manager_a)
    enrolment.refresh_from_db()
    assert enrolment.coaching_hours_allotted == Decimal("3")
    latest = enrolment.history.order_by("-history_date").first()
    assert latest.history_user == manager_a
    assert latest.coaching_hours_allotted == Decimal("3")


def test_only_managers_change_the_allotment(enrolment, coach_a, viewer_a):
    for user in (coach_a, viewer_a):
        with pytest.raises(PermissionDenied):
            coaching_allotment_change(enrolment=enrolment, hours=Decimal("30"), actor=user)
    enrolment.refresh_from_db()
    assert enrolment.coaching_hours_allotted == Decimal("20")


def test_allotment_in_quarter_hours(enrolment, manager_a):
    with pytest.raises(ValidationError) as error:
        coaching_allotment_change(enrolment=enrolment, hours=Decimal("10.1"), actor=manager_a)
    assert "quarter hour" in error.value.message_dict["hours"][0]


@pytest.mark.django_db(transaction=True)
def test_two_sessions_logged_at_once_never_pass_the_allotment(
    cluster_a, firm_a, manager_a, coach_a
):
    """Two threads released together each log 1.5 of 2 hours: the enrolment row is locked, so
    the second sees 0.5 hours left and is refused. Needs PostgreSQL row locks (CI runs it)."""
    require_postgresql()
    enrolment = enrolment_through_intake(
        running_project(cluster_a), firm_a, manager=manager_a, coach=coach_a
    )
    coaching_allotment_change(enrolment=enrolment, hours=Decimal("2"), actor=manager_a)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def log_in_parallel() -> None:
        try:
            barrier.wait(timeout=10)
            log_session(enrolment, coach_a, "1.5")
            outcomes.append("logged")
        except ValidationError as error:
            outcomes.append(f"refused: {error.message_dict['hours'][0]}")
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            outcomes.append(f"error: {error!r}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=log_in_parallel) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    outcomes.sort()
    assert outcomes[0] == "logged", outcomes
    assert outcomes[1].startswith("refused: Only 0.50 of the 2.00 coaching hours"), outcomes
    assert CoachingSession.objects.count() == 1


# Pages --------------------------------------------------------------------------------------


def test_session_form_shows_the_hours_left(client_for, coach_a, enrolment):
    log_session(enrolment, coach_a, "4.5")
    url = reverse("internationalization:session-create", args=[enrolment.pk])
    response = client_for(coach_a).get(url)
    assert response.status_code == 200
    assert (
        "15.50 of the 20.00 hours allotted are left"
        in response.context["form"].fields["hours"].help_text
    )
    assert "15.50 of the 20.00 coaching hours allotted are left" in response.content.decode()


def test_coach_logs_a_session_through_the_form(client_for, coach_a, enrolment):
    url = reverse("internationalization:session-create", args=[enrolment.pk])
    response = client_for(coach_a).post(url, session_form("1.5"))
    assert response.status_code == 302
    assert response["Location"] == reverse("internationalization:session-list", args=[enrolment.pk])
    assert CoachingSession.objects.get().hours == Decimal("1.5")


@pytest.mark.parametrize(
    ("hours", "message"),
    [
        ("0.3", "steps of a quarter hour"),
        ("0", "more than zero"),
        ("-2", "more than zero"),
        ("20.25", "Only 20.00 of the 20.00 coaching hours are left"),
    ],
)
def test_form_refuses_bad_hours_at_the_hours_field(client_for, coach_a, enrolment, hours, message):
    url = reverse("internationalization:session-create", args=[enrolment.pk])
    response = client_for(coach_a).post(url, session_form(hours))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["hours"])
    assert not CoachingSession.objects.exists()


def test_form_refuses_a_date_outside_the_window_at_the_date_field(client_for, coach_a, enrolment):
    url = reverse("internationalization:session-create", args=[enrolment.pk])
    response = client_for(coach_a).post(url, session_form(day=RUNNING_END + timedelta(days=3)))
    assert "within the project's activities" in " ".join(response.context["form"].errors["date"])
    assert not CoachingSession.objects.exists()


def test_form_for_a_dropped_firm_says_it_is_not_enrolled(
    client_for, project, firm_a, manager_a, coach_a
):
    enrolment = enrolment_through_intake(
        project, firm_a, manager=manager_a, coach=coach_a, status=EnrolmentStatus.DROPPED
    )
    url = reverse("internationalization:session-create", args=[enrolment.pk])
    response = client_for(coach_a).post(url, session_form())
    assert "is not enrolled" in " ".join(response.context["form"].non_field_errors())
    assert not CoachingSession.objects.exists()


def test_viewer_may_not_log_a_session(client_for, viewer_a, enrolment):
    # The firm logs its own sessions since issue 10 (tests/internationalization/
    # test_firm_logged_sessions.py); the office's viewer still only reads.
    url = reverse("internationalization:session-create", args=[enrolment.pk])
    assert client_for(viewer_a).get(url).status_code == 403
    assert client_for(viewer_a).post(url, session_form()).status_code == 403
    assert not CoachingSession.objects.exists()


def test_a_coach_does_not_reach_another_coachs_firm(client_for, enrolment):
    stranger = UserFactory(email="stranger.coach@example.org")
    url = reverse("internationalization:session-list", args=[enrolment.pk])
    assert client_for(stranger).get(url).status_code == 404


def test_firm_confirms_from_the_session_list_and_returns_to_next(
    client_for, firm_rep_a, coach_a, enrolment
):
    session = log_session(enrolment, coach_a)
    client = client_for(firm_rep_a)
    page = client.get(reverse("internationalization:session-list", args=[enrolment.pk]))
    confirm_url = reverse("internationalization:session-confirm", args=[session.pk])
    assert confirm_url in page.content.decode()
    response = client.post(confirm_url, {"next": "/activities/portal/"})
    assert response.status_code == 302
    assert response["Location"] == "/activities/portal/"
    session.refresh_from_db()
    assert session.confirmed_by == firm_rep_a

    again = client.post(confirm_url, follow=True)
    assert "already confirmed" in again.content.decode()


def test_confirm_ignores_a_next_address_on_another_site(client_for, firm_rep_a, coach_a, enrolment):
    session = log_session(enrolment, coach_a)
    url = reverse("internationalization:session-confirm", args=[session.pk])
    response = client_for(firm_rep_a).post(url, {"next": "https://evil.example.com/"})
    assert response["Location"] == reverse("internationalization:session-list", args=[enrolment.pk])


def test_another_firm_cannot_confirm_or_see_the_session(
    client_for, coach_a, enrolment, other_firm, other_enrolment
):
    session = log_session(enrolment, coach_a)
    url = reverse("internationalization:session-confirm", args=[session.pk])
    assert client_for(other_firm[1]).post(url).status_code == 404
    assert client_for(coach_a).post(url).status_code == 403
    assert CoachingSession.objects.get().confirmed_at is None


def test_manager_changes_the_allotment_and_sees_the_change_listed(
    client_for, manager_a, coach_a, enrolment
):
    log_session(enrolment, coach_a, "5")
    client = client_for(manager_a)
    url = reverse("internationalization:allotment-change", args=[enrolment.pk])
    refused = client.post(url, {"hours": "4"})
    assert "already logged" in " ".join(refused.context["form"].errors["hours"])
    assert client.post(url, {"hours": "24"}).status_code == 302
    page = client.get(url).content.decode()
    assert manager_a.email in page
    assert "24.00" in page


def test_coach_may_not_change_the_allotment(client_for, coach_a, enrolment):
    url = reverse("internationalization:allotment-change", args=[enrolment.pk])
    assert client_for(coach_a).post(url, {"hours": "40"}).status_code == 403


def test_session_list_query_budget(
    client_for, manager_a, coach_a, enrolment, django_assert_max_num_queries
):
    for day in range(12):
        log_session(enrolment, coach_a, "1", day=TODAY - timedelta(days=day + 1))
    client = client_for(manager_a)
    url = reverse("internationalization:session-list", args=[enrolment.pk])
    # session, user, the enrolment with project, cluster, firm, coach and cohort, the user's
    # staff roles, the user's representations, paginator count, the page of sessions with
    # their coach, hours used, current cluster, switcher.
    with django_assert_max_num_queries(10):
        response = client.get(url)
    assert len(response.context["sessions"]) == 12


# API ----------------------------------------------------------------------------------------


def api_session(enrolment, hours="1.5", day=None) -> dict:
    return {
        "enrolment": enrolment.pk,
        "date": (day or TODAY - timedelta(days=2)).isoformat(),
        "hours": hours,
        "topic": "Pricing",
    }


def test_api_coach_logs_a_session(client_for, coach_a, enrolment):
    url = reverse("api:coaching-session-list")
    response = client_for(coach_a).post(
        url, api_session(enrolment), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["coach"] == coach_a.email
    assert response.json()["hours"] == "1.50"


@pytest.mark.parametrize(
    ("hours", "message"),
    [
        ("0.3", "quarter hour"),
        ("0", "more than zero"),
        ("-1", "more than zero"),
        ("21", "Only 20.00 of the 20.00 coaching hours are left"),
    ],
)
def test_api_refuses_bad_hours_with_a_field_error(client_for, coach_a, enrolment, hours, message):
    url = reverse("api:coaching-session-list")
    response = client_for(coach_a).post(
        url, api_session(enrolment, hours), content_type="application/json"
    )
    assert response.status_code == 400
    assert message in " ".join(response.json()["hours"])
    assert not CoachingSession.objects.exists()


def test_api_refuses_a_date_outside_the_window(client_for, coach_a, enrolment):
    data = api_session(enrolment, day=RUNNING_START - timedelta(days=1))
    response = client_for(coach_a).post(
        reverse("api:coaching-session-list"), data, content_type="application/json"
    )
    assert response.status_code == 400
    assert "date" in response.json()


def test_api_firm_confirms_the_coachs_session_once(client_for, firm_rep_a, coach_a, enrolment):
    client = client_for(firm_rep_a)
    session = log_session(enrolment, coach_a)
    url = reverse("api:coaching-session-confirm", args=[session.pk])
    confirmed = client.post(url)
    assert confirmed.status_code == 200
    assert confirmed.json()["confirmed_by"] == firm_rep_a.email
    again = client.post(url)
    assert again.status_code == 400
    assert "already confirmed" in " ".join(again.json()["session"])


def test_api_another_firm_neither_sees_nor_confirms(
    client_for, coach_a, enrolment, other_firm, other_enrolment
):
    session = log_session(enrolment, coach_a)
    log_session(other_enrolment, coach_a)
    client = client_for(other_firm[1])
    listed = client.get(reverse("api:coaching-session-list")).json()["results"]
    assert [row["enrolment"] for row in listed] == [other_enrolment.pk]
    url = reverse("api:coaching-session-confirm", args=[session.pk])
    assert client.post(url).status_code == 404


def test_api_coach_sees_only_the_sessions_of_assigned_firms(
    client_for, coach_a, manager_a, enrolment, project, other_firm
):
    another_coach = UserFactory(email="another.coach@example.org")
    other = enrolment_through_intake(project, other_firm[0], manager=manager_a, coach=another_coach)
    log_session(enrolment, coach_a)
    log_session(other, another_coach)
    rows = client_for(coach_a).get(reverse("api:coaching-session-list")).json()["results"]
    assert [row["enrolment"] for row in rows] == [enrolment.pk]


def test_api_has_no_delete(client_for, manager_a, coach_a, enrolment):
    session = log_session(enrolment, coach_a)
    url = reverse("api:coaching-session-detail", args=[session.pk])
    assert client_for(manager_a).delete(url).status_code == 405
    assert CoachingSession.objects.count() == 1
