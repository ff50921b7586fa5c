"""Trips: applications inside the project's window, budgets within the country cap, claims
within the approved budget and only for approved trips, reimbursement, the trip report, the
managers' list (applications first) and the API."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from internationalization.choices import ClaimStatus, TripStatus
from internationalization.models import ExpenseClaim, Trip, TripReport
from internationalization.services.trips import (
    expense_claim_decide,
    expense_claim_mark_reimbursed,
    expense_claim_submit,
    trip_approve,
    trip_cap_set,
    trip_mark_done,
    trip_reject,
    trip_report_save,
)
from tests.factories.activities import trip_applied_for
from tests.factories.members import rival_firm_rep
from tests.receipt_files import PDF

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

M = Decimal


def receipt(name: str = "receipt.pdf", content: bytes = PDF):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def claim(trip, actor, amount: str = "100", **extra) -> ExpenseClaim:
    values = {"description": "Hotel", "amount": M(amount), "currency": "EUR", **extra}
    values.setdefault("receipt", receipt())
    return expense_claim_submit(trip=trip, actor=actor, **values)


@pytest.fixture
def approved_trip(enrolment, firm_rep_a, manager_a):
    return trip_approve(
        trip=trip_applied_for(enrolment, firm_rep_a), budget=M("1000"), actor=manager_a
    )


def stored_files(root) -> list:
    return [path for path in root.rglob("*") if path.is_file()]


# Applying ------------------------------------------------------------------------------------


def test_the_firm_applies_for_a_trip(enrolment, firm_rep_a):
    trip = trip_applied_for(enrolment, firm_rep_a)
    assert trip.status == TripStatus.APPLIED
    assert trip.currency == "EUR" and trip.requested_at is not None


@pytest.mark.parametrize(
    ("dates", "field"),
    [
        ({"start": date(2019, 12, 30), "end": date(2020, 1, 2)}, "start"),
        ({"start": date(2030, 12, 30), "end": date(2031, 1, 2)}, "end"),
        ({"start": date(2026, 3, 10), "end": date(2026, 3, 9)}, "end"),
    ],
)
def test_trip_dates_inside_the_project_and_in_order(enrolment, firm_rep_a, dates, field):
    with pytest.raises(ValidationError) as refused:
        trip_applied_for(enrolment, firm_rep_a, **dates)
    assert field in refused.value.message_dict
    assert not Trip.objects.exists()


def test_another_firm_cannot_apply_for_this_one(enrolment, cluster_a, coach):
    rival, _organization = rival_firm_rep(cluster_a)
    for outsider in (rival, coach):
        with pytest.raises(PermissionDenied):
            trip_applied_for(enrolment, outsider)


# Deciding ------------------------------------------------------------------------------------


def test_the_budget_stays_within_the_cap_for_the_country(project, enrolment, firm_rep_a, manager_a):
    trip_cap_set(project=project, country="DE", cap=M("1200"), currency="EUR")
    trip = trip_applied_for(enrolment, firm_rep_a, budget_requested=M("1200"))
    with pytest.raises(ValidationError) as refused:
        trip_approve(trip=trip, budget=M("1500"), actor=manager_a)
    message = str(refused.value.message_dict["budget"])
    assert "Germany" in message and "1200" in message
    trip.refresh_from_db()
    assert trip.status == TripStatus.APPLIED and trip.budget_approved is None
    trip = trip_approve(trip=trip, budget=M("1200"), actor=manager_a)
    assert trip.status == TripStatus.APPROVED and trip.budget_approved == M("1200")
    assert trip.decided_by == manager_a and trip.decided_at is not None


def test_a_cap_on_another_country_does_not_limit_this_trip(
    project, enrolment, firm_rep_a, manager_a
):
    trip_cap_set(project=project, country="CN", cap=M("500"), currency="EUR")
    trip = trip_approve(
        trip=trip_applied_for(enrolment, firm_rep_a), budget=M("2500"), actor=manager_a
    )
    assert trip.budget_approved == M("2500")


def test_only_managers_decide_on_trips(enrolment, firm_rep_a, viewer_a):
    trip = trip_applied_for(enrolment, firm_rep_a)
    for user in (firm_rep_a, viewer_a):
        with pytest.raises(PermissionDenied):
            trip_approve(trip=trip, budget=M("100"), actor=user)


def test_a_rejection_needs_a_reason(enrolment, firm_rep_a, manager_a):
    trip = trip_applied_for(enrolment, firm_rep_a)
    with pytest.raises(ValidationError):
        trip_reject(trip=trip, reason="", actor=manager_a)
    trip = trip_reject(trip=trip, reason="No fair budget left", actor=manager_a)
    assert trip.status == TripStatus.REJECTED


def test_a_trip_is_done_only_once_approved_and_started(enrolment, firm_rep_a, manager_a):
    trip = trip_applied_for(enrolment, firm_rep_a)
    with pytest.raises(ValidationError):
        trip_mark_done(trip=trip, actor=manager_a)
    tomorrow = timezone.localdate() + timedelta(days=1)
    later = trip_approve(
        trip=trip_applied_for(enrolment, firm_rep_a, start=tomorrow, end=tomorrow),
        budget=M("10"),
        actor=manager_a,
    )
    with pytest.raises(ValidationError) as refused:
        trip_mark_done(trip=later, actor=manager_a)
    assert "cannot be done yet" in str(refused.value.message_dict["status"])
    trip = trip_approve(trip=trip, budget=M("10"), actor=manager_a)
    assert trip_mark_done(trip=trip, actor=manager_a).status == TripStatus.DONE


# Claims --------------------------------------------------------------------------------------


def test_claims_never_pass_the_approved_budget(approved_trip, firm_rep_a, media_root):
    claim(approved_trip, firm_rep_a, amount="700")
    files_before = stored_files(media_root)
    with pytest.raises(ValidationError) as refused:
        claim(approved_trip, firm_rep_a, amount="300.01")
    message = str(refused.value.message_dict["amount"])
    assert "Only 300.00 EUR" in message and "1000.00 EUR" in message
    assert ExpenseClaim.objects.count() == 1
    assert stored_files(media_root) == files_before
    claim(approved_trip, firm_rep_a, amount="300")


def test_a_rejected_claim_frees_its_amount(approved_trip, firm_rep_a, manager_a):
    first = claim(approved_trip, firm_rep_a, amount="1000")
    with pytest.raises(ValidationError):
        expense_claim_decide(claim=first, approve=False, reason="", actor=manager_a)
    expense_claim_decide(claim=first, approve=False, reason="Not a trip cost", actor=manager_a)
    assert claim(approved_trip, firm_rep_a, amount="1000").status == ClaimStatus.SUBMITTED


@pytest.mark.parametrize("decision", ["rejected", "applied"])
def test_no_claim_for_a_trip_not_approved(enrolment, firm_rep_a, manager_a, media_root, decision):
    trip = trip_applied_for(enrolment, firm_rep_a)
    if decision == "rejected":
        trip = trip_reject(trip=trip, reason="No", actor=manager_a)
    with pytest.raises(ValidationError) as refused:
        claim(trip, firm_rep_a)
    assert "approved trips only" in str(refused.value.message_dict["amount"])
    assert not ExpenseClaim.objects.exists()
    assert stored_files(media_root) == []


def test_a_claim_is_in_the_trips_currency(approved_trip, firm_rep_a):
    with pytest.raises(ValidationError) as refused:
        claim(approved_trip, firm_rep_a, currency="SEK")
    assert "EUR" in str(refused.value.message_dict["currency"])


def test_another_firm_cannot_claim_on_this_trip(approved_trip, cluster_a):
    rival, _organization = rival_firm_rep(cluster_a)
    with pytest.raises(PermissionDenied):
        claim(approved_trip, rival)


def test_approved_claims_are_reimbursed(approved_trip, firm_rep_a, manager_a):
    submitted = claim(approved_trip, firm_rep_a)
    with pytest.raises(ValidationError):
        expense_claim_mark_reimbursed(claim=submitted, on=timezone.localdate(), actor=manager_a)
    expense_claim_decide(claim=submitted, approve=True, reason="", actor=manager_a)
    with pytest.raises(ValidationError):
        expense_claim_mark_reimbursed(
            claim=submitted, on=timezone.localdate() + timedelta(days=1), actor=manager_a
        )
    paid = expense_claim_mark_reimbursed(claim=submitted, on=timezone.localdate(), actor=manager_a)
    assert paid.status == ClaimStatus.REIMBURSED and paid.reimbursed_on == timezone.localdate()


# The report ----------------------------------------------------------------------------------


def test_only_a_done_trip_is_reported(approved_trip, manager_a):
    data = {"meetings_held": 6, "leads": 4, "contracts_signed": 1, "units_sold": 3}
    with pytest.raises(ValidationError):
        trip_report_save(trip=approved_trip, data=data)
    trip = trip_mark_done(trip=approved_trip, actor=manager_a)
    report = trip_report_save(trip=trip, data=data)
    assert (report.meetings_held, report.contracts_signed) == (6, 1)
    trip_report_save(trip=trip, data={**data, "units_sold": 15})
    assert TripReport.objects.get().units_sold == 15


# Pages ---------------------------------------------------------------------------------------


def test_the_list_puts_applications_first_the_longest_waiting_on_top(
    client_for, manager_a, enrolment, firm_rep_a
):
    decided = trip_approve(
        trip=trip_applied_for(enrolment, firm_rep_a), budget=M("10"), actor=manager_a
    )
    recent, oldest = (
        trip_applied_for(enrolment, firm_rep_a),
        trip_applied_for(enrolment, firm_rep_a),
    )
    now = timezone.now()
    Trip.objects.filter(pk=recent.pk).update(requested_at=now - timedelta(days=2, hours=1))
    Trip.objects.filter(pk=oldest.pk).update(requested_at=now - timedelta(days=9, hours=1))
    Trip.objects.filter(pk=decided.pk).update(requested_at=now - timedelta(days=30))
    response = client_for(manager_a).get(reverse("internationalization:trip-list"))
    trips = list(response.context["trips"])
    assert [t.pk for t in trips] == [oldest.pk, recent.pk, decided.pk]
    assert [t.days_waiting for t in trips] == [9, 2, None]


def test_page_two_of_the_list_keeps_the_status_filter(client_for, manager_a, enrolment, firm_rep_a):
    for _ in range(26):
        trip_applied_for(enrolment, firm_rep_a)
    url = reverse("internationalization:trip-list")
    page = client_for(manager_a).get(url, {"status": "applied"}).content.decode()
    assert 'href="?status=applied&amp;page=2"' in page


def test_coaches_do_not_see_the_trip_list(client_for, coach, enrolment):
    assert client_for(coach).get(reverse("internationalization:trip-list")).status_code == 403


def test_trip_list_query_budget(
    client_for, manager_a, enrolment, firm_rep_a, django_assert_max_num_queries
):
    for _ in range(5):
        trip_applied_for(enrolment, firm_rep_a)
    client = client_for(manager_a)
    # session, user, the current cluster, staff roles (rule), paginator count, the page of
    # trips with their firms and projects, the projects for the cap links, the switcher.
    with django_assert_max_num_queries(8):
        assert client.get(reverse("internationalization:trip-list")).status_code == 200


def test_trip_detail_query_budget(
    client_for, manager_a, approved_trip, firm_rep_a, django_assert_max_num_queries
):
    for _ in range(4):
        claim(approved_trip, firm_rep_a, amount="10")
    client = client_for(manager_a)
    # session, user, the trip with its firm, project and decider, the claims, the report,
    # staff roles (rules), the cap, the history with its users, the users named in its
    # changes (decided by), the current cluster, the switcher.
    with django_assert_max_num_queries(11):
        url = reverse("internationalization:trip-detail", args=[approved_trip.pk])
        assert client.get(url).status_code == 200


def test_the_firm_sees_its_trip_and_another_firm_does_not(
    client_for, approved_trip, firm_rep_a, cluster_a
):
    url = reverse("internationalization:trip-detail", args=[approved_trip.pk])
    page = client_for(firm_rep_a).get(url)
    assert page.status_code == 200
    assert page.context["can_claim"] and not page.context["can_decide"]
    assert not page.context["show_history"]
    rival, _organization = rival_firm_rep(cluster_a)
    assert client_for(rival).get(url).status_code == 404


def test_applying_in_the_browser(client_for, enrolment, firm_rep_a):
    url = reverse("internationalization:trip-apply", args=[enrolment.pk])
    client = client_for(firm_rep_a)
    assert client.get(url).status_code == 200
    form = {
        "country": "US",
        "city": "Charlotte",
        "event": "Fair",
        "start": "2031-04-01",
        "end": "2031-04-05",
        "purpose": "customers",
        "budget_requested": "3000",
    }
    refused = client.post(url, form)
    assert "2020-01-01 to 2030-12-31" in str(refused.context["form"].errors["start"])
    assert not Trip.objects.exists()
    response = client.post(url, {**form, "start": "2026-04-01", "end": "2026-04-05"})
    trip = Trip.objects.get()
    assert response["Location"] == reverse("internationalization:trip-detail", args=[trip.pk])


def test_manager_actions_in_the_browser(client_for, manager_a, project, enrolment, firm_rep_a):
    trip_cap_set(project=project, country="DE", cap=M("800"), currency="EUR")
    trip = trip_applied_for(enrolment, firm_rep_a, budget_requested=M("800"))
    client = client_for(manager_a)
    over = client.post(
        reverse("internationalization:trip-approve", args=[trip.pk]), {"budget": "900"}
    )
    assert over.status_code == 400
    assert "800" in str(over.context["approve_form"].errors["budget"])
    assert (
        client.post(
            reverse("internationalization:trip-approve", args=[trip.pk]), {"budget": "800"}
        ).status_code
        == 302
    )
    assert client.post(reverse("internationalization:trip-done", args=[trip.pk])).status_code == 302
    trip.refresh_from_db()
    assert trip.status == TripStatus.DONE
    report = client_for(firm_rep_a).post(
        reverse("internationalization:trip-report", args=[trip.pk]),
        {"meetings_held": "5", "leads": "2", "contracts_signed": "1", "units_sold": "3"},
    )
    assert report.status_code == 302
    assert TripReport.objects.get(trip=trip).leads == 2


def test_claim_decisions_in_the_browser(client_for, manager_a, approved_trip, firm_rep_a):
    submitted = claim(approved_trip, firm_rep_a)
    client = client_for(manager_a)
    decide = reverse("internationalization:expense-claim-decide", args=[submitted.pk])
    assert client.post(decide, {"approve": "0", "reason": ""}).status_code == 400
    assert client.post(decide, {"approve": "1", "reason": ""}).status_code == 302
    paid = client.post(
        reverse("internationalization:expense-claim-reimbursed", args=[submitted.pk]),
        {"on": timezone.localdate().isoformat()},
    )
    assert paid.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == ClaimStatus.REIMBURSED
    firm = client_for(firm_rep_a).post(decide, {"approve": "1"})
    assert firm.status_code == 403


def test_caps_page(client_for, manager_a, project, viewer_a):
    url = reverse("internationalization:trip-caps", args=[project.slug])
    assert client_for(viewer_a).get(url).status_code == 403
    response = client_for(manager_a).post(url, {"country": "CN", "cap": "1500", "currency": "EUR"})
    assert response.status_code == 302
    assert project.trip_caps.get().cap == M("1500")


# API -----------------------------------------------------------------------------------------


def test_api_trip_apply_approve_over_cap_and_done(
    client_for, manager_a, firm_rep_a, project, enrolment
):
    trip_cap_set(project=project, country="DE", cap=M("1000"), currency="EUR")
    created = client_for(firm_rep_a).post(
        reverse("api:trip-list"),
        {
            "enrolment": enrolment.pk,
            "country": "DE",
            "city": "Munich",
            "start": "2026-05-01",
            "end": "2026-05-03",
            "purpose": "suppliers",
            "budget_requested": "1000",
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    manager = client_for(manager_a)
    approve = reverse("api:trip-approve", args=[pk])
    over = manager.post(approve, {"budget": "1500"}, content_type="application/json")
    assert over.status_code == 400 and "1000" in str(over.json()["budget"])
    assert (
        manager.post(approve, {"budget": "900"}, content_type="application/json").json()[
            "budget_approved"
        ]
        == "900.00"
    )
    assert manager.post(reverse("api:trip-done", args=[pk])).json()["status"] == "done"
    assert manager.delete(reverse("api:trip-detail", args=[pk])).status_code == 405


def test_api_trip_dates_refused_with_field_errors(client_for, firm_rep_a, enrolment):
    response = client_for(firm_rep_a).post(
        reverse("api:trip-list"),
        {
            "enrolment": enrolment.pk,
            "country": "DE",
            "city": "Munich",
            "start": "2031-05-01",
            "end": "2031-05-03",
            "purpose": "suppliers",
            "budget_requested": "1500",
        },
        content_type="application/json",
    )
    assert response.status_code == 400 and "start" in response.json()
    assert not Trip.objects.exists()
