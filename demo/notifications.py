"""The demo logins' inboxes: the firm is asked to confirm its latest session and invited to
the next workshop (the hand-offs the activities step wrote directly, told here through the
apps' notification helpers), the beat's reminders as of today (requests waiting for the
manager, sessions and action items waiting), and a message from the manager to the firm.
Every one carries a once-key, so a second run adds nothing."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from accounts.choices import NotificationKind
from accounts.models import Notification, User
from accounts.notifications.services import notify
from demo.seeding import SeedTally
from internationalization.models import CoachingSession, WorkshopParticipation
from internationalization.notifications import session_to_confirm, workshop_invited
from internationalization.services.reminders import (
    request_reminders_send,
    session_reminders_send,
)
from members.services.reminders import action_item_reminders_send

WELCOME = {
    "subject": "Export workshop: bring your market shortlist",
    "note": (
        "Dear TRIIP firms, at the next workshop each firm presents its three most promising "
        "markets. Please bring the shortlist from your coaching sessions."
    ),
}


def tell_the_demo_firm(firm_user: User) -> None:
    sessions = CoachingSession.objects.filter(
        enrolment__organization__representatives__user=firm_user, confirmed_at__isnull=True
    ).select_related("enrolment__organization", "coach")
    for session in sessions:
        session_to_confirm(
            session,
            recipients=[firm_user],
            logged_by=session.coach,
            once_key=f"demo:session:{session.pk}",
        )
    invitations = WorkshopParticipation.objects.filter(
        enrolment__organization__representatives__user=firm_user,
        workshop__date__gte=timezone.localdate(),
    ).select_related("workshop", "enrolment__organization", "enrolment__project")
    for invitation in invitations:
        workshop_invited(
            invitation.workshop, [invitation.enrolment], once_key=f"demo:workshop:{invitation.pk}"
        )


def seed_notifications(tally: SeedTally) -> None:
    before = Notification.objects.count()
    firm_user = User.objects.get(email="firm@example.com")
    tell_the_demo_firm(firm_user)
    session_reminders_send()
    request_reminders_send()
    action_item_reminders_send()
    manager = User.objects.get(email="manager@example.com")
    notify(
        recipients=[firm_user],
        kind=NotificationKind.MESSAGE,
        params={"sender": str(manager), **WELCOME},
        url=reverse("internationalization:portal"),
        once_key="demo:welcome-message",
    )
    created = Notification.objects.count() - before
    tally.counts["created"] += created
