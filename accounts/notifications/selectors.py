"""What the inbox and the settings page show."""

from __future__ import annotations

from accounts.models import Notification, NotificationPreference, User
from accounts.notifications.kinds import KINDS


def inbox(user: User):
    """The user's notifications, newest first."""
    return Notification.objects.visible_to(user).order_by("-created_at", "-pk")


def deliveries_of(user: User) -> dict[str, str]:
    """Each kind's delivery for ``user``: their choice, else the kind's default."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "delivery"))
    return {kind: chosen.get(kind, spec.default) for kind, spec in KINDS.items()}
