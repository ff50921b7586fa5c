"""Intake dates read in order (issue 10, point 7): an interview is not before the firm applied,
a fee is not paid before the firm was accepted. Refused at the field, in the form and the API."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from projects.services import enrolment_apply, enrolment_decide, enrolment_record_interview
from tests.factories.common import ASSESSMENT

pytestmark = pytest.mark.django_db


@pytest.fixture
def applied(project, eligible_firm, firm_rep_a, today):
    """Applied ten days ago."""
    return enrolment_apply(
        project=project,
        organization=eligible_firm,
        assessment=ASSESSMENT,
        actor=firm_rep_a,
        applied_on=today - timedelta(days=10),
    )


@pytest.fixture
def accepted(applied, partner, manager_a, today):
    """Interviewed eight days ago, accepted five days ago (a fee of 500 falls due)."""
    enrolment_record_interview(
        enrolment=applied, held_on=today - timedelta(days=8), notes="", actor=manager_a
    )
    return enrolment_decide(
        enrolment=applied,
        accept=True,
        reason="",
        actor=manager_a,
        decided_on=today - timedelta(days=5),
    )


def api(user, enrolment, name: str, data: dict):
    client = APIClient()
    client.force_authenticate(user)
    return client.post(reverse(f"api:enrolment-{name}", args=[enrolment.pk]), data, format="json")


def field_errors(response, form_name: str, field: str) -> str:
    return " ".join(response.context[form_name].errors.get(field, []))


def test_an_interview_cannot_be_scheduled_before_the_application(
    client_for, manager_a, applied, today
):
    too_early = f"{(today - timedelta(days=12)).isoformat()}T10:00"
    response = client_for(manager_a).post(
        reverse("projects:enrolment-interview-schedule", args=[applied.pk]),
        {"interview_at": too_early},
    )
    assert response.status_code == 400
    message = field_errors(response, "schedule_form", "interview_at")
    assert "applied on" in message and (today - timedelta(days=10)).isoformat() in message
    refused = api(manager_a, applied, "interview", {"interview_at": f"{too_early}:00Z"})
    assert refused.status_code == 400
    assert "applied on" in " ".join(refused.json()["interview_at"])
    applied.refresh_from_db()
    assert applied.interview_at is None


def test_an_interview_cannot_be_recorded_as_held_before_the_application(
    client_for, manager_a, applied, today
):
    response = client_for(manager_a).post(
        reverse("projects:enrolment-interview-record", args=[applied.pk]),
        {"held_on": (today - timedelta(days=11)).isoformat(), "notes": ""},
    )
    assert response.status_code == 400
    assert (today - timedelta(days=10)).isoformat() in field_errors(
        response, "record_form", "held_on"
    )
    applied.refresh_from_db()
    assert applied.interviewed_on is None


def test_a_fee_cannot_be_paid_before_the_acceptance(client_for, manager_a, accepted, today):
    before = (today - timedelta(days=6)).isoformat()
    response = client_for(manager_a).post(
        reverse("projects:enrolment-fee-paid", args=[accepted.pk]), {"paid_on": before}
    )
    assert response.status_code == 400
    message = field_errors(response, "fee_form", "paid_on")
    assert "accepted on" in message and (today - timedelta(days=5)).isoformat() in message
    refused = api(manager_a, accepted, "fee-paid", {"paid_on": before})
    assert refused.status_code == 400
    assert "accepted on" in " ".join(refused.json()["paid_on"])
    accepted.refresh_from_db()
    assert accepted.fee_paid_on is None
    on_the_day = api(
        manager_a, accepted, "fee-paid", {"paid_on": (today - timedelta(days=5)).isoformat()}
    )
    assert on_the_day.status_code == 200


def test_the_fee_form_on_the_enrolment_page_is_prefilled_with_an_iso_today(
    client_for, manager_a, accepted, today
):
    page = client_for(manager_a).get(accepted.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="ru")
    field = str(page.context["fee_form"]["paid_on"])
    assert re.search(rf'value="{today.isoformat()}"', field), field
