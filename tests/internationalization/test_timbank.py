"""The timbank: the pool is never overdrawn, requests in quarter hours inside the project's
window, decisions by managers with their lead time, timesheets within the hours approved,
unused hours back to the pool, the manager's queue oldest first, and the API."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from clusters.models import StaffRole
from internationalization.choices import TimbankRequestStatus
from internationalization.models import TimbankPool, TimbankRequest, TimesheetEntry
from internationalization.services.timbank import (
    consultant_save,
    timbank_pool_set,
    timbank_request_approve,
    timbank_request_ask_info,
    timbank_request_close,
    timbank_request_reject,
    timbank_request_reply,
    timesheet_log,
)
from tests.factories import (
    ClusterRoleFactory,
    EnrolmentFactory,
    OrganizationFactory,
    ProjectFactory,
    RepresentativeFactory,
    UserFactory,
    rival_firm_rep,
    timbank_request_for,
)

pytestmark = pytest.mark.django_db

H = Decimal


@pytest.fixture
def project(cluster_a):
    return ProjectFactory(cluster=cluster_a)


@pytest.fixture
def coach(cluster_a):
    return ClusterRoleFactory(cluster=cluster_a, role=StaffRole.COACH).user


@pytest.fixture
def enrolment(project, firm_a, firm_rep_a, coach):
    return EnrolmentFactory(project=project, organization=firm_a, coach=coach)


@pytest.fixture
def pool(project):
    return timbank_pool_set(
        project=project, hours_total=H("10"), hourly_value=H("90"), currency="EUR"
    )


@pytest.fixture
def consultant(cluster_a):
    return consultant_save(cluster=cluster_a, data={"name": "Lex Legal AB", "services": ["legal"]})


def reserved(project) -> Decimal:
    return TimbankPool.objects.get(project=project).hours_reserved


# The pool ------------------------------------------------------------------------------------


def test_a_pool_never_shrinks_below_the_hours_reserved(project, pool, enrolment, manager_a):
    timbank_request_approve(
        request=timbank_request_for(enrolment, manager_a), hours=H(8), actor=manager_a
    )
    with pytest.raises(ValidationError) as refused:
        timbank_pool_set(project=project, hours_total=H(6), hourly_value=H(90), currency="EUR")
    assert "already reserve 8" in str(refused.value.message_dict["hours_total"])
    assert TimbankPool.objects.get(project=project).hours_total == H(10)


def test_the_database_refuses_a_direct_over_reservation(project, pool):
    # The last line of defence: a write that skipped the service still cannot overdraw.
    with pytest.raises(IntegrityError), transaction.atomic():
        TimbankPool.objects.filter(pk=pool.pk).update(hours_reserved=H("10.25"))
    assert reserved(project) == 0


# Requests ------------------------------------------------------------------------------------


def test_the_firm_requests_hours_and_the_waiting_time_starts(enrolment, pool, firm_rep_a):
    before = timezone.now()
    request = timbank_request_for(enrolment, firm_rep_a, hours="2.75")
    assert request.status == TimbankRequestStatus.PENDING
    assert request.hours_requested == H("2.75")
    assert before <= request.requested_at <= timezone.now()


@pytest.mark.parametrize(
    ("hours", "message"),
    [
        ("0", "more than zero"),
        ("-1", "more than zero"),
        ("0.3", "quarter hour"),
        ("1.1", "quarter hour"),
    ],
)
def test_hours_must_be_positive_quarter_hours(enrolment, pool, firm_rep_a, hours, message):
    with pytest.raises(ValidationError) as refused:
        timbank_request_for(enrolment, firm_rep_a, hours=hours)
    assert message in str(refused.value.message_dict["hours_requested"])
    assert not TimbankRequest.objects.exists()


def test_needed_by_must_be_inside_the_project_window(enrolment, pool, firm_rep_a):
    with pytest.raises(ValidationError) as refused:
        timbank_request_for(enrolment, firm_rep_a, needed_by=date(2031, 1, 1))
    assert "2020-01-01 to 2030-12-31" in str(refused.value.message_dict["needed_by"])
    assert not TimbankRequest.objects.exists()


def test_a_firm_not_taking_part_cannot_request_hours(project, pool, cluster_a, manager_a):
    applicant = EnrolmentFactory(
        project=project, organization=OrganizationFactory(cluster=cluster_a), status="applied"
    )
    with pytest.raises(ValidationError) as refused:
        timbank_request_for(applicant, manager_a)
    assert "applied" in str(refused.value.message_dict["enrolment"])


def test_a_project_without_a_pool_takes_no_requests(enrolment, firm_rep_a):
    with pytest.raises(ValidationError) as refused:
        timbank_request_for(enrolment, firm_rep_a)
    assert "no timbank pool" in str(refused.value.message_dict["enrolment"])


def test_another_firm_cannot_request_hours_for_this_one(enrolment, pool, cluster_a, coach):
    rival, _organization = rival_firm_rep(cluster_a)
    for outsider in (rival, coach):
        with pytest.raises(PermissionDenied):
            timbank_request_for(enrolment, outsider)
    assert not TimbankRequest.objects.exists()


# Decisions -----------------------------------------------------------------------------------


def test_approval_reserves_hours_and_records_the_lead_time(
    project, enrolment, pool, firm_rep_a, manager_a
):
    request = timbank_request_for(enrolment, firm_rep_a)
    TimbankRequest.objects.filter(pk=request.pk).update(
        requested_at=timezone.now() - timedelta(days=3)
    )
    request = timbank_request_approve(request=request, hours=H(6), actor=manager_a)
    assert request.status == TimbankRequestStatus.APPROVED
    assert request.hours_approved == H(6)
    assert request.decided_by == manager_a
    assert (request.decided_at - request.requested_at).days == 3
    assert reserved(project) == H(6)


def test_approval_beyond_the_pool_is_refused_with_what_is_left(
    project, enrolment, pool, firm_rep_a, manager_a
):
    first, second = (
        timbank_request_for(enrolment, firm_rep_a),
        timbank_request_for(enrolment, firm_rep_a),
    )
    timbank_request_approve(request=first, hours=H(8), actor=manager_a)
    with pytest.raises(ValidationError) as refused:
        timbank_request_approve(request=second, hours=H(8), actor=manager_a)
    message = str(refused.value.message_dict["hours"])
    assert "Only 2" in message and "10" in message
    second.refresh_from_db()
    assert second.status == TimbankRequestStatus.PENDING and second.hours_approved == 0
    assert reserved(project) == H(8)


def test_a_manager_approves_at_most_the_hours_requested(enrolment, pool, firm_rep_a, manager_a):
    request = timbank_request_for(enrolment, firm_rep_a, hours="4")
    with pytest.raises(ValidationError) as refused:
        timbank_request_approve(request=request, hours=H(5), actor=manager_a)
    assert "at most" in str(refused.value.message_dict["hours"])


def test_only_managers_decide(enrolment, pool, firm_rep_a, viewer_a, coach):
    request = timbank_request_for(enrolment, firm_rep_a)
    for user in (firm_rep_a, viewer_a, coach):
        with pytest.raises(PermissionDenied):
            timbank_request_approve(request=request, hours=H(1), actor=user)
    request.refresh_from_db()
    assert request.status == TimbankRequestStatus.PENDING


def test_a_decided_request_cannot_be_decided_again(project, enrolment, pool, manager_a):
    request = timbank_request_for(enrolment, manager_a, hours="2")
    timbank_request_approve(request=request, hours=H(2), actor=manager_a)
    with pytest.raises(ValidationError):
        timbank_request_approve(request=request, hours=H(2), actor=manager_a)
    assert reserved(project) == H(2)


def test_a_rejection_needs_a_reason(enrolment, pool, firm_rep_a, manager_a):
    request = timbank_request_for(enrolment, firm_rep_a)
    with pytest.raises(ValidationError) as refused:
        timbank_request_reject(request=request, reason="  ", actor=manager_a)
    assert "reason" in refused.value.message_dict
    request = timbank_request_reject(request=request, reason="Not in scope", actor=manager_a)
    assert request.status == TimbankRequestStatus.REJECTED
    assert request.decided_at is not None and request.decision_note == "Not in scope"


def test_asking_for_information_and_the_firms_answer(enrolment, pool, firm_rep_a, manager_a):
    request = timbank_request_for(enrolment, firm_rep_a)
    request = timbank_request_ask_info(request=request, question="Which contract?", actor=manager_a)
    assert request.status == TimbankRequestStatus.INFO_REQUESTED
    assert request.decided_at is None
    request = timbank_request_reply(request=request, text="The German one.", actor=firm_rep_a)
    assert request.status == TimbankRequestStatus.PENDING
    assert "Which contract?" in request.purpose and "The German one." in request.purpose
    with pytest.raises(ValidationError):
        timbank_request_reply(request=request, text="Again", actor=firm_rep_a)


# Timesheets and closing ---------------------------------------------------------------------


def test_timesheet_hours_never_pass_the_hours_approved(
    enrolment, pool, firm_rep_a, manager_a, consultant
):
    request = timbank_request_for(enrolment, firm_rep_a, hours="4")
    timbank_request_approve(request=request, hours=H(4), actor=manager_a)
    timesheet_log(request=request, consultant=consultant, date=date(2026, 3, 1), hours=H(3))
    with pytest.raises(ValidationError) as refused:
        timesheet_log(request=request, consultant=consultant, date=date(2026, 3, 2), hours=H(2))
    assert "Only 1" in str(refused.value.message_dict["hours"])
    assert TimesheetEntry.objects.count() == 1


def test_no_timesheet_on_a_request_not_approved(enrolment, pool, firm_rep_a, consultant):
    request = timbank_request_for(enrolment, firm_rep_a)
    with pytest.raises(ValidationError):
        timesheet_log(request=request, consultant=consultant, date=date(2026, 3, 1), hours=H(1))
    assert not TimesheetEntry.objects.exists()


def test_a_consultant_must_offer_the_service(enrolment, pool, manager_a, cluster_a):
    translator = consultant_save(
        cluster=cluster_a, data={"name": "Words AB", "services": ["translation"]}
    )
    request = timbank_request_for(enrolment, manager_a, hours="2")
    timbank_request_approve(request=request, hours=H(2), actor=manager_a)
    with pytest.raises(ValidationError) as refused:
        timesheet_log(request=request, consultant=translator, date=date(2026, 3, 1), hours=H(1))
    assert "does not offer" in str(refused.value.message_dict["consultant"])


def test_closing_returns_the_unused_hours_to_the_pool(
    project, enrolment, pool, firm_rep_a, manager_a, consultant
):
    request = timbank_request_for(enrolment, firm_rep_a)
    timbank_request_approve(request=request, hours=H(8), actor=manager_a)
    timesheet_log(request=request, consultant=consultant, date=date(2026, 3, 1), hours=H(3))
    request = timbank_request_close(request=request, actor=manager_a)
    assert request.status == TimbankRequestStatus.CLOSED and request.closed_at is not None
    assert reserved(project) == H(3)
    assert TimbankPool.objects.get(project=project).hours_available == H(7)
    with pytest.raises(ValidationError):
        timbank_request_close(request=request, actor=manager_a)
    assert reserved(project) == H(3)


# Pages ---------------------------------------------------------------------------------------


def waiting_since(request, days: int) -> None:
    TimbankRequest.objects.filter(pk=request.pk).update(
        requested_at=timezone.now() - timedelta(days=days, hours=1)
    )


def test_the_queue_lists_waiting_requests_oldest_first(
    client_for, manager_a, project, enrolment, pool, firm_rep_a, cluster_a
):
    rival, organization = rival_firm_rep(cluster_a)
    rival_enrolment = EnrolmentFactory(project=project, organization=organization)
    recent = timbank_request_for(enrolment, firm_rep_a, hours="1", purpose="recent")
    oldest = timbank_request_for(rival_enrolment, rival, hours="2", purpose="oldest")
    asked = timbank_request_for(enrolment, firm_rep_a, hours="3", purpose="asked")
    decided = timbank_request_for(enrolment, firm_rep_a, hours="4")
    waiting_since(recent, 1)
    waiting_since(oldest, 12)
    waiting_since(asked, 5)
    timbank_request_ask_info(request=asked, question="Why?", actor=manager_a)
    timbank_request_reject(request=decided, reason="No", actor=manager_a)
    response = client_for(manager_a).get(reverse("internationalization:timbank-queue"))
    assert response.status_code == 200
    assert [r.pk for r in response.context["waiting"]] == [oldest.pk, asked.pk, recent.pk]
    assert [r.days_waiting for r in response.context["waiting"]] == [12, 5, 1]
    assert response.context["waiting"][0].pool.hours_available == H(10)
    assert "12 days" in response.content.decode()


def test_coaches_and_firms_do_not_see_the_queue(client_for, coach, firm_rep_a, enrolment):
    url = reverse("internationalization:timbank-queue")
    assert client_for(coach).get(url).status_code == 403
    # A firm's representative works in no cluster as staff.
    assert client_for(firm_rep_a).get(url).status_code == 404


def test_queue_query_budget(
    client_for, manager_a, project, enrolment, pool, firm_rep_a, django_assert_max_num_queries
):
    for number in range(6):
        timbank_request_for(enrolment, firm_rep_a, hours="1", purpose=f"Request {number}")
    client = client_for(manager_a)
    # session, user, the current cluster, staff roles (rule), paginator count, the page of
    # requests with their firms, projects and pools, the projects with their pools, the
    # switcher.
    with django_assert_max_num_queries(8):
        assert client.get(reverse("internationalization:timbank-queue")).status_code == 200


def test_approving_from_the_queue_goes_back_to_the_queue(
    client_for, manager_a, project, enrolment, pool, firm_rep_a
):
    request = timbank_request_for(enrolment, firm_rep_a)
    queue = reverse("internationalization:timbank-queue")
    response = client_for(manager_a).post(
        reverse("internationalization:timbank-request-approve", args=[request.pk]),
        {"hours": "8", "next": queue},
    )
    assert response.status_code == 302 and response["Location"] == queue
    assert reserved(project) == H(8)


def test_an_approval_past_the_pool_shows_the_message_on_the_request(
    client_for, manager_a, project, enrolment, pool, firm_rep_a
):
    request = timbank_request_for(enrolment, firm_rep_a, hours="12")
    response = client_for(manager_a).post(
        reverse("internationalization:timbank-request-approve", args=[request.pk]),
        {"hours": "12"},
    )
    assert response.status_code == 400
    assert "Only 10" in str(response.context["approve_form"].errors["hours"])
    assert reserved(project) == 0


def test_the_firm_sees_its_request_and_answers_a_question(
    client_for, manager_a, enrolment, pool, firm_rep_a, cluster_a
):
    request = timbank_request_for(enrolment, firm_rep_a)
    timbank_request_ask_info(request=request, question="Which contract?", actor=manager_a)
    url = reverse("internationalization:timbank-request-detail", args=[request.pk])
    client = client_for(firm_rep_a)
    page = client.get(url)
    assert page.status_code == 200 and page.context["can_reply"]
    assert not page.context["can_decide"] and not page.context["show_history"]
    response = client.post(
        reverse("internationalization:timbank-request-reply", args=[request.pk]),
        {"text": "The German one."},
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == TimbankRequestStatus.PENDING
    rival, _organization = rival_firm_rep(cluster_a)
    assert client_for(rival).get(url).status_code == 404


def test_a_firm_cannot_approve_its_own_request(client_for, enrolment, pool, firm_rep_a):
    request = timbank_request_for(enrolment, firm_rep_a)
    response = client_for(firm_rep_a).post(
        reverse("internationalization:timbank-request-approve", args=[request.pk]),
        {"hours": "8"},
    )
    assert response.status_code == 403
    request.refresh_from_db()
    assert request.status == TimbankRequestStatus.PENDING


def test_request_detail_query_budget(
    client_for,
    manager_a,
    enrolment,
    pool,
    firm_rep_a,
    consultant,
    django_assert_max_num_queries,
):
    request = timbank_request_for(enrolment, firm_rep_a)
    timbank_request_approve(request=request, hours=H(8), actor=manager_a)
    for day in range(1, 4):
        timesheet_log(request=request, consultant=consultant, date=date(2026, 3, day), hours=H(1))
    client = client_for(manager_a)
    # session, user, the request with its firm, project, cluster, pool and decider, the
    # timesheet with its consultants, staff roles (rules), the consultants offering the
    # service (form), the history with its users, the users named in its changes (decided
    # by), the current cluster, the switcher, the consultant choices.
    with django_assert_max_num_queries(11):
        url = reverse("internationalization:timbank-request-detail", args=[request.pk])
        assert client.get(url).status_code == 200


def test_the_firm_requests_hours_in_the_browser(client_for, enrolment, pool, firm_rep_a):
    url = reverse("internationalization:timbank-request-create", args=[enrolment.pk])
    client = client_for(firm_rep_a)
    assert client.get(url).status_code == 200
    refused = client.post(
        url,
        {
            "service": "legal",
            "hours_requested": "0.3",
            "needed_by": "2026-12-01",
            "purpose": "A contract",
        },
    )
    assert "quarter hour" in str(refused.context["form"].errors["hours_requested"])
    assert not TimbankRequest.objects.exists()
    response = client.post(
        url,
        {
            "service": "legal",
            "hours_requested": "2.5",
            "needed_by": "2026-12-01",
            "purpose": "A contract",
        },
    )
    request = TimbankRequest.objects.get()
    assert response["Location"] == reverse(
        "internationalization:timbank-request-detail", args=[request.pk]
    )


def test_another_firm_cannot_open_the_request_form(client_for, enrolment, pool, cluster_a):
    rival, _organization = rival_firm_rep(cluster_a)
    url = reverse("internationalization:timbank-request-create", args=[enrolment.pk])
    assert client_for(rival).get(url).status_code == 404


def test_timesheet_and_close_in_the_browser(
    client_for, manager_a, project, enrolment, pool, firm_rep_a, consultant
):
    request = timbank_request_for(enrolment, firm_rep_a, hours="4")
    timbank_request_approve(request=request, hours=H(4), actor=manager_a)
    client = client_for(manager_a)
    log = reverse("internationalization:timesheet-log", args=[request.pk])
    too_much = client.post(
        log, {"consultant": consultant.pk, "date": "2026-03-01", "hours": "5", "note": ""}
    )
    assert too_much.status_code == 400
    assert "Only 4" in str(too_much.context["timesheet_form"].errors["hours"])
    assert (
        client.post(
            log, {"consultant": consultant.pk, "date": "2026-03-01", "hours": "1.5", "note": "Call"}
        ).status_code
        == 302
    )
    client.post(reverse("internationalization:timbank-request-close", args=[request.pk]))
    assert reserved(project) == H("1.5")


def test_the_manager_sets_the_pool(client_for, manager_a, project, viewer_a):
    url = reverse("internationalization:timbank-pool", args=[project.slug])
    assert client_for(viewer_a).get(url).status_code == 403
    client = client_for(manager_a)
    response = client.post(url, {"hours_total": "40", "hourly_value": "95", "currency": "EUR"})
    assert response.status_code == 302
    assert TimbankPool.objects.get(project=project).hours_total == H(40)


def test_consultants_are_listed_and_added(client_for, manager_a, cluster_a):
    client = client_for(manager_a)
    response = client.post(
        reverse("internationalization:consultant-create"),
        {"name": "Pat Patent", "services": ["patent", "legal"], "email": "pat@example.org"},
    )
    assert response.status_code == 302
    listing = client.get(reverse("internationalization:consultant-list"))
    assert [c.name for c in listing.context["consultants"]] == ["Pat Patent"]
    missing = client.post(reverse("internationalization:consultant-create"), {"name": "Nobody"})
    assert "services" in missing.context["form"].errors


# API -----------------------------------------------------------------------------------------


def test_api_request_approve_and_refusal_with_field_errors(
    client_for, manager_a, firm_rep_a, project, enrolment, pool
):
    firm = client_for(firm_rep_a)
    created = firm.post(
        reverse("api:timbank-request-list"),
        {
            "enrolment": enrolment.pk,
            "service": "legal",
            "hours_requested": "6",
            "needed_by": "2026-12-01",
            "purpose": "Contract",
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["status"] == "pending"
    assert "commitment" not in created.json()
    manager = client_for(manager_a)
    refused = manager.post(
        reverse("api:timbank-request-approve", args=[pk]),
        {"hours": "12"},
        content_type="application/json",
    )
    assert refused.status_code == 400 and "hours" in refused.json()
    approved = manager.post(
        reverse("api:timbank-request-approve", args=[pk]),
        {"hours": "6"},
        content_type="application/json",
    )
    assert approved.status_code == 200
    assert approved.json()["status"] == "approved"
    assert approved.json()["decision_seconds"] is not None
    assert reserved(project) == H(6)
    own = firm.post(reverse("api:timbank-request-close", args=[pk]))
    assert own.status_code == 403
    assert manager.delete(reverse("api:timbank-request-detail", args=[pk])).status_code == 405


def test_api_bad_hours_is_a_400_at_the_field(client_for, firm_rep_a, enrolment, pool):
    response = client_for(firm_rep_a).post(
        reverse("api:timbank-request-list"),
        {
            "enrolment": enrolment.pk,
            "service": "legal",
            "hours_requested": "0.3",
            "needed_by": "2026-12-01",
            "purpose": "Contract",
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "quarter hour" in str(response.json()["hours_requested"])
    assert not TimbankRequest.objects.exists()


def test_api_timesheet_entries(client_for, manager_a, firm_rep_a, enrolment, pool, consultant):
    request = timbank_request_for(enrolment, firm_rep_a, hours="2")
    timbank_request_approve(request=request, hours=H(2), actor=manager_a)
    url = reverse("api:timesheet-entry-list")
    body = {"request": request.pk, "consultant": consultant.pk, "date": "2026-03-01"}
    manager = client_for(manager_a)
    assert manager.post(url, {**body, "hours": "3"}, content_type="application/json").json() == {
        "hours": ["Only 2.00 h of the 2.00 h approved are left on this request."]
    }
    created = manager.post(url, {**body, "hours": "2"}, content_type="application/json")
    assert created.status_code == 201
    assert [e["id"] for e in client_for(firm_rep_a).get(url).json()["results"]] == [
        created.json()["id"]
    ]


def test_api_requests_of_another_firm_are_invisible(client_for, firm_rep_a, enrolment, pool):
    timbank_request_for(enrolment, firm_rep_a)
    rival = UserFactory()
    RepresentativeFactory(
        user=rival, organization=OrganizationFactory(cluster=enrolment.project.cluster)
    )
    assert client_for(rival).get(reverse("api:timbank-request-list")).json()["count"] == 0
