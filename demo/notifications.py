"""The demo logins' inboxes: what the beat would tell them today (sessions the firm has not
confirmed, requests waiting for the manager, action items due), and a message from the
manager to the firm. Every one goes through ``notify`` with a once-key, so a second run adds
nothing."""

from __future__ import annotations

from django.urls import reverse

from accounts.choices import NotificationKind
from accounts.models import Notification, User
from accounts.notifications.services import notify
from demo.seeding import SeedTally
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


def seed_notifications(tally: SeedTally) -> None:
    before = Notification.objects.count()
    session_reminders_send()
    request_reminders_send()
    action_item_reminders_send()
    manager = User.objects.get(email="manager@example.com")
    notify(
        recipients=User.objects.filter(email="firm@example.com"),
        kind=NotificationKind.MESSAGE,
        params={"sender": str(manager), **WELCOME},
        url=reverse("internationalization:portal"),
        once_key="demo:welcome-message",
    )
    created = Notification.objects.count() - before
    tally.counts["created"] += created
