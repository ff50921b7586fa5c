"""Who is told about the hand-offs of the activities, with what and where they act.

The services call these in one line after their write (``projects.notifications.tell_firm``
sends to the firm's representatives; ``accounts.notifications.services.notify`` applies the
preferences and e-mails after the commit).
"""

from __future__ import annotations

from django.urls import reverse

from accounts.choices import NotificationKind
from accounts.models import User
from accounts.notifications.services import notify
from internationalization.models import (
    CoachingSession,
    ExpenseClaim,
    TimbankRequest,
    Trip,
    Workshop,
)
from projects.models import Enrolment
from projects.notifications import tell_firm


def session_page(session: CoachingSession) -> str:
    # The session's own page holds the Confirm and "Not right?" buttons for either side.
    return reverse("internationalization:session-detail", kwargs={"pk": session.pk})


def session_confirmers(session: CoachingSession) -> list[User]:
    """Who must confirm the session: the other side of the one who logged it (the coach for
    what the firm logged, the firm's representatives for what the coach or office logged)."""
    from internationalization.choices import SessionSide
    from members.selectors import representatives_of

    if session.logged_by_side == SessionSide.FIRM:
        return [session.coach] if session.coach_id else []
    return list(representatives_of(session.enrolment.organization_id))


def session_to_confirm(
    session: CoachingSession, *, recipients, logged_by: User, once_key: str = ""
) -> None:
    """The other side of the one who logged the session is asked to confirm it: today the
    coach logs and the firm's representatives confirm; the caller says who."""
    notify(
        recipients=recipients,
        kind=NotificationKind.SESSION_TO_CONFIRM,
        params={
            "logged_by": str(logged_by),
            "firm": str(session.enrolment.organization),
            "day": session.date,
            "hours": session.hours,
            "topic": session.topic,
        },
        url=session_page(session),
        once_key=once_key,
    )


def workshop_invited(workshop: Workshop, enrolments: list[Enrolment], once_key: str = "") -> None:
    # The portal lists the workshops a firm is invited to.
    for enrolment in enrolments:
        tell_firm(
            enrolment,
            NotificationKind.WORKSHOP_INVITATION,
            url=reverse("internationalization:portal"),
            once_key=f"{once_key}:{enrolment.pk}" if once_key else "",
            workshop=workshop.title,
            day=workshop.date,
        )


def _request_page(request: TimbankRequest) -> str:
    return reverse("internationalization:timbank-request-detail", kwargs={"pk": request.pk})


def timbank_decided(request: TimbankRequest) -> None:
    tell_firm(
        request.enrolment,
        NotificationKind.TIMBANK_DECIDED,
        url=_request_page(request),
        outcome=request.status,
        hours=request.hours_requested,
        note=request.decision_note,
    )


def timbank_questioned(request: TimbankRequest) -> None:
    tell_firm(
        request.enrolment,
        NotificationKind.TIMBANK_QUESTIONED,
        url=_request_page(request),
        hours=request.hours_requested,
        note=request.decision_note,
    )


def _trip_page(trip: Trip) -> str:
    return reverse("internationalization:trip-detail", kwargs={"pk": trip.pk})


def trip_decided(trip: Trip) -> None:
    tell_firm(
        trip.enrolment,
        NotificationKind.TRIP_DECIDED,
        url=_trip_page(trip),
        outcome=trip.status,
        country=trip.country.code,
        day=trip.start,
        note=trip.decision_note,
    )


def claim_decided(claim: ExpenseClaim) -> None:
    tell_firm(
        claim.trip.enrolment,
        NotificationKind.CLAIM_DECIDED,
        url=_trip_page(claim.trip),
        outcome=claim.status,
        claim=claim.description,
        amount=claim.amount,
        currency=claim.currency,
        country=claim.trip.country.code,
        note=claim.decision_note,
    )
