"""A coaching session is logged after it was held, never dated in the future (issue 10,
point 7): refused at the date field, in the service, the form and the API."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from internationalization.models import CoachingSession
from internationalization.services.coaching import coaching_session_log
from tests.factories.common import TODAY
from tests.factories.projects import enrolment_through_intake, running_project

pytestmark = pytest.mark.django_db

TOMORROW = TODAY + timedelta(days=1)
MESSAGE = "A coaching session cannot be dated in the future"


@pytest.fixture
def enrolment(cluster_a, firm_a, firm_rep_a, manager_a, coach_a):
    return enrolment_through_intake(
        running_project(cluster_a), firm_a, manager=manager_a, coach=coach_a
    )


def test_the_service_refuses_a_session_dated_tomorrow(enrolment, coach_a):
    with pytest.raises(ValidationError) as error:
        coaching_session_log(
            enrolment=enrolment, date=TOMORROW, hours=1, topic="Pricing", coach=coach_a
        )
    assert MESSAGE in " ".join(error.value.message_dict["date"])
    coaching_session_log(enrolment=enrolment, date=TODAY, hours=1, topic="Pricing", coach=coach_a)


def test_the_form_refuses_a_session_dated_tomorrow_at_the_date_field(
    client_for, coach_a, enrolment
):
    response = client_for(coach_a).post(
        reverse("internationalization:session-create", args=[enrolment.pk]),
        {"date": TOMORROW.isoformat(), "hours": "1", "topic": "Pricing", "notes": ""},
    )
    assert response.status_code in (200, 400)
    assert MESSAGE in " ".join(response.context["form"].errors["date"])
    assert not CoachingSession.objects.exists()


def test_the_api_refuses_a_session_dated_tomorrow_with_a_field_error(
    client_for, coach_a, enrolment
):
    response = client_for(coach_a).post(
        reverse("api:coaching-session-list"),
        {"enrolment": enrolment.pk, "date": TOMORROW.isoformat(), "hours": "1", "topic": "Pricing"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert MESSAGE in " ".join(response.json()["date"])
    assert not CoachingSession.objects.exists()
