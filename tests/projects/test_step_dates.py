"""Enrolment steps recorded after the fact (issue 9, point 1): the decision, the activation
and the dropout carry the day they happened, given on the enrolment's page or over the API;
the day is prefilled with today, never in the future, never before the step before."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from projects.choices import EnrolmentStatus
from projects.models import EnrolmentStatusChange
from projects.services import (
    enrolment_activate,
    enrolment_apply,
    enrolment_decide,
    enrolment_record_interview,
)
from tests.factories.common import ASSESSMENT

pytestmark = pytest.mark.django_db


@pytest.fixture
def interviewed(project, eligible_firm, firm_rep_a, partner, manager_a, today):
    """Applied three weeks ago, interviewed two weeks ago."""
    enrolment = enrolment_apply(
        project=project,
        organization=eligible_firm,
        assessment=ASSESSMENT,
        actor=firm_rep_a,
        applied_on=today - timedelta(days=21),
    )
    return enrolment_record_interview(
        enrolment=enrolment, held_on=today - timedelta(days=14), notes="", actor=manager_a
    )


@pytest.fixture
def accepted(interviewed, manager_a, today):
    """Accepted ten days ago."""
    return enrolment_decide(
        enrolment=interviewed,
        accept=True,
        reason="",
        actor=manager_a,
        decided_on=today - timedelta(days=10),
    )


@pytest.fixture
def active(accepted, manager_a, today):
    """Active since nine days ago."""
    return enrolment_activate(
        enrolment=accepted, actor=manager_a, activated_on=today - timedelta(days=9)
    )


def step(client, enrolment, name: str, data: dict):
    return client.post(reverse(f"projects:enrolment-{name}", args=[enrolment.pk]), data)


def api_step(user, enrolment, name: str, data: dict):
    client = APIClient()
    client.force_authenticate(user)
    return client.post(reverse(f"api:enrolment-{name}", args=[enrolment.pk]), data, format="json")


def shown_at_the_field(response, field: str, message: str) -> bool:
    """The message is in the field's own block (input, then its errors), not at the top."""
    inside = r'(?:(?!<div class="field[ "]).)*'
    pattern = r'<div class="field field-invalid">' + inside + f'name="{field}"' + inside
    pattern += r'<div class="field-errors" role="alert">' + inside + re.escape(message)
    return re.search(pattern, response.content.decode(), re.DOTALL) is not None


def last_change(enrolment) -> EnrolmentStatusChange:
    return enrolment.status_changes.order_by("-pk").first()


# The forms are prefilled with today ------------------------------------------------------------


def test_the_step_forms_offer_the_day_prefilled_with_today(client_for, manager_a, accepted, today):
    page = client_for(manager_a).get(accepted.get_absolute_url())

    assert page.status_code == 200
    for form_name, field in (("activate_form", "activated_on"), ("drop_form", "dropped_on")):
        bound = page.context[form_name][field]
        assert bound.value() == today
        assert f'value="{today.isoformat()}"' in str(bound)
        assert 'type="date"' in str(bound)


def test_the_decision_form_offers_its_day(client_for, manager_a, interviewed, today):
    page = client_for(manager_a).get(interviewed.get_absolute_url())

    field = str(page.context["decide_form"]["decided_on"])
    assert 'name="decided_on"' in field and f'value="{today.isoformat()}"' in field


# A day in the past lands on that day -----------------------------------------------------------


def test_a_decision_taken_last_week_is_dated_that_day(client_for, manager_a, interviewed, today):
    last_week = today - timedelta(days=7)

    response = step(
        client_for(manager_a),
        interviewed,
        "decide",
        {"accept": "yes", "decided_on": last_week.isoformat()},
    )

    assert response.status_code == 302
    interviewed.refresh_from_db()
    assert (interviewed.status, interviewed.decided_on) == (EnrolmentStatus.ACCEPTED, last_week)
    change = last_change(interviewed)
    assert (change.to_status, change.on) == (EnrolmentStatus.ACCEPTED, last_week)
    # Typed in today (in local time: `at` is stored in UTC), dated last week.
    assert timezone.localtime(change.at).date() == today


def test_an_activation_of_last_week_is_dated_that_day(client_for, manager_a, accepted, today):
    last_week = today - timedelta(days=7)

    response = step(
        client_for(manager_a), accepted, "activate", {"activated_on": last_week.isoformat()}
    )

    assert response.status_code == 302
    change = last_change(accepted)
    assert (change.to_status, change.on) == (EnrolmentStatus.ACTIVE, last_week)


def test_a_dropout_of_last_week_is_dated_that_day(client_for, manager_a, active, today):
    last_week = today - timedelta(days=7)

    response = step(
        client_for(manager_a),
        active,
        "drop",
        {"phase": "trip", "reason": "other", "dropped_on": last_week.isoformat()},
    )

    assert response.status_code == 302
    active.refresh_from_db()
    assert (active.status, active.dropped_on) == (EnrolmentStatus.DROPPED, last_week)
    assert last_change(active).on == last_week


def test_a_step_without_a_day_is_dated_today(client_for, manager_a, accepted, today):
    assert step(client_for(manager_a), accepted, "activate", {}).status_code == 302
    assert last_change(accepted).on == today


# Refusals show at the field and change nothing -------------------------------------------------


@pytest.mark.parametrize(
    "fixture, name, data, field",
    [
        ("interviewed", "decide", {"accept": "yes"}, "decided_on"),
        ("accepted", "activate", {}, "activated_on"),
        ("active", "drop", {"phase": "trip", "reason": "other"}, "dropped_on"),
    ],
)
def test_a_step_dated_tomorrow_is_refused_at_the_field(
    request, client_for, manager_a, today, fixture, name, data, field
):
    enrolment = request.getfixturevalue(fixture)
    before = (enrolment.status, enrolment.status_changes.count())

    response = step(
        client_for(manager_a),
        enrolment,
        name,
        {**data, field: (today + timedelta(days=1)).isoformat()},
    )

    assert response.status_code == 400
    form = response.context[f"{name}_form"]
    assert form.errors[field] == ["The date cannot be in the future."]
    assert shown_at_the_field(response, field, "The date cannot be in the future.")
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.status_changes.count()) == before


@pytest.mark.parametrize(
    "fixture, name, data, field, previous",
    [
        ("interviewed", "decide", {"accept": "yes"}, "decided_on", 14),
        ("accepted", "activate", {}, "activated_on", 10),
        ("active", "drop", {"phase": "trip", "reason": "other"}, "dropped_on", 9),
    ],
)
def test_a_step_dated_before_the_step_before_is_refused_at_the_field(
    request, client_for, manager_a, today, fixture, name, data, field, previous
):
    enrolment = request.getfixturevalue(fixture)
    before = (enrolment.status, enrolment.status_changes.count())
    too_early = today - timedelta(days=previous + 1)

    response = step(client_for(manager_a), enrolment, name, {**data, field: too_early.isoformat()})

    assert response.status_code == 400
    message = (
        f"The previous step happened on {(today - timedelta(days=previous)).isoformat()}; "
        "this one cannot be earlier."
    )
    assert response.context[f"{name}_form"].errors[field] == [message]
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.status_changes.count()) == before


# The API takes the same days -------------------------------------------------------------------


def test_the_api_dates_each_step(manager_a, interviewed, today):
    days = {name: today - timedelta(days=ago) for name, ago in (("d", 7), ("a", 5), ("x", 3))}

    decided = api_step(
        manager_a, interviewed, "decide", {"accept": True, "decided_on": days["d"].isoformat()}
    )
    activated = api_step(
        manager_a, interviewed, "activate", {"activated_on": days["a"].isoformat()}
    )
    dropped = api_step(
        manager_a,
        interviewed,
        "drop",
        {"phase": "trip", "reason": "other", "dropped_on": days["x"].isoformat()},
    )

    assert [r.status_code for r in (decided, activated, dropped)] == [200, 200, 200]
    assert decided.json()["decided_on"] == days["d"].isoformat()
    history = {change["to_status"]: change["on"] for change in dropped.json()["status_changes"]}
    assert history["accepted"] == days["d"].isoformat()
    assert history["active"] == days["a"].isoformat()
    assert history["dropped"] == days["x"].isoformat()


def test_the_api_steps_default_to_today(manager_a, accepted, today):
    response = api_step(manager_a, accepted, "activate", {})

    assert response.status_code == 200
    assert last_change(accepted).on == today


@pytest.mark.parametrize(
    "fixture, name, data, field",
    [
        ("interviewed", "decide", {"accept": True}, "decided_on"),
        ("accepted", "activate", {}, "activated_on"),
        ("active", "drop", {"phase": "trip", "reason": "other"}, "dropped_on"),
    ],
)
def test_the_api_refuses_a_future_day_or_one_before_the_step_before(
    request, manager_a, today, fixture, name, data, field
):
    enrolment = request.getfixturevalue(fixture)
    before = enrolment.status_changes.count()

    future = api_step(manager_a, enrolment, name, {**data, field: str(today + timedelta(days=1))})
    early = api_step(manager_a, enrolment, name, {**data, field: str(today - timedelta(days=60))})
    garbled = api_step(manager_a, enrolment, name, {**data, field: "last tuesday"})

    assert [r.status_code for r in (future, early, garbled)] == [400, 400, 400]
    assert future.json()[field] == ["A step cannot be dated in the future."]
    assert "cannot be earlier" in early.json()[field][0]
    assert field in garbled.json()
    assert enrolment.status_changes.count() == before
