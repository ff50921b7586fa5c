"""The timbank in the browser and over the API: the manager's queue oldest first, decisions
from the queue and the request page, the firm's request form and answers, timesheets, the pool
and consultants pages; the API's requests, refusals at the field and timesheet entries."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from internationalization.choices import TimbankRequestStatus
from internationalization.models import TimbankPool, TimbankRequest
from internationalization.services.timbank import (
    timbank_request_approve,
    timbank_request_ask_info,
    timbank_request_reject,
    timesheet_log,
)
from tests.factories.activities import timbank_request_for
from tests.factories.clusters import UserFactory
from tests.factories.members import OrganizationFactory, RepresentativeFactory, rival_firm_rep
from tests.factories.projects import EnrolmentFactory

pytestmark = pytest.mark.django_db

H = Decimal


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
    client_for, manager_a, project, enrolment, pool, firm_rep_a, reserved
):
    request = timbank_request_for(enrolment, firm_rep_a)
    queue = reverse("internationalization:timbank-queue")
    response = client_for(manager_a).post(
        reverse("internationalization:timbank-request-approve", args=[request.pk]),
        {"hours": "8", "next": queue},
    )
    assert response.status_code == 302 and response["Location"] == queue
    assert reserved() == H(8)


def test_an_approval_past_the_pool_shows_the_message_on_the_request(
    client_for, manager_a, project, enrolment, pool, firm_rep_a, reserved
):
    first, request = (timbank_request_for(enrolment, firm_rep_a, hours="6") for _ in range(2))
    timbank_request_approve(request=first, hours=Decimal(6), actor=manager_a)
    response = client_for(manager_a).post(
        reverse("internationalization:timbank-request-approve", args=[request.pk]),
        {"hours": "6"},
    )
    assert response.status_code == 400
    assert "Only 4" in str(response.context["approve_form"].errors["hours"])
    assert reserved() == 6


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
    # by), the timesheet's history and the records before each, the current cluster, the
    # switcher, the consultant choices.
    with django_assert_max_num_queries(13):
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
    client_for, manager_a, project, enrolment, pool, firm_rep_a, consultant, reserved
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
    assert reserved() == H("1.5")


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
    client_for, manager_a, firm_rep_a, project, enrolment, pool, reserved
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
    assert reserved() == H(6)
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
