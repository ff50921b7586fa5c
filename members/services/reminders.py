"""Reminders of action items, run by the beat (members.tasks): each item is reminded once
when it falls due and once when it is overdue, per due date (a new due date re-arms them)."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from accounts.choices import NotificationKind
from members.models import ActionItem
from members.notifications import tell_owner

# How many days ahead an owner is reminded of an item falling due.
DUE_SOON_DAYS = 3


def action_item_reminders_send(*, today: date | None = None) -> int:
    """Remind the owners of open items due within DUE_SOON_DAYS or overdue; returns how many
    items were looked at."""
    today = today or timezone.localdate()
    items = (
        ActionItem.objects.filter(
            done_on__isnull=True,
            owner__user__isnull=False,
            due_on__lte=today + timedelta(days=DUE_SOON_DAYS),
        )
        .select_related("owner__user", "decision__meeting__body")
        .order_by("pk")
    )
    for item in items:
        kind = (
            NotificationKind.ACTION_ITEM_OVERDUE
            if item.due_on < today
            else NotificationKind.ACTION_ITEM_DUE
        )
        tell_owner(item, kind, once_key=f"action-item:{item.pk}:{item.due_on.isoformat()}")
    return len(items)
