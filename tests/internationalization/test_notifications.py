"""The activities' hand-offs tell the other side, and the beat's reminders tell who must act
once: a session unconfirmed after 7 days, a request undecided after 10."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.choices import NotificationKind as K
from accounts.models import Notification
from internationalization.choices import SessionStatus
from internationalization.models import CoachingSession, Trip
from internationalization.services.coaching import (
    coaching_session_dispute,
    coaching_session_log_by_firm,
)
from internationalization.services.reminders import (
    session_reminders_send,
)
from internationalization.services.timbank import (
    timbank_request_approve,
    timbank_request_ask_info,
    timbank_request_reject,
)
from internationalization.services.trips import expense_claim_decide, trip_approve, trip_reject
from internationalization.services.workshops import workshop_invite
from internationalization.tasks import send_activity_reminders
from tests.factories.activities import (
    ExpenseClaimFactory,
    log_session,
    make_workshop,
    timbank_request_for,
    trip_applied_for,
)
from tests.factories.common import TODAY

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_tasks")]


@pytest.fixture
def enrolment(enrolment):
    """The conftest's enrolment with coaching hours to log."""
    enrolment.coaching_hours_allotted = Decimal("20")
    enrolment.save(update_fields=["coaching_hours_allotted"])
    return enrolment


def told(kind: str) -> list[tuple[str, str]]:
    """(recipient's e-mail, url) of every notification of ``kind``."""
    return list(Notification.objects.filter(kind=kind).values_list("recipient__email", "url"))


def test_a_logged_session_asks_the_firm_to_confirm_it(
    enrolment, coach, firm_rep_a, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        session = log_session(enrolment, coach)
    page = reverse("internationalization:session-detail", kwargs={"pk": session.pk})
    assert told(K.SESSION_TO_CONFIRM) == [(firm_rep_a.email, page)]
    [mail] = mailoutbox
    assert f"{coach} logged a coaching session" in mail.body
    assert session.topic in mail.body


def test_a_workshop_invitation_tells_each_invited_firm_once(
    project, enrolment, firm_rep_a, mailoutbox, django_capture_on_commit_callbacks
):
    workshop = make_workshop(project, day=TODAY + timedelta(days=5))
    with django_capture_on_commit_callbacks(execute=True):
        workshop_invite(workshop=workshop)
        workshop_invite(workshop=workshop, enrolments=[enrolment])
    assert told(K.WORKSHOP_INVITATION) == [
        (firm_rep_a.email, reverse("internationalization:portal"))
    ]
    assert "Export vision" in mailoutbox[0].subject


def test_timbank_decisions_and_questions_tell_the_firm(
    enrolment, pool, manager_a, firm_rep_a, django_capture_on_commit_callbacks
):
    approved = timbank_request_for(enrolment, firm_rep_a, hours="4")
    rejected = timbank_request_for(enrolment, firm_rep_a, hours="4")
    questioned = timbank_request_for(enrolment, firm_rep_a, hours="2")
    timbank_request_approve(request=approved, hours=Decimal("4"), actor=manager_a)
    timbank_request_reject(request=rejected, reason="Not in the pool's scope.", actor=manager_a)
    timbank_request_ask_info(request=questioned, question="Which contract?", actor=manager_a)

    decided = Notification.objects.filter(kind=K.TIMBANK_DECIDED).order_by("pk")
    assert [n.subject for n in decided] == [
        "Your timbank request was approved",
        "Your timbank request was rejected",
    ]
    assert decided[1].body.endswith("Not in the pool's scope.")
    assert decided[0].url == reverse(
        "internationalization:timbank-request-detail", kwargs={"pk": approved.pk}
    )
    question = Notification.objects.get(kind=K.TIMBANK_QUESTIONED)
    assert question.recipient == firm_rep_a and question.body.endswith("Which contract?")


def test_trip_and_claim_decisions_tell_the_firm(enrolment, manager_a, firm_rep_a):
    trip = trip_applied_for(enrolment, firm_rep_a)
    other = trip_applied_for(enrolment, firm_rep_a, country="JP")
    trip_approve(trip=trip, budget=Decimal("2000"), actor=manager_a)
    trip_reject(trip=other, reason="Outside the project's markets.", actor=manager_a)
    claim = ExpenseClaimFactory(trip=Trip.objects.get(pk=trip.pk))
    expense_claim_decide(claim=claim, approve=True, reason="", actor=manager_a)

    trips = Notification.objects.filter(kind=K.TRIP_DECIDED).order_by("pk")
    assert [n.subject for n in trips] == [
        "Your trip to Germany was approved",
        "Your trip to Japan was rejected",
    ]
    [claimed] = Notification.objects.filter(kind=K.CLAIM_DECIDED)
    assert claimed.recipient == firm_rep_a
    assert claimed.subject == "Your expense claim was approved"
    assert claimed.url == reverse("internationalization:trip-detail", kwargs={"pk": trip.pk})


# Reminders -----------------------------------------------------------------------------------


def _logged_days_ago(enrolment, coach, days: int) -> CoachingSession:
    session = log_session(enrolment, coach)
    CoachingSession.objects.filter(pk=session.pk).update(
        created_at=timezone.now() - timedelta(days=days)
    )
    return session


def test_a_session_unconfirmed_for_7_days_is_reminded_once(enrolment, coach, firm_rep_a):
    _logged_days_ago(enrolment, coach, 6)
    reminded = _logged_days_ago(enrolment, coach, 8)
    session_reminders_send()
    session_reminders_send()
    [reminder] = Notification.objects.filter(kind=K.SESSION_UNCONFIRMED)
    assert reminder.recipient == firm_rep_a
    assert "has waited 8 days" in reminder.body
    assert reminder.url == f"/activities/coaching/{reminded.pk}/"


def test_a_confirmed_session_is_not_reminded(enrolment, coach, firm_rep_a):
    session = _logged_days_ago(enrolment, coach, 9)
    CoachingSession.objects.filter(pk=session.pk).update(
        confirmed_at=timezone.now(), status=SessionStatus.CONFIRMED
    )
    session_reminders_send()
    assert not Notification.objects.filter(kind=K.SESSION_UNCONFIRMED).exists()


def test_a_session_the_firm_logged_asks_its_coach_and_is_reminded_to_the_coach(
    enrolment, coach, firm_rep_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        session = coaching_session_log_by_firm(
            enrolment=enrolment,
            date=TODAY - timedelta(days=1),
            hours=Decimal("1"),
            topic="Norway pricing",
            representative=firm_rep_a,
        )
    page = reverse("internationalization:session-detail", kwargs={"pk": session.pk})
    assert told(K.SESSION_TO_CONFIRM) == [(coach.email, page)]
    CoachingSession.objects.filter(pk=session.pk).update(
        created_at=timezone.now() - timedelta(days=8)
    )
    session_reminders_send()
    assert told(K.SESSION_UNCONFIRMED) == [(coach.email, page)]


def test_a_disputed_session_is_not_reminded_for_confirmation(enrolment, coach, firm_rep_a):
    session = _logged_days_ago(enrolment, coach, 9)
    coaching_session_dispute(session=session, user=firm_rep_a, reason="We met for one hour")
    session_reminders_send()
    assert not Notification.objects.filter(kind=K.SESSION_UNCONFIRMED).exists()


def test_requests_undecided_for_10_days_are_reminded_to_the_managers_once(
    enrolment, pool, manager_a, admin_a, viewer_a, manager_b, firm_rep_a
):
    now = timezone.now()
    late = timbank_request_for(enrolment, firm_rep_a, requested_at=now - timedelta(days=11))
    timbank_request_for(enrolment, firm_rep_a, requested_at=now - timedelta(days=9))
    asked = timbank_request_for(enrolment, firm_rep_a, requested_at=now - timedelta(days=12))
    timbank_request_ask_info(request=asked, question="Which contract?", actor=manager_a)
    trip = trip_applied_for(enrolment, firm_rep_a)
    Trip.objects.filter(pk=trip.pk).update(requested_at=now - timedelta(days=10, hours=1))

    send_activity_reminders.delay().get()
    send_activity_reminders.delay().get()

    reminders = Notification.objects.filter(kind=K.REQUEST_UNDECIDED)
    # The managing staff of the cluster (its admin and manager), not its viewer, nor cluster B.
    assert sorted(reminders.values_list("recipient__email", flat=True)) == sorted(
        [manager_a.email, admin_a.email] * 2
    )
    urls = set(reminders.values_list("url", flat=True))
    assert urls == {
        reverse("internationalization:timbank-request-detail", kwargs={"pk": late.pk}),
        reverse("internationalization:trip-detail", kwargs={"pk": trip.pk}),
    }
    subjects = {n.body.split(",")[0] for n in reminders}
    assert subjects == {
        f"The timbank request of {enrolment.organization}",
        f"The trip request of {enrolment.organization}",
    }
