"""What the firm reports itself, the cluster verifies (issue 10, point 6): an outcome the firm
reports counts in reports once a manager verified it; a trip the firm already made is
verified (done, its costs approved) or rejected. And the firm withdraws a request the cluster
has not decided yet (point 7): timbank hours and trips, the history keeping who withdrew."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from internationalization.choices import (
    OutcomeSource,
    TimbankRequestStatus,
    TripStatus,
    Verification,
)
from internationalization.models import Outcome, Trip
from internationalization.services.outcomes import outcome_record, outcome_verify
from internationalization.services.timbank import (
    timbank_request_approve,
    timbank_request_withdraw,
)
from internationalization.services.trips import (
    trip_approve,
    trip_reject,
    trip_report_made,
    trip_withdraw,
)
from reports.selectors import figures
from tests.factories.activities import timbank_request_for, trip_applied_for
from tests.factories.members import rival_firm_rep
from tests.factories.projects import enrolment_through_intake, running_project

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def firm_outcome(enrolment, rep, kind="new_customer") -> Outcome:
    return outcome_record(
        enrolment=enrolment,
        kind=kind,
        date=TODAY - timedelta(days=3),
        country="DE",
        source=OutcomeSource.FIRM,
        recorded_by=rep,
    )


# Outcomes ------------------------------------------------------------------------------------


def test_an_outcome_the_firm_reports_awaits_verification(enrolment, firm_rep_a):
    assert firm_outcome(enrolment, firm_rep_a).verification == Verification.REPORTED


def test_an_outcome_the_office_records_is_verified(enrolment, manager_a):
    outcome = outcome_record(
        enrolment=enrolment,
        kind="new_customer",
        date=TODAY,
        country="DE",
        source=OutcomeSource.MANAGER,
        recorded_by=manager_a,
    )
    assert outcome.verification == Verification.VERIFIED


@pytest.fixture
def accepted(cluster_a, firm_a, firm_rep_a, manager_a, coach):
    """firm_a accepted through the intake, so that reports count it as supported."""
    return enrolment_through_intake(
        running_project(cluster_a), firm_a, manager=manager_a, coach=coach
    )


def test_reports_count_a_firms_outcome_once_verified(accepted, firm_rep_a, manager_a):
    outcome = firm_outcome(accepted, firm_rep_a)
    projects = type(accepted.project).objects.filter(pk=accepted.project_id)
    before = figures.outcomes(projects, TODAY)
    assert before["firms_with_new_customers"] == 0
    assert before["outcomes_awaiting_verification"] == 1
    outcome_verify(outcome=outcome, actor=manager_a, verified=True)
    after = figures.outcomes(projects, TODAY)
    assert after["firms_with_new_customers"] == 1
    assert after["outcomes_awaiting_verification"] == 0


def test_a_rejected_outcome_needs_a_reason_and_never_counts(accepted, firm_rep_a, manager_a):
    outcome = firm_outcome(accepted, firm_rep_a)
    with pytest.raises(ValidationError) as refused:
        outcome_verify(outcome=outcome, actor=manager_a, verified=False, note="")
    assert "note" in refused.value.message_dict
    outcome_verify(outcome=outcome, actor=manager_a, verified=False, note="No contract yet.")
    outcome.refresh_from_db()
    assert outcome.verification == Verification.REJECTED
    projects = type(accepted.project).objects.filter(pk=accepted.project_id)
    counted = figures.outcomes(projects, TODAY)
    assert counted["firms_with_new_customers"] == 0
    with pytest.raises(ValidationError):
        outcome_verify(outcome=outcome, actor=manager_a, verified=True)


def test_only_managers_verify_an_outcome(enrolment, firm_rep_a, coach):
    outcome = firm_outcome(enrolment, firm_rep_a)
    for user in (firm_rep_a, coach):
        with pytest.raises(PermissionDenied):
            outcome_verify(outcome=outcome, actor=user, verified=True)


def test_the_manager_verifies_from_the_outcome_list(client_for, enrolment, firm_rep_a, manager_a):
    outcome = firm_outcome(enrolment, firm_rep_a)
    page = client_for(manager_a).get(
        reverse("internationalization:outcome-list", args=[enrolment.pk])
    )
    url = reverse("internationalization:outcome-verify", args=[outcome.pk])
    assert url in page.content.decode()
    assert client_for(firm_rep_a).post(url, {"verified": "1"}).status_code == 403
    assert client_for(manager_a).post(url, {"verified": "1"}).status_code == 302
    outcome.refresh_from_db()
    assert outcome.verification == Verification.VERIFIED


def test_api_verify_an_outcome(client_for, enrolment, firm_rep_a, manager_a):
    outcome = firm_outcome(enrolment, firm_rep_a)
    url = reverse("api:outcome-verify", args=[outcome.pk])
    answer = client_for(manager_a).post(
        url, {"verified": False, "note": "Not signed"}, content_type="application/json"
    )
    assert answer.status_code == 200
    assert answer.json()["verification"] == "rejected"


# Trips already made --------------------------------------------------------------------------


def made_trip(enrolment, actor, **extra) -> Trip:
    values = {
        "country": "DE",
        "city": "Hamburg",
        "event": "",
        "start": TODAY - timedelta(days=10),
        "end": TODAY - timedelta(days=8),
        "purpose": "customers",
        "budget_requested": Decimal("900"),
        **extra,
    }
    return trip_report_made(enrolment=enrolment, actor=actor, **values)


def test_the_firm_reports_a_trip_it_made_and_the_manager_verifies_it(
    enrolment, firm_rep_a, manager_a
):
    trip = made_trip(enrolment, firm_rep_a)
    assert (trip.status, trip.verification) == (TripStatus.APPLIED, Verification.REPORTED)
    verified = trip_approve(trip=trip, budget=Decimal("900"), actor=manager_a)
    assert verified.status == TripStatus.DONE
    assert verified.verification == Verification.VERIFIED
    assert verified.budget_approved == Decimal("900")


def test_the_manager_rejects_a_reported_trip_with_a_reason(enrolment, firm_rep_a, manager_a):
    trip = trip_reject(trip=made_trip(enrolment, firm_rep_a), reason="No receipts", actor=manager_a)
    assert (trip.status, trip.verification) == (TripStatus.REJECTED, Verification.REJECTED)


def test_a_trip_made_lies_in_the_past(enrolment, firm_rep_a):
    with pytest.raises(ValidationError) as refused:
        made_trip(enrolment, firm_rep_a, end=TODAY + timedelta(days=2))
    assert "end" in refused.value.message_dict
    assert not Trip.objects.exists()


def test_another_firm_reports_no_trip_for_the_firm(enrolment, firm_a):
    with pytest.raises(PermissionDenied):
        made_trip(enrolment, rival_firm_rep(firm_a.cluster)[0])


def test_the_trip_made_page(client_for, enrolment, firm_rep_a):
    url = reverse("internationalization:trip-made", args=[enrolment.pk])
    assert client_for(firm_rep_a).get(url).status_code == 200
    response = client_for(firm_rep_a).post(
        url,
        {
            "country": "NO",
            "city": "Oslo",
            "start": (TODAY - timedelta(days=5)).isoformat(),
            "end": (TODAY - timedelta(days=4)).isoformat(),
            "purpose": "customers",
            "budget_requested": "450",
        },
    )
    assert response.status_code == 302
    assert Trip.objects.get().reported_by_firm


def test_api_the_firm_reports_a_trip_it_made(client_for, enrolment, firm_rep_a):
    answer = client_for(firm_rep_a).post(
        reverse("api:trip-made"),
        {
            "enrolment": enrolment.pk,
            "country": "NO",
            "city": "Bergen",
            "start": (TODAY - timedelta(days=6)).isoformat(),
            "end": (TODAY - timedelta(days=5)).isoformat(),
            "purpose": "customers",
            "budget_requested": "300",
        },
        content_type="application/json",
    )
    assert answer.status_code == 201, answer.content
    assert (answer.json()["reported_by_firm"], answer.json()["verification"]) == (
        True,
        "reported",
    )


# Withdrawing ---------------------------------------------------------------------------------


def test_the_firm_withdraws_an_undecided_timbank_request(enrolment, pool, firm_rep_a):
    request = timbank_request_for(enrolment, firm_rep_a, hours="4", needed_by=date(2029, 1, 1))
    withdrawn = timbank_request_withdraw(request=request, actor=firm_rep_a)
    assert withdrawn.status == TimbankRequestStatus.WITHDRAWN
    last = withdrawn.history.order_by("-history_date").first()
    assert (last.status, last.history_user) == ("withdrawn", firm_rep_a)
    pool.refresh_from_db()
    assert pool.hours_reserved == 0


def test_a_decided_timbank_request_is_not_withdrawn(enrolment, pool, firm_rep_a, manager_a):
    request = timbank_request_for(enrolment, firm_rep_a, hours="4", needed_by=date(2029, 1, 1))
    timbank_request_approve(request=request, hours=Decimal(4), actor=manager_a)
    with pytest.raises(ValidationError):
        timbank_request_withdraw(request=request, actor=firm_rep_a)
    pool.refresh_from_db()
    assert pool.hours_reserved == Decimal(4)


def test_another_firm_does_not_withdraw_the_request(enrolment, pool, firm_rep_a, firm_a):
    request = timbank_request_for(enrolment, firm_rep_a, hours="4", needed_by=date(2029, 1, 1))
    with pytest.raises(PermissionDenied):
        timbank_request_withdraw(request=request, actor=rival_firm_rep(firm_a.cluster)[0])


def test_the_firm_withdraws_from_the_request_page(client_for, enrolment, pool, firm_rep_a):
    request = timbank_request_for(enrolment, firm_rep_a, hours="4", needed_by=date(2029, 1, 1))
    page = client_for(firm_rep_a).get(
        reverse("internationalization:timbank-request-detail", args=[request.pk])
    )
    url = reverse("internationalization:timbank-request-withdraw", args=[request.pk])
    assert url in page.content.decode()
    assert client_for(firm_rep_a).post(url).status_code == 302
    request.refresh_from_db()
    assert request.status == TimbankRequestStatus.WITHDRAWN


def test_the_firm_withdraws_a_trip_application(client_for, enrolment, firm_rep_a, manager_a):
    trip = trip_applied_for(enrolment, firm_rep_a)
    url = reverse("internationalization:trip-withdraw", args=[trip.pk])
    assert client_for(firm_rep_a).post(url).status_code == 302
    trip.refresh_from_db()
    assert trip.status == TripStatus.WITHDRAWN
    with pytest.raises(ValidationError):
        trip_approve(trip=trip, budget=Decimal(1), actor=manager_a)


def test_a_decided_trip_is_not_withdrawn(enrolment, firm_rep_a, manager_a):
    trip = trip_applied_for(enrolment, firm_rep_a)
    trip_approve(trip=trip, budget=Decimal(100), actor=manager_a)
    with pytest.raises(ValidationError):
        trip_withdraw(trip=trip, actor=firm_rep_a)


def test_api_withdraw(client_for, enrolment, pool, firm_rep_a):
    request = timbank_request_for(enrolment, firm_rep_a, hours="4", needed_by=date(2029, 1, 1))
    trip = trip_applied_for(enrolment, firm_rep_a)
    client = client_for(firm_rep_a)
    answer = client.post(reverse("api:timbank-request-withdraw", args=[request.pk]))
    assert answer.json()["status"] == "withdrawn"
    assert client.post(reverse("api:trip-withdraw", args=[trip.pk])).json()["status"] == (
        "withdrawn"
    )
