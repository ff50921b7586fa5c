"""Who is told about the intake's hand-offs, with what and where they act.

The services call these in one line after their write; ``accounts.notifications.services.
notify`` applies each recipient's preference and sends the e-mail after the commit.
"""

from __future__ import annotations

from accounts.choices import NotificationKind
from accounts.notifications.services import notify
from members.selectors import representatives_of
from projects.models import Enrolment


def tell_firm(
    enrolment: Enrolment, kind: str, *, url: str = "", once_key: str = "", **params
) -> None:
    """Tell the firm's representatives; by default they act on the enrolment's page."""
    notify(
        recipients=representatives_of(enrolment.organization_id),
        kind=kind,
        params={"firm": str(enrolment.organization), "project": str(enrolment.project), **params},
        url=url or enrolment.get_absolute_url(),
        once_key=once_key,
    )


def application_decided(enrolment: Enrolment) -> None:
    tell_firm(
        enrolment,
        NotificationKind.APPLICATION_DECIDED,
        outcome=enrolment.status,
        day=enrolment.decided_on,
        note=enrolment.decision_reason,
    )


def interview_scheduled(enrolment: Enrolment) -> None:
    tell_firm(enrolment, NotificationKind.INTERVIEW_SCHEDULED, when=enrolment.interview_at)
