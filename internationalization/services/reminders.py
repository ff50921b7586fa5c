"""Reminders of work left waiting, run by the beat (internationalization.tasks): a coaching
session unconfirmed 7 days after it was logged (to the side that must confirm it), a timbank
or trip request undecided 10 days after it was made (to the cluster's managers). Each object
is reminded once (``notify``'s ``once_key``)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.urls import reverse
from django.utils import timezone

from accounts.choices import NotificationKind
from accounts.notifications.services import notify
from clusters.selectors import managers_of
from internationalization.choices import SessionStatus, TimbankRequestStatus, TripStatus
from internationalization.models import CoachingSession, TimbankRequest, Trip
from internationalization.notifications import session_confirmers, session_page

SESSION_CONFIRMATION_DAYS = 7
DECISION_DAYS = 10


def session_reminders_send(*, now: datetime | None = None) -> int:
    now = now or timezone.now()
    # A disputed session waits for its logger's correction, not for a confirmation.
    sessions = CoachingSession.objects.filter(
        status=SessionStatus.AWAITING,
        created_at__lte=now - timedelta(days=SESSION_CONFIRMATION_DAYS),
    ).select_related("enrolment__organization", "coach")
    for session in sessions:
        notify(
            recipients=session_confirmers(session),
            kind=NotificationKind.SESSION_UNCONFIRMED,
            params={
                "firm": str(session.enrolment.organization),
                "day": session.date,
                "hours": session.hours,
                "days": (now - session.created_at).days,
            },
            url=session_page(session),
            once_key=f"session:{session.pk}",
        )
    return len(sessions)


def _remind_managers(obj, what: str, url: str, now: datetime) -> None:
    notify(
        recipients=managers_of(obj.enrolment.project.cluster_id),
        kind=NotificationKind.REQUEST_UNDECIDED,
        params={
            "outcome": what,
            "firm": str(obj.enrolment.organization),
            "day": timezone.localdate(obj.requested_at),
            "days": (now - obj.requested_at).days,
        },
        url=url,
        once_key=f"{what}:{obj.pk}",
    )


def request_reminders_send(*, now: datetime | None = None) -> int:
    """Timbank requests waiting for the cluster (not those waiting for the firm's answer)
    and trips applied for, 10 days after they were made."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=DECISION_DAYS)
    related = ("enrolment__organization", "enrolment__project")
    requests = TimbankRequest.objects.filter(
        status=TimbankRequestStatus.PENDING, requested_at__lte=cutoff
    ).select_related(*related)
    trips = Trip.objects.filter(status=TripStatus.APPLIED, requested_at__lte=cutoff).select_related(
        *related
    )
    for request in requests:
        url = reverse("internationalization:timbank-request-detail", kwargs={"pk": request.pk})
        _remind_managers(request, "timbank", url, now)
    for trip in trips:
        url = reverse("internationalization:trip-detail", kwargs={"pk": trip.pk})
        _remind_managers(trip, "trip", url, now)
    return len(requests) + len(trips)
