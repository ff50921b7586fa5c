"""Firms log their own coaching (issue 10, point 6): whichever side logs a session, the other
confirms it; the side that must confirm may dispute it with a reason, the logger corrects it
and it awaits confirmation again; every state change is kept in the session's history. A
session is never dated in the future (point 7)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from internationalization.choices import SessionSide, SessionStatus
from internationalization.models import CoachingSession
from internationalization.selectors import sessions_awaiting
from internationalization.services.coaching import (
    coaching_session_confirm,
    coaching_session_correct,
    coaching_session_dispute,
    coaching_session_log_by_firm,
)
from tests.factories.activities import log_session
from tests.factories.clusters import UserFactory
from tests.factories.common import TODAY
from tests.factories.members import firm_with_rep
from tests.factories.projects import enrolment_through_intake, running_project

pytestmark = pytest.mark.django_db

A_WEEK_AGO = TODAY - timedelta(days=7)


@pytest.fixture
def project(cluster_a):
    return running_project(cluster_a)


@pytest.fixture
def enrolment(project, firm_a, firm_rep_a, manager_a, coach_a):
    return enrolment_through_intake(project, firm_a, manager=manager_a, coach=coach_a)


def firm_logs(enrolment, rep, hours="2", day=None, topic="Pricing in Germany"):
    return coaching_session_log_by_firm(
        enrolment=enrolment,
        date=day or A_WEEK_AGO,
        hours=Decimal(hours),
        topic=topic,
        representative=rep,
    )


# Who logs ------------------------------------------------------------------------------------


def test_the_firm_logs_a_session_that_awaits_its_coach(enrolment, firm_rep_a, coach_a):
    session = firm_logs(enrolment, firm_rep_a)
    assert session.logged_by_side == SessionSide.FIRM
    assert session.logged_by == firm_rep_a
    assert session.coach == coach_a
    assert session.status == SessionStatus.AWAITING


def test_the_coach_logs_a_session_that_awaits_the_firm(enrolment, coach_a):
    session = log_session(enrolment, coach_a)
    assert session.logged_by_side == SessionSide.OFFICE
    assert session.status == SessionStatus.AWAITING


def test_another_firm_may_not_log_for_the_firm(cluster_a, enrolment):
    _other, rival = firm_with_rep(cluster_a, "Rival AB", "rival@example.org")
    with pytest.raises(PermissionDenied):
        firm_logs(enrolment, rival)
    assert not CoachingSession.objects.exists()


def test_the_firm_logs_no_session_without_a_coach(enrolment, firm_rep_a):
    type(enrolment).objects.filter(pk=enrolment.pk).update(coach=None)
    with pytest.raises(ValidationError) as refused:
        firm_logs(enrolment, firm_rep_a)
    assert "enrolment" in refused.value.message_dict


def test_the_firms_session_keeps_the_allotment(enrolment, firm_rep_a):
    with pytest.raises(ValidationError) as refused:
        firm_logs(enrolment, firm_rep_a, hours="25")
    assert "hours" in refused.value.message_dict


def test_a_session_cannot_be_dated_in_the_future(enrolment, coach_a, firm_rep_a):
    tomorrow = TODAY + timedelta(days=1)
    with pytest.raises(ValidationError) as by_coach:
        log_session(enrolment, coach_a, day=tomorrow)
    assert "future" in " ".join(by_coach.value.message_dict["date"])
    with pytest.raises(ValidationError) as by_firm:
        firm_logs(enrolment, firm_rep_a, day=tomorrow)
    assert "date" in by_firm.value.message_dict
    assert not CoachingSession.objects.exists()


def test_the_form_refuses_a_future_date_at_the_field(client_for, coach_a, enrolment):
    url = reverse("internationalization:session-create", args=[enrolment.pk])
    response = client_for(coach_a).post(
        url,
        {"date": (TODAY + timedelta(days=2)).isoformat(), "hours": "1", "topic": "Later"},
    )
    assert response.status_code == 200
    assert "future" in " ".join(response.context["form"].errors["date"])


# Who confirms --------------------------------------------------------------------------------


def test_the_coach_confirms_the_firms_session(enrolment, firm_rep_a, coach_a):
    session = coaching_session_confirm(session=firm_logs(enrolment, firm_rep_a), user=coach_a)
    assert session.status == SessionStatus.CONFIRMED
    assert session.confirmed_by == coach_a


def test_a_manager_confirms_the_firms_session(enrolment, firm_rep_a, manager_a):
    session = coaching_session_confirm(session=firm_logs(enrolment, firm_rep_a), user=manager_a)
    assert session.confirmed_by == manager_a


def test_the_firm_does_not_confirm_its_own_session(enrolment, firm_rep_a):
    session = firm_logs(enrolment, firm_rep_a)
    with pytest.raises(PermissionDenied):
        coaching_session_confirm(session=session, user=firm_rep_a)


def test_the_coach_does_not_confirm_their_own_session(enrolment, coach_a):
    session = log_session(enrolment, coach_a)
    with pytest.raises(PermissionDenied):
        coaching_session_confirm(session=session, user=coach_a)


def test_another_coach_does_not_confirm_the_firms_session(cluster_a, enrolment, firm_rep_a):
    session = firm_logs(enrolment, firm_rep_a)
    with pytest.raises(PermissionDenied):
        coaching_session_confirm(session=session, user=UserFactory())


# Disputes and corrections --------------------------------------------------------------------


def test_the_firm_disputes_the_coachs_session_and_the_coach_corrects_it(
    enrolment, coach_a, firm_rep_a
):
    session = log_session(enrolment, coach_a, hours="3")
    disputed = coaching_session_dispute(
        session=session, user=firm_rep_a, reason="We met for two hours, not three."
    )
    assert disputed.status == SessionStatus.DISPUTED
    with pytest.raises(ValidationError):
        coaching_session_confirm(session=disputed, user=firm_rep_a)
    corrected = coaching_session_correct(
        session=disputed, actor=coach_a, date=A_WEEK_AGO, hours=Decimal(2), topic="Market"
    )
    assert corrected.status == SessionStatus.AWAITING
    assert corrected.hours == Decimal(2)
    confirmed = coaching_session_confirm(session=corrected, user=firm_rep_a)
    assert confirmed.status == SessionStatus.CONFIRMED


def test_the_coach_disputes_the_firms_session(enrolment, firm_rep_a, coach_a):
    session = coaching_session_dispute(
        session=firm_logs(enrolment, firm_rep_a), user=coach_a, reason="Not that day."
    )
    assert session.dispute_reason == "Not that day."


def test_the_logger_may_not_dispute_their_own_session(enrolment, coach_a):
    with pytest.raises(PermissionDenied):
        coaching_session_dispute(
            session=log_session(enrolment, coach_a), user=coach_a, reason="Oops"
        )


def test_a_dispute_needs_a_reason(enrolment, coach_a, firm_rep_a):
    session = log_session(enrolment, coach_a)
    with pytest.raises(ValidationError) as refused:
        coaching_session_dispute(session=session, user=firm_rep_a, reason="  ")
    assert "reason" in refused.value.message_dict


def test_a_confirmed_session_is_neither_disputed_nor_corrected(enrolment, coach_a, firm_rep_a):
    session = coaching_session_confirm(session=log_session(enrolment, coach_a), user=firm_rep_a)
    with pytest.raises(ValidationError):
        coaching_session_dispute(session=session, user=firm_rep_a, reason="Late")
    with pytest.raises(ValidationError):
        coaching_session_correct(
            session=session, actor=coach_a, date=A_WEEK_AGO, hours=Decimal(1), topic="X"
        )


def test_only_the_logging_side_corrects(enrolment, coach_a, firm_rep_a):
    session = log_session(enrolment, coach_a)
    with pytest.raises(PermissionDenied):
        coaching_session_correct(
            session=session, actor=firm_rep_a, date=A_WEEK_AGO, hours=Decimal(1), topic="X"
        )


def test_the_history_keeps_each_state_change(client_for, enrolment, coach_a, firm_rep_a):
    session = log_session(enrolment, coach_a, hours="3")
    coaching_session_dispute(session=session, user=firm_rep_a, reason="Two hours.")
    coaching_session_correct(
        session=session, actor=coach_a, date=A_WEEK_AGO, hours=Decimal(2), topic="Market"
    )
    states = list(session.history.order_by("history_date").values_list("status", flat=True))
    assert states == ["awaiting", "disputed", "awaiting"]
    page = client_for(firm_rep_a).get(session.get_absolute_url())
    assert page.status_code == 200
    assert page.context["history"][0].who == str(coach_a)


# Pages and API -------------------------------------------------------------------------------


def test_the_firm_logs_from_its_page_and_the_coach_confirms(
    client_for, enrolment, coach_a, firm_rep_a
):
    url = reverse("internationalization:session-create", args=[enrolment.pk])
    response = client_for(firm_rep_a).post(
        url, {"date": A_WEEK_AGO.isoformat(), "hours": "1.5", "topic": "Distributors"}
    )
    assert response.status_code == 302
    session = CoachingSession.objects.get()
    assert session.logged_by_side == SessionSide.FIRM
    confirm = reverse("internationalization:session-confirm", args=[session.pk])
    assert client_for(firm_rep_a).post(confirm).status_code == 403
    assert client_for(coach_a).post(confirm).status_code == 302
    session.refresh_from_db()
    assert session.status == SessionStatus.CONFIRMED


def test_the_dispute_page_shows_a_missing_reason_at_the_field(
    client_for, enrolment, coach_a, firm_rep_a
):
    session = log_session(enrolment, coach_a)
    url = reverse("internationalization:session-dispute", args=[session.pk])
    response = client_for(firm_rep_a).post(url, {"reason": ""})
    assert response.status_code == 400
    assert response.context["dispute_form"].errors["reason"]
    assert client_for(firm_rep_a).post(url, {"reason": "Never met"}).status_code == 302
    session.refresh_from_db()
    assert session.status == SessionStatus.DISPUTED


def test_the_correction_page_puts_the_session_back_to_awaiting(
    client_for, enrolment, coach_a, firm_rep_a
):
    session = coaching_session_dispute(
        session=log_session(enrolment, coach_a), user=firm_rep_a, reason="One hour more"
    )
    url = reverse("internationalization:session-correct", args=[session.pk])
    page = client_for(coach_a).get(url)
    assert "One hour more" in page.content.decode()
    response = client_for(coach_a).post(
        url, {"date": A_WEEK_AGO.isoformat(), "hours": "2", "topic": "Market"}
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.status, session.hours) == (SessionStatus.AWAITING, Decimal(2))


def test_api_firm_logs_and_coach_disputes(client_for, enrolment, coach_a, firm_rep_a):
    created = client_for(firm_rep_a).post(
        reverse("api:coaching-session-list"),
        {
            "enrolment": enrolment.pk,
            "date": A_WEEK_AGO.isoformat(),
            "hours": "1",
            "topic": "Pricing",
        },
        content_type="application/json",
    )
    assert created.status_code == 201
    assert created.json()["logged_by_side"] == "firm"
    pk = created.json()["id"]
    disputed = client_for(coach_a).post(
        reverse("api:coaching-session-dispute", args=[pk]),
        {"reason": "It was a phone call of 15 minutes."},
        content_type="application/json",
    )
    assert disputed.status_code == 200
    assert disputed.json()["status"] == "disputed"
    corrected = client_for(firm_rep_a).post(
        reverse("api:coaching-session-correct", args=[pk]),
        {"date": A_WEEK_AGO.isoformat(), "hours": "0.25", "topic": "Pricing call"},
        content_type="application/json",
    )
    assert corrected.status_code == 200
    assert corrected.json()["status"] == "awaiting"


def test_session_page_query_budget(
    client_for, django_assert_max_num_queries, enrolment, coach_a, firm_rep_a
):
    session = log_session(enrolment, coach_a)
    for hours in ("3", "2", "1"):
        coaching_session_dispute(session=session, user=firm_rep_a, reason="Again")
        coaching_session_correct(
            session=session, actor=coach_a, date=A_WEEK_AGO, hours=Decimal(hours), topic="M"
        )
    client = client_for(firm_rep_a)
    # session, user, cluster roles, representation, the session with its enrolment, the
    # history (one query) with its users, the shell's navigation: flat in the history's size.
    with django_assert_max_num_queries(16):
        assert client.get(session.get_absolute_url()).status_code == 200


def test_sessions_awaiting_lists_what_waits_for_each_side(enrolment, coach_a, firm_rep_a):
    by_firm = firm_logs(enrolment, firm_rep_a)
    by_coach = log_session(enrolment, coach_a)
    assert list(sessions_awaiting(coach_a)) == [by_firm]
    assert list(sessions_awaiting(firm_rep_a)) == [by_coach]
    coaching_session_confirm(session=by_firm, user=coach_a)
    assert not sessions_awaiting(coach_a).exists()


def test_the_session_list_shows_the_hours_confirmed(client_for, enrolment, coach_a, firm_rep_a):
    coaching_session_confirm(session=log_session(enrolment, coach_a, hours="2"), user=firm_rep_a)
    log_session(enrolment, coach_a, hours="1")
    url = reverse("internationalization:session-list", args=[enrolment.pk])
    assert client_for(coach_a).get(url).context["hours_confirmed"] == Decimal("2.00")
