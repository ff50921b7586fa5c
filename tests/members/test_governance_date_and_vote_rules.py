"""A decision says what its votes say, at a meeting that has happened; a membership fee is not
paid before the membership began (issue 10, point 7). Refused at the field in the form and
the API, nothing written."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from members.choices import DecisionOutcome
from members.models import Decision, FeePayment
from members.services import (
    body_save,
    decision_save,
    fee_schedule_save,
    fees_issue_for_year,
    meeting_save,
    organization_create,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
JSON = "application/json"


@pytest.fixture
def board(cluster_a):
    return body_save(cluster=cluster_a, data={"name": "Alpha board", "kind": "board"})


@pytest.fixture
def held(board):
    return meeting_save(body=board, data={"date": TODAY - timedelta(days=7), "title": "Plan"})


@pytest.fixture
def upcoming(board):
    return meeting_save(body=board, data={"date": TODAY + timedelta(days=7), "title": "Budget"})


def votes(votes_for: int, against: int, outcome: str = DecisionOutcome.ADOPTED) -> dict:
    return {
        "text": "Adopt the plan",
        "votes_for": votes_for,
        "votes_against": against,
        "abstentions": 0,
        "outcome": outcome,
    }


@pytest.mark.parametrize(("votes_for", "against"), [(0, 3), (2, 2)])
def test_a_decision_without_a_majority_for_cannot_be_adopted(
    client_for, manager_a, held, votes_for, against
):
    client = client_for(manager_a)
    response = client.post(
        reverse("members:decision-create", args=[held.pk]), votes(votes_for, against)
    )
    assert response.status_code == 200
    assert "more votes for than against" in " ".join(response.context["form"].errors["outcome"])
    refused = client.post(
        reverse("api:decision-list"),
        {"meeting": held.pk, **votes(votes_for, against)},
        content_type=JSON,
    )
    assert refused.status_code == 400
    assert "more votes for than against" in " ".join(refused.json()["outcome"])
    assert not Decision.objects.exists()


def test_a_decision_with_a_majority_or_taken_without_a_count_may_be_adopted(held):
    decision_save(meeting=held, data=votes(3, 1))
    decision_save(meeting=held, data=votes(0, 0))
    decision_save(meeting=held, data=votes(0, 3, DecisionOutcome.REJECTED))
    assert Decision.objects.count() == 3


def test_a_decision_at_a_meeting_that_has_not_happened_is_refused(client_for, manager_a, upcoming):
    client = client_for(manager_a)
    response = client.post(reverse("members:decision-create", args=[upcoming.pk]), votes(3, 0))
    assert response.status_code == 200
    assert "has not taken place" in " ".join(response.context["form"].non_field_errors())
    refused = client.post(
        reverse("api:decision-list"), {"meeting": upcoming.pk, **votes(3, 0)}, content_type=JSON
    )
    assert refused.status_code == 400
    assert "has not taken place" in " ".join(refused.json()["meeting"])
    assert not Decision.objects.exists()


@pytest.fixture
def fee(cluster_a):
    fee_schedule_save(
        cluster=cluster_a,
        data={
            "year": TODAY.year,
            "size_class": "",
            "amount": Decimal("5000"),
            "currency": "SEK",
            "due_on": date(TODAY.year, 12, 31),
        },
    )
    organization_create(
        cluster=cluster_a,
        data={"legal_name": "Gävle Energi AB", "registry_id": "556000-1", "employees": 5},
        membership_status="active",
        status_on=TODAY - timedelta(days=3),
    )
    fees_issue_for_year(cluster=cluster_a, year=TODAY.year)
    return FeePayment.objects.get()


def test_a_membership_fee_cannot_be_paid_before_the_membership_began(client_for, manager_a, fee):
    before = (TODAY - timedelta(days=4)).isoformat()
    client = client_for(manager_a)
    client.post(reverse("members:fee-paid", args=[fee.pk]), {"paid_on": before})
    fee.refresh_from_db()
    assert fee.paid_on is None
    refused = client.post(
        reverse("api:fee-payment-paid", args=[fee.pk]), {"paid_on": before}, content_type=JSON
    )
    assert refused.status_code == 400
    message = " ".join(refused.json()["paid_on"])
    assert "member since" in message and (TODAY - timedelta(days=3)).isoformat() in message
    fee.refresh_from_db()
    assert fee.paid_on is None


def test_the_fee_service_says_why_at_the_field(fee):
    from members.services import fee_payment_mark_paid

    with pytest.raises(ValidationError) as error:
        fee_payment_mark_paid(payment=fee, paid_on=TODAY - timedelta(days=30))
    assert "paid_on" in error.value.message_dict
