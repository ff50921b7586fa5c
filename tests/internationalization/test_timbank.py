"""The timbank: the pool is never overdrawn, requests in quarter hours inside the project's
window, decisions by managers with their lead time, timesheets within the hours approved,
unused hours back to the pool, the manager's queue oldest first, and the API."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

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
from tests.factories.activities import timbank_request_for
from tests.factories.members import OrganizationFactory, rival_firm_rep
from tests.factories.projects import EnrolmentFactory

pytestmark = pytest.mark.django_db

H = Decimal


# The pool ------------------------------------------------------------------------------------


def test_a_pool_never_shrinks_below_the_hours_reserved(project, pool, enrolment, manager_a):
    timbank_request_approve(
        request=timbank_request_for(enrolment, manager_a), hours=H(8), actor=manager_a
    )
    with pytest.raises(ValidationError) as refused:
        timbank_pool_set(project=project, hours_total=H(6), hourly_value=H(90), currency="EUR")
    assert "already reserve 8" in str(refused.value.message_dict["hours_total"])
    assert TimbankPool.objects.get(project=project).hours_total == H(10)


def test_the_database_refuses_a_direct_over_reservation(project, pool, reserved):
    # The last line of defence: a write that skipped the service still cannot overdraw.
    with pytest.raises(IntegrityError), transaction.atomic():
        TimbankPool.objects.filter(pk=pool.pk).update(hours_reserved=H("10.25"))
    assert reserved() == 0


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
    project, enrolment, pool, firm_rep_a, manager_a, reserved
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
    assert reserved() == H(6)


def test_approval_beyond_the_pool_is_refused_with_what_is_left(
    project, enrolment, pool, firm_rep_a, manager_a, reserved
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
    assert reserved() == H(8)


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


def test_a_decided_request_cannot_be_decided_again(project, enrolment, pool, manager_a, reserved):
    request = timbank_request_for(enrolment, manager_a, hours="2")
    timbank_request_approve(request=request, hours=H(2), actor=manager_a)
    with pytest.raises(ValidationError):
        timbank_request_approve(request=request, hours=H(2), actor=manager_a)
    assert reserved() == H(2)


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
    project, enrolment, pool, firm_rep_a, manager_a, consultant, reserved
):
    request = timbank_request_for(enrolment, firm_rep_a)
    timbank_request_approve(request=request, hours=H(8), actor=manager_a)
    timesheet_log(request=request, consultant=consultant, date=date(2026, 3, 1), hours=H(3))
    request = timbank_request_close(request=request, actor=manager_a)
    assert request.status == TimbankRequestStatus.CLOSED and request.closed_at is not None
    assert reserved() == H(3)
    assert TimbankPool.objects.get(project=project).hours_available == H(7)
    with pytest.raises(ValidationError):
        timbank_request_close(request=request, actor=manager_a)
    assert reserved() == H(3)
