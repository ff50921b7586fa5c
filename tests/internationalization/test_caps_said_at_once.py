"""A request above a cap is refused when it is made, not only when it is decided (issue 10,
point 7): a trip's budget over the project's cap for the country, timbank hours over what is
left in the pool. One rule each, shared by the request and the decision; the message names the
cap or what is left, at the field, in the form and the API."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from internationalization.models import TimbankRequest, Trip
from internationalization.services.timbank import timbank_request_approve
from internationalization.services.trips import trip_cap_set
from tests.factories.activities import timbank_request_for, trip_applied_for

pytestmark = pytest.mark.django_db

JSON = "application/json"
TRIP = {
    "country": "DE",
    "city": "Nuremberg",
    "event": "Embedded World",
    "start": "2026-03-10",
    "end": "2026-03-13",
    "purpose": "fair",
}


@pytest.fixture
def capped(project):
    return trip_cap_set(project=project, country="DE", cap=Decimal("1200"), currency="EUR")


def test_a_trip_budget_over_the_countrys_cap_is_refused_when_applying(
    enrolment, firm_rep_a, capped
):
    with pytest.raises(ValidationError) as refused:
        trip_applied_for(enrolment, firm_rep_a, budget_requested=Decimal("1500"))
    message = " ".join(refused.value.message_dict["budget_requested"])
    assert "Germany" in message and "1200" in message
    assert trip_applied_for(enrolment, firm_rep_a, budget_requested=Decimal("1200"))


def test_the_trip_form_and_the_api_say_the_cap_at_once(client_for, enrolment, firm_rep_a, capped):
    client = client_for(firm_rep_a)
    url = reverse("internationalization:trip-apply", args=[enrolment.pk])
    page = client.get(url).content.decode()
    assert "Germany" in page and "1200" in page  # the caps are told before applying
    response = client.post(url, {**TRIP, "budget_requested": "1500"})
    message = " ".join(response.context["form"].errors["budget_requested"])
    assert "Germany" in message and "1200" in message
    refused = client.post(
        reverse("api:trip-list"),
        {**TRIP, "enrolment": enrolment.pk, "budget_requested": "1500"},
        content_type=JSON,
    )
    assert refused.status_code == 400
    assert "1200" in " ".join(refused.json()["budget_requested"])
    assert not Trip.objects.exists()


@pytest.fixture
def eight_reserved(enrolment, pool, firm_rep_a, manager_a):
    """Of the pool's 10 h, 8 are approved: 2 are left."""
    timbank_request_approve(
        request=timbank_request_for(enrolment, firm_rep_a, hours="8"),
        hours=Decimal(8),
        actor=manager_a,
    )


def test_timbank_hours_over_what_is_left_are_refused_when_requesting(
    enrolment, firm_rep_a, eight_reserved
):
    with pytest.raises(ValidationError) as refused:
        timbank_request_for(enrolment, firm_rep_a, hours="3")
    message = " ".join(refused.value.message_dict["hours_requested"])
    assert "Only 2" in message and "10" in message
    assert timbank_request_for(enrolment, firm_rep_a, hours="2")


def test_the_timbank_form_and_the_api_say_what_is_left_at_once(
    client_for, enrolment, firm_rep_a, eight_reserved
):
    client = client_for(firm_rep_a)
    data = {
        "service": "legal",
        "hours_requested": "3",
        "needed_by": "2026-12-31",
        "purpose": "Review the distributor contract.",
    }
    response = client.post(
        reverse("internationalization:timbank-request-create", args=[enrolment.pk]), data
    )
    assert "Only 2" in " ".join(response.context["form"].errors["hours_requested"])
    refused = client.post(
        reverse("api:timbank-request-list"), {**data, "enrolment": enrolment.pk}, content_type=JSON
    )
    assert refused.status_code == 400
    assert "Only 2" in " ".join(refused.json()["hours_requested"])
    assert TimbankRequest.objects.count() == 1
