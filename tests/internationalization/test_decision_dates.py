"""Decisions on timbank requests and trips recorded after the fact (issue 9, point 1): the
approval and rejection forms and the API take the day the decision was taken (prefilled with
today); the service dates the decision at that day (now for today, noon otherwise) and refuses
a day in the future or before the request was made, at ``decided_on``."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from clusters.dates import moment_of
from internationalization.choices import TimbankRequestStatus, TripStatus
from internationalization.services.timbank import timbank_request_approve
from internationalization.services.trips import trip_reject
from tests.factories.activities import timbank_request_for, trip_applied_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

FUTURE = "The date cannot be in the future."


def at(day, hour: int = 12) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def timbank_request(enrolment, firm_rep_a, pool, today):
    """8 h asked at 9:00 two weeks ago."""
    return timbank_request_for(enrolment, firm_rep_a, requested_at=at(today - timedelta(14), 9))


@pytest.fixture
def trip(enrolment, firm_rep_a, today):
    """A trip applied for at 9:00 two weeks ago."""
    return trip_applied_for(enrolment, firm_rep_a, requested_at=at(today - timedelta(14), 9))


# What is decided, and how the pages and the API post it ------------------------------------

DECISIONS = {
    # name: (object fixture, page url, api url, the decision's other input)
    "timbank-approve": (
        "timbank_request",
        "internationalization:timbank-request-approve",
        "api:timbank-request-approve",
        {"hours": "6"},
    ),
    "timbank-reject": (
        "timbank_request",
        "internationalization:timbank-request-reject",
        "api:timbank-request-reject",
        {"reason": "Not in scope"},
    ),
    "trip-approve": (
        "trip",
        "internationalization:trip-approve",
        "api:trip-approve",
        {"budget": "1500"},
    ),
    "trip-reject": (
        "trip",
        "internationalization:trip-reject",
        "api:trip-reject",
        {"reason": "Not this fair"},
    ),
}
EXPECTED_STATUS = {
    "timbank-approve": TimbankRequestStatus.APPROVED,
    "timbank-reject": TimbankRequestStatus.REJECTED,
    "trip-approve": TripStatus.APPROVED,
    "trip-reject": TripStatus.REJECTED,
}


def decided(request, name: str):
    fixture, page, api, data = DECISIONS[name]
    return request.getfixturevalue(fixture), page, api, data


def shown_at_the_field(response, message: str) -> bool:
    """The message is in the block of the decided_on field (its input, then its errors)."""
    inside = r'(?:(?!<div class="field[ "]).)*'
    pattern = r'<div class="field field-invalid">' + inside + 'name="decided_on"' + inside
    pattern += r'<div class="field-errors" role="alert">' + inside + re.escape(message)
    return re.search(pattern, response.content.decode(), re.DOTALL) is not None


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


# The pages -----------------------------------------------------------------------------------


def test_both_decision_forms_offer_the_day_prefilled_with_today(
    client_for, manager_a, timbank_request, trip, today
):
    pages = (
        reverse("internationalization:timbank-request-detail", args=[timbank_request.pk]),
        reverse("internationalization:trip-detail", args=[trip.pk]),
    )
    for url in pages:
        html = client_for(manager_a).get(url).content.decode()
        for form in ("approve", "reject"):
            field = re.search(rf'<input[^>]*id="id_{form}_decided_on"[^>]*>', html).group(0)
            assert 'type="date"' in field and 'name="decided_on"' in field
            assert f'value="{today.isoformat()}"' in field
            assert f'<label for="id_{form}_decided_on">' in html


@pytest.mark.parametrize("name", DECISIONS)
def test_a_decision_taken_last_week_is_dated_that_day(request, client_for, manager_a, today, name):
    obj, page, _api, data = decided(request, name)
    last_week = today - timedelta(days=7)

    response = client_for(manager_a).post(
        reverse(page, args=[obj.pk]), {**data, "decided_on": last_week.isoformat()}
    )

    assert response.status_code == 302
    obj.refresh_from_db()
    assert obj.status == EXPECTED_STATUS[name]
    assert timezone.localtime(obj.decided_at) == at(last_week)
    assert obj.decided_by == manager_a
    # When it was typed in stays in the audit history.
    assert obj.history.first().history_date.date() == timezone.now().date()


@pytest.mark.parametrize("name", DECISIONS)
def test_a_decision_dated_today_or_left_empty_is_dated_now(
    request, client_for, manager_a, today, name
):
    obj, page, _api, data = decided(request, name)
    before = timezone.now()

    if name.endswith("approve"):
        data = {**data, "decided_on": today.isoformat()}
    response = client_for(manager_a).post(reverse(page, args=[obj.pk]), data)

    assert response.status_code == 302
    obj.refresh_from_db()
    assert before <= obj.decided_at <= timezone.now()


@pytest.mark.parametrize("name", DECISIONS)
def test_a_decision_dated_tomorrow_is_refused_at_the_field(
    request, client_for, manager_a, pool, reserved, today, name
):
    obj, page, _api, data = decided(request, name)
    tomorrow = today + timedelta(days=1)

    response = client_for(manager_a).post(
        reverse(page, args=[obj.pk]), {**data, "decided_on": tomorrow.isoformat()}
    )

    assert response.status_code == 400
    form = response.context["approve_form" if name.endswith("approve") else "reject_form"]
    assert form.errors == {"decided_on": [FUTURE]}
    assert shown_at_the_field(response, FUTURE)
    obj.refresh_from_db()
    assert obj.decided_at is None and obj.decided_by is None
    assert obj.status in (TimbankRequestStatus.PENDING, TripStatus.APPLIED)
    assert reserved() == Decimal("0")


@pytest.mark.parametrize("name", DECISIONS)
def test_a_decision_dated_before_the_request_is_refused_at_the_field(
    request, client_for, manager_a, pool, reserved, today, name
):
    obj, page, _api, data = decided(request, name)
    requested_on = today - timedelta(days=14)

    response = client_for(manager_a).post(
        reverse(page, args=[obj.pk]),
        {**data, "decided_on": (requested_on - timedelta(days=1)).isoformat()},
    )

    assert response.status_code == 400
    message = (
        f"The request was made on {requested_on.isoformat()}; it cannot be decided on an "
        "earlier day."
    )
    form = response.context["approve_form" if name.endswith("approve") else "reject_form"]
    assert form.errors == {"decided_on": [message]}
    assert shown_at_the_field(response, message)
    obj.refresh_from_db()
    assert obj.decided_at is None
    assert reserved() == Decimal("0")


def test_a_decision_on_the_day_of_the_request_is_not_dated_before_it(
    client_for, manager_a, enrolment, firm_rep_a, pool, today
):
    """Asked at 15:00 three days ago and approved "that day": dated at the request, not at
    noon, so the lead time is never negative."""
    day = today - timedelta(days=3)
    request = timbank_request_for(enrolment, firm_rep_a, requested_at=at(day, 15))

    response = client_for(manager_a).post(
        reverse("internationalization:timbank-request-approve", args=[request.pk]),
        {"hours": "8", "decided_on": day.isoformat()},
    )

    assert response.status_code == 302
    request.refresh_from_db()
    assert request.decided_at == request.requested_at == at(day, 15)


def test_the_queue_approves_without_a_day_and_dates_it_now(client_for, manager_a, timbank_request):
    """The queue's inline approval has no day: the decision is dated now."""
    before = timezone.now()
    response = client_for(manager_a).post(
        reverse("internationalization:timbank-request-approve", args=[timbank_request.pk]),
        {"hours": "8", "next": reverse("internationalization:timbank-queue")},
    )
    assert response.status_code == 302
    timbank_request.refresh_from_db()
    assert timbank_request.decided_at >= before


# The services --------------------------------------------------------------------------------


def test_the_services_refuse_a_decision_before_the_request_or_in_the_future(
    manager_a, timbank_request, trip, today
):
    with pytest.raises(ValidationError) as early:
        timbank_request_approve(
            request=timbank_request,
            hours=Decimal("8"),
            actor=manager_a,
            decided_at=at(today - timedelta(days=20)),
        )
    assert list(early.value.message_dict) == ["decided_on"]
    with pytest.raises(ValidationError) as future:
        trip_reject(
            trip=trip, reason="No", actor=manager_a, decided_at=at(today + timedelta(days=1))
        )
    assert future.value.message_dict == {
        "decided_on": ["A decision cannot be dated in the future."]
    }


def test_moment_of_a_day():
    today = timezone.localdate()
    assert moment_of(None) is None
    assert abs(moment_of(today) - timezone.now()) < timedelta(seconds=5)
    assert moment_of(today - timedelta(days=2)) == at(today - timedelta(days=2))


# The API -------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", DECISIONS)
def test_the_api_takes_the_day_of_the_decision(request, manager_a, today, name):
    obj, _page, url, data = decided(request, name)
    last_week = today - timedelta(days=7)

    response = api(manager_a).post(
        reverse(url, args=[obj.pk]), {**data, "decided_on": last_week.isoformat()}, format="json"
    )

    assert response.status_code == 200, response.json()
    obj.refresh_from_db()
    assert obj.status == EXPECTED_STATUS[name]
    assert timezone.localtime(obj.decided_at) == at(last_week)


@pytest.mark.parametrize("name", DECISIONS)
def test_the_api_without_a_day_dates_the_decision_now(request, manager_a, name):
    obj, _page, url, data = decided(request, name)
    before = timezone.now()

    response = api(manager_a).post(reverse(url, args=[obj.pk]), data, format="json")

    assert response.status_code == 200, response.json()
    obj.refresh_from_db()
    assert obj.decided_at >= before


@pytest.mark.parametrize("name", DECISIONS)
def test_the_api_refuses_a_future_day_or_one_before_the_request(
    request, manager_a, pool, reserved, today, name
):
    obj, _page, url, data = decided(request, name)
    client = api(manager_a)

    def post(day: str):
        return client.post(reverse(url, args=[obj.pk]), {**data, "decided_on": day}, format="json")

    future = post((today + timedelta(days=1)).isoformat())
    early = post((today - timedelta(days=15)).isoformat())
    garbled = post("last tuesday")

    assert [r.status_code for r in (future, early, garbled)] == [400, 400, 400]
    assert future.json() == {"decided_on": ["A decision cannot be dated in the future."]}
    assert "it cannot be decided on an earlier day" in early.json()["decided_on"][0]
    assert "decided_on" in garbled.json()
    obj.refresh_from_db()
    assert obj.decided_at is None
    assert reserved() == Decimal("0")


def test_a_refused_approval_from_the_queue_offers_today_again(
    client_for, manager_a, timbank_request, today
):
    """Posted without a day (the queue's inline form) and refused: the request's page shows
    the approval again with today in its day, which is what the empty day meant."""
    response = client_for(manager_a).post(
        reverse("internationalization:timbank-request-approve", args=[timbank_request.pk]),
        {"hours": "9"},
    )
    assert response.status_code == 400
    form = response.context["approve_form"]
    assert "hours" in form.errors and "decided_on" not in form.errors
    assert f'value="{today.isoformat()}"' in str(form["decided_on"])
